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
  // The components library's package entries, as examples/ import them (tsconfig "paths" agrees).
  moduleNameMapper: {
    "^entra-graph-apps/components$": "<rootDir>/components/index.ts",
    "^entra-graph-apps/components/key-vault$": "<rootDir>/components/keyVault.ts",
  },
  testTimeout: 30000,
};
