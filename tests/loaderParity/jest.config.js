/**
 * `npm run test:loader-parity`: our stack-config loader against Pulumi's own Go loader on a
 * generated corpus (not part of `npm test`; `.ci/run` runs it when `go` is on PATH). It skips
 * itself, printing why, when Go or the loader is missing.
 */
module.exports = {
  rootDir: "../..",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/loaderParity"],
  testMatch: ["**/*.test.ts"],
  transform: require("../jestTransform"),
  // A clean machine downloads the Go modules and compiles the Pulumi SDK first (minutes).
  testTimeout: 20 * 60_000,
};
