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
  testTimeout: 30000,
};
