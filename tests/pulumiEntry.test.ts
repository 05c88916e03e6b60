import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const projectDir = path.join(__dirname, "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8"));

/** The compiler options `tsconfig.json` gives, with command-line flags applied on top. */
function compilerOptions(flags: string[] = []): ts.CompilerOptions {
  const file = ts.readConfigFile(path.join(projectDir, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, projectDir);
  const overrides = ts.parseCommandLine(flags).options;
  return { ...parsed.options, ...overrides };
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
    });
  });

  it("keeps type checking in npm test: its tsc turns noCheck off, and then a type error fails", () => {
    // npm test runs the typecheck script (tools/check/runScripts.js fails when any script fails).
    expect(packageJson.scripts.test).toMatch(/^node tools\/check\/runScripts\.js .*\btypecheck\b/);
    const tsc = /^tsc (--noEmit -p \. --noCheck false)$/.exec(packageJson.scripts.typecheck);
    expect(tsc).not.toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typecheck-"));
    const broken = path.join(dir, "broken.ts");
    fs.writeFileSync(broken, 'export const count: number = "three";\n');
    const options = compilerOptions(
      tsc![1].split(" ").filter((flag) => flag !== "-p" && flag !== "."),
    );
    const checked = ts.createProgram([broken], options);
    const diagnostics = ts.getPreEmitDiagnostics(checked);
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([
      `Type 'string' is not assignable to type 'number'.`,
    ]);
    // The same file under Pulumi's options (noCheck) passes: type errors are npm test's to find.
    // (The first program is handed over only so its parsed declaration files are reused.)
    const unchecked = ts.createProgram([broken], compilerOptions(), undefined, checked);
    expect(unchecked.getCompilerOptions().noCheck).toBe(true);
    expect(ts.getPreEmitDiagnostics(unchecked)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
