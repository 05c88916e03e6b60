#!/usr/bin/env node
// The `entra-graph-apps` command (package.json "bin"; the npm scripts run it too). It loads the
// TypeScript sources as `ts-node --transpile-only` did before: tsconfig.json's "ts-node" section
// selects SWC, so nothing is type-checked at start-up (`npm run typecheck` does that).
const path = require("path");
// A reader that stops early (`entra-graph-apps --help | head`) closes the pipe: that is not an
// error to print with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
require("ts-node").register({
  project: path.join(__dirname, "..", "tsconfig.json"),
  transpileOnly: true,
});
require("../tools/cli").runCli();
