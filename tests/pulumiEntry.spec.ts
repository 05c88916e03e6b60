import { spawnSync } from "child_process";
import * as path from "path";
import * as ts from "typescript";
import { UNREAD_PROMISE_STACK } from "../program/promiseStacks";

const projectDir = path.join(__dirname, "..");

/** The compiler options `tsconfig.json` gives. */
function compilerOptions(): ts.CompilerOptions {
  const file = ts.readConfigFile(path.join(projectDir, "tsconfig.json"), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(file.config, ts.sys, projectDir).options;
}

describe("the program as `pulumi up` loads it", () => {
  it("loads index.ts through Pulumi's own ts-node registration without type checking, and runs it", () => {
    // tsconfig's noCheck makes Pulumi's host transpile only (cmd/run/run.js reads it).
    expect(compilerOptions().noCheck).toBe(true);
    const result = spawnSync(
      process.execPath,
      [path.join(__dirname, "support", "loadProgramLikePulumi.js"), "dev"],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      apps: ["mail-alerts", "parts-connector"],
      resources: 11,
      // index.ts's first step (program/promiseStacks.ts) took effect under the host's ts-node.
      promiseStack: UNREAD_PROMISE_STACK,
    });
  });
  // That a type error still fails npm test: tests/typesAndLint.spec.ts.
});
