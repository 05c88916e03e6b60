// The TypeScript transform of every Jest config (npm test, test:integration, test:engine): swc,
// which only strips types, as ts-jest with isolatedModules did, at a fraction of the CPU time.
// Type checking is `tsc --noEmit` in npm test. Options mirror tsconfig.json (ES2022, CommonJS
// with interop; @swc/jest sets CommonJS and inline source maps).
module.exports = {
  "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
};
