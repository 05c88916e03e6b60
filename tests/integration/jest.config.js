/**
 * `npm run test:integration`: the real-tenant test only (not part of `npm test`). It skips itself,
 * printing what is missing, unless the Pulumi CLI and Azure credentials are available.
 */
module.exports = {
  rootDir: "../..",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/integration"],
  testMatch: ["**/*.test.ts"],
  transform: require("../jestTransform"),
  // As in npm test's config: the SDK's TypeScript and arborist requires load on first use (this
  // suite's skip path, run by tests/integrationSkip.test.ts, never uses them).
  moduleNameMapper: {
    "/typescript-shim$": "<rootDir>/tests/support/lazy/typescript.js",
    "^@npmcli/arborist$": "<rootDir>/tests/support/lazy/arborist.js",
  },
  globalSetup: "<rootDir>/tests/integration/announcePrerequisites.ts",
  // Creating an app, waiting for consent to replicate, changing it and destroying it takes minutes.
  testTimeout: 30 * 60_000,
};
