/** `npm test`'s Jest run. Type checking is its `tsc --noEmit`; the transform only strips types. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The real-tenant test runs with `npm run test:integration` only, the real-engine one with
  // `npm run test:engine`.
  testPathIgnorePatterns: [
    "/node_modules/",
    "<rootDir>/tests/integration/",
    "<rootDir>/tests/engine/",
  ],
  transform: require("./tests/jestTransform"),
  // @pulumi/pulumi requires TypeScript and @npmcli/arborist when it loads, for function
  // serialization only; every test file that imports the SDK would pay for them again.
  moduleNameMapper: {
    "/typescript-shim$": "<rootDir>/tests/support/lazy/typescript.js",
    "^@npmcli/arborist$": "<rootDir>/tests/support/lazy/arborist.js",
  },
  // Runs after Jest installs source-map-support in each test file's context.
  setupFilesAfterEnv: ["<rootDir>/tests/support/pulumiPromiseStacks.js"],
  testTimeout: 30000,
};
