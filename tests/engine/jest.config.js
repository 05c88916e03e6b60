/**
 * `npm run test:engine`: the program under the real Pulumi engine and azuread provider, against
 * the local Entra emulator (not part of `npm test`). It skips itself, printing what is missing,
 * unless `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-azuread` can be found (see
 * tests/engine/engineBinaries.ts).
 */
module.exports = {
  rootDir: "../..",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/engine"],
  testMatch: ["**/*.test.ts"],
  transform: require("../jestTransform"),
  globalSetup: "<rootDir>/tests/engine/announceEngine.ts",
  // One emulator and one `pulumi` at a time: the stacks share the emulator's directory.
  maxWorkers: 1,
  // A `pulumi up` of a stack takes up to a minute; a cold ENTRA_ENGINE_BUILD=1 build about ten.
  testTimeout: 20 * 60_000,
};
