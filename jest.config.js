/** `npm test`'s Jest run. Type checking is its `tsc --noEmit`; the transform only strips types. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  // The suites, each loading a group of tests/*.spec.ts into one module registry
  // (tests/support/specSuites.ts says why and which).
  testMatch: ["<rootDir>/tests/suites/*.test.ts"],
  // The real-tenant test runs with `npm run test:integration` only, the real-engine one with
  // `npm run test:engine`.
  testPathIgnorePatterns: [
    "/node_modules/",
    "<rootDir>/tests/integration/",
    "<rootDir>/tests/engine/",
  ],
  transform: require("./tests/jestTransform"),
  moduleNameMapper: {
    // The components library's package entries, as examples/ import them (tsconfig "paths" agrees).
    "^entra-graph-apps/components$": "<rootDir>/components/index.ts",
    "^entra-graph-apps/components/key-vault$": "<rootDir>/components/keyVault.ts",
    // @pulumi/pulumi requires TypeScript and @npmcli/arborist when it loads, for function
    // serialization only, and its automation API: every test file that imports the SDK would pay
    // for them again. They load on first use instead.
    "/typescript-shim$": "<rootDir>/tests/support/lazy/typescript.js",
    "^@npmcli/arborist$": "<rootDir>/tests/support/lazy/arborist.js",
    "^\\./automation$": "<rootDir>/tests/support/lazy/automation.js",
  },
  // Run in each test file's context after Jest installs source-map-support; the second removes
  // the temporary folders the file made.
  setupFilesAfterEnv: [
    "<rootDir>/tests/support/pulumiPromiseStacks.ts",
    "<rootDir>/tests/support/temporaryFolders.ts",
  ],
  // At least two workers, also on two cores (Jest's default there is one): suites spend much of
  // their time waiting on child processes and sockets.
  maxWorkers: Math.max(2, require("os").availableParallelism() - 1),
  testTimeout: 30000,
};
