#!/usr/bin/env node
// The `entra-graph-apps` command (package.json "bin"; the npm scripts run it too). It loads the
// TypeScript sources as `ts-node --transpile-only` did before: tsconfig.json's "ts-node" section
// selects SWC, so nothing is type-checked at start-up (`npm run typecheck` does that).
const path = require("path");
require("ts-node").register({
  project: path.join(__dirname, "..", "tsconfig.json"),
  transpileOnly: true,
});
require("../tools/cli").runCli();
