/** Type checking runs separately (`tsc --noEmit` in `npm test`); with isolatedModules ts-jest only transpiles. */
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
  transform: { "^.+\\.ts$": "ts-jest" },
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
