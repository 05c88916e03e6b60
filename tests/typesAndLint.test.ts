// npm test's type check and lint (tools/check/typesAndLint.js), on small projects with this
// project's tsconfig.json (noCheck on, as `pulumi up` wants it) and eslint.config.js.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { buildProgram } from "../tools/check/typesAndLint";

const PROJECT = path.join(__dirname, "..");
const SCRIPT = path.join(PROJECT, "tools", "check", "typesAndLint.js");
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT, "package.json"), "utf8"));
const projectTsconfig = JSON.parse(fs.readFileSync(path.join(PROJECT, "tsconfig.json"), "utf8"));

const COUNT_ERROR =
  "count.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.";

function projectWith(files: Record<string, string>, compilerOptions: object = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "types-and-lint-"));
  const tsconfig = {
    ...projectTsconfig,
    compilerOptions: { ...projectTsconfig.compilerOptions, ...compilerOptions },
    include: ["*.ts"],
  };
  fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify(tsconfig));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return root;
}

describe("npm test's type check and lint", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it("is a step of npm test", () => {
    expect(packageJson.scripts["types-and-lint"]).toBe("node tools/check/typesAndLint.js");
    expect(packageJson.scripts.test).toMatch(
      /^node tools\/check\/runScripts\.js (\S+ )*types-and-lint( \S+)*$/,
    );
  });

  it("type-checks although tsconfig says noCheck, lints with types from that program, and exits 1", () => {
    expect(projectTsconfig.compilerOptions.noCheck).toBe(true);
    const root = projectWith({
      // index.ts: where Pulumi Outputs flow, so ESLint's typed Pulumi rules apply.
      "index.ts": [
        'import * as pulumi from "@pulumi/pulumi";',
        'const appName = pulumi.output("mail-alerts");',
        "export const label = `app ${appName}`;",
        "",
      ].join("\n"),
      "count.ts": 'export const count: number = "three";\n',
    });
    roots.push(root);
    fs.copyFileSync(path.join(PROJECT, "eslint.config.js"), path.join(root, "eslint.config.js"));
    fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(root, "node_modules"), "dir");
    const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(COUNT_ERROR);
    expect(run.stdout).toMatch(
      /index\.ts\n +3:\d+ +error +pulumi\.Output<T> not permitted in template literals +@pulumi\/no-output-in-template-literal\n/,
    );
    expect(run.stdout.trimEnd().split("\n").pop()).toBe(
      "types: 2 files, 1 errors; lint: 2 files, 1 errors, 0 warnings",
    );
  }, 60_000);

  it("reports a type error again on the next run, from the build info, and drops it once fixed", () => {
    // No declaration packages: only the incremental behaviour is under test here.
    const root = projectWith(
      { "count.ts": 'export const count: number = "three";\n' },
      {
        types: [],
      },
    );
    roots.push(root);
    const buildInfo = path.join(root, ".cache", "types.tsbuildinfo");
    const errors = () =>
      ts.formatDiagnostics(buildProgram(root, buildInfo).diagnostics, {
        getCanonicalFileName: (file) => file,
        getCurrentDirectory: () => root,
        getNewLine: () => "\n",
      });
    expect(errors()).toBe(`${COUNT_ERROR}\n`);
    expect(fs.existsSync(buildInfo)).toBe(true);
    expect(errors()).toBe(`${COUNT_ERROR}\n`);
    fs.writeFileSync(path.join(root, "count.ts"), "export const count: number = 3;\n");
    expect(errors()).toBe("");
  });
});
