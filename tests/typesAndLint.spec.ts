// npm test's type check and lint (tools/check/typesAndLint.js), on small projects with this
// project's tsconfig.json (noCheck on, as `pulumi up` wants it) and eslint.config.js.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { buildProgram } from "../tools/check/typesAndLint";
import {
  fileKeys,
  readCache,
  readsTypes,
  restored,
  sharedKey,
  storable,
  writeCache,
} from "../tools/check/lintCache";
import { inputsKey, programTexts, unchangedRun, writeRecord } from "../tools/check/lastRun";

const PROJECT = path.join(__dirname, "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT, "package.json"), "utf8"));
const projectTsconfig = JSON.parse(fs.readFileSync(path.join(PROJECT, "tsconfig.json"), "utf8"));

const COUNT_ERROR =
  "count.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.";

/** npm test's own command for the check (its package.json script), run on the project at `root`. */
function runCheck(root: string) {
  const [node, ...args] = (packageJson.scripts["types-and-lint"] as string).split(" ");
  if (node !== "node") throw new Error(`types-and-lint is not a node command: ${node}`);
  return spawnSync(process.execPath, [...args, root], {
    cwd: PROJECT,
    encoding: "utf8",
    timeout: 60_000,
  });
}

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
    expect(packageJson.scripts["types-and-lint"]).toBe(
      "node --max-inlined-bytecode-size=60 tools/check/typesAndLint.js",
    );
    expect(packageJson.scripts.test).toMatch(
      /^node tools\/check\/runScripts\.js (\S+ )*types-and-lint( \S+)*$/,
    );
  });

  it("type-checks although tsconfig says noCheck, lints with types from that program, refuses files outside it, and exits 1", () => {
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
    // A file tsconfig.json's include leaves out (only *.ts at the top here).
    fs.mkdirSync(path.join(root, "scripts"));
    fs.writeFileSync(path.join(root, "scripts", "extra.ts"), "export const extra = 1;\n");
    // The project's packages, but a node_modules of its own: the caches go to its .cache.
    fs.mkdirSync(path.join(root, "node_modules"));
    for (const entry of fs.readdirSync(path.join(PROJECT, "node_modules"))) {
      if (entry === ".cache") continue;
      fs.symlinkSync(
        path.join(PROJECT, "node_modules", entry),
        path.join(root, "node_modules", entry),
      );
    }
    const run = runCheck(root);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(COUNT_ERROR);
    expect(run.stdout).toMatch(
      /index\.ts\n +3:\d+ +error +pulumi\.Output<T> not permitted in template literals +@pulumi\/no-output-in-template-literal\n/,
    );
    expect(run.stdout).toMatch(
      /scripts\/extra\.ts\n +1:1 +error +not in tsconfig\.json's program, so it is neither type-checked nor linted: add its folder to tsconfig\.json's include\n/,
    );
    expect(run.stdout.trimEnd().split("\n").pop()).toBe(
      "types: 2 files, 1 errors; lint: 3 files (2 linted, 0 unchanged), 2 errors, 0 warnings",
    );
    expect(fs.readdirSync(path.join(root, "node_modules", ".cache", "entra-graph-apps"))).toEqual([
      "last-run.json",
      "lint-results.json",
      "types.tsbuildinfo",
    ]);
    // Nothing changed: the next run replays this one, errors, output and exit code included.
    const again = runCheck(root);
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 1, stderr: "" });
    const lines = (text: string) => text.trimEnd().split("\n");
    expect(lines(again.stdout).slice(0, -1)).toEqual(lines(run.stdout).slice(0, -1));
    expect(lines(again.stdout).pop()).toBe(
      "types: 2 files, 1 errors; lint: 3 files (0 linted, 2 unchanged), 2 errors, 0 warnings (no input changed since the last run: its results)",
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

describe("the lint results kept between runs", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  function keysOf(root: string, untyped: string[] = []) {
    const { builder } = buildProgram(root, path.join(root, ".cache", "types.tsbuildinfo"));
    const files = ["app.ts", "names.ts", "alone.ts"].map((name) => path.join(root, name));
    const typed = new Set(files.filter((file) => !untyped.includes(path.basename(file))));
    const keys = fileKeys(builder, files, typed);
    return Object.fromEntries(files.map((file) => [path.basename(file), keys.get(file)]));
  }

  it("re-lints a file when it or a file it imports changes, and no other", () => {
    const root = projectWith(
      {
        "app.ts": 'import { appName } from "./names";\nexport const label = `app ${appName}`;\n',
        "names.ts": 'export const appName = "mail-alerts";\n',
        "alone.ts": "export const count = 3;\n",
      },
      { types: [] },
    );
    roots.push(root);
    const first = keysOf(root);
    expect(Object.values(first).every((key) => /^[0-9a-f]{64}$/.test(key ?? ""))).toBe(true);
    expect(keysOf(root)).toEqual(first);
    // appName could become an Output: app.ts's typed lint depends on names.ts.
    fs.writeFileSync(path.join(root, "names.ts"), 'export const appName = "parts-connector";\n');
    const afterImport = keysOf(root);
    expect(afterImport["app.ts"]).not.toBe(first["app.ts"]);
    expect(afterImport["names.ts"]).not.toBe(first["names.ts"]);
    expect(afterImport["alone.ts"]).toBe(first["alone.ts"]);
    // A file no type-aware rule reads is keyed by its own text: its importee can change freely.
    const untyped = keysOf(root, ["app.ts"]);
    fs.writeFileSync(path.join(root, "names.ts"), 'export const appName = "mail-alerts";\n');
    expect(keysOf(root, ["app.ts"])["app.ts"]).toBe(untyped["app.ts"]);
    fs.appendFileSync(path.join(root, "app.ts"), "export const other = 1;\n");
    expect(keysOf(root, ["app.ts"])["app.ts"]).not.toBe(untyped["app.ts"]);
  });

  it("counts a file as reading types when its parser is given a project or a rule requires type checking", () => {
    const plugins = {
      "@": { rules: { "prefer-const": { meta: { docs: {} } } } },
      "@typescript-eslint": {
        rules: {
          "no-unused-vars": { meta: { docs: {} } },
          "no-floating-promises": { meta: { docs: { requiresTypeChecking: true } } },
        },
      },
    };
    const untyped = { rules: { "prefer-const": "error", "@typescript-eslint/no-unused-vars": 2 } };
    expect(readsTypes({ ...untyped, plugins })).toBe(false);
    for (const parserOptions of [{ projectService: true }, { project: "./tsconfig.json" }])
      expect(readsTypes({ ...untyped, plugins, languageOptions: { parserOptions } })).toBe(true);
    const typedRule = { "@typescript-eslint/no-floating-promises": ["error", {}] };
    expect(readsTypes({ rules: { ...untyped.rules, ...typedRule }, plugins })).toBe(true);
    for (const off of ["off", 0, ["off"]])
      expect(
        readsTypes({ rules: { "@typescript-eslint/no-floating-promises": off }, plugins }),
      ).toBe(false);
  });

  it("gives back what it kept, and nothing once the ESLint config, tsconfig or packages change", () => {
    const root = projectWith({ "alone.ts": "export const count = 3;\n" }, { types: [] });
    roots.push(root);
    fs.writeFileSync(path.join(root, "eslint.config.js"), "module.exports = [];\n");
    const cacheFile = path.join(root, ".cache", "lint-results.json");
    const file = path.join(root, "alone.ts");
    const result = {
      filePath: file,
      messages: [{ ruleId: "prefer-const", severity: 2, message: "use const", line: 1, column: 8 }],
      errorCount: 1,
      warningCount: 0,
      fixableErrorCount: 1,
      fixableWarningCount: 0,
    };
    const shared = sharedKey(root);
    writeCache(cacheFile, root, shared, new Map([[file, storable(result, "k1", root)]]));
    const cached = readCache(cacheFile, root, shared);
    expect(cached.get(file)?.key).toBe("k1");
    expect(restored(cached.get(file)!, root)).toMatchObject(result);
    for (const [name, text] of [
      ["eslint.config.js", "module.exports = [{ rules: {} }];\n"],
      ["tsconfig.json", "{}"],
      ["package-lock.json", '{ "lockfileVersion": 3 }'],
    ]) {
      const before = sharedKey(root);
      fs.writeFileSync(path.join(root, name), text);
      expect(sharedKey(root)).not.toBe(before);
      expect(readCache(cacheFile, root, sharedKey(root)).size).toBe(0);
    }
    fs.writeFileSync(cacheFile, "{ not json");
    expect(readCache(cacheFile, root, shared).size).toBe(0);
    // Entries that could hide an error are linted again rather than trusted.
    const kept = storable(result, "k1", root);
    fs.writeFileSync(
      cacheFile,
      JSON.stringify({
        sharedKey: sharedKey(root),
        files: {
          "alone.ts": { ...kept, result: { ...kept.result, errorCount: 0 } },
          "other.ts": { key: "k2" },
          "third.ts": null,
        },
      }),
    );
    expect(readCache(cacheFile, root, sharedKey(root)).size).toBe(0);
  });
});

describe("the last run, replayed when no input changed", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it("is replayed while the inputs hash the same, and not once a file of the program, the root files, the walked files, the shared inputs or the check itself change", () => {
    const root = projectWith(
      {
        "app.ts": 'import names from "./names.json";\nexport const count = names.length;\n',
        "names.json": '["mail-alerts"]\n',
      },
      { types: [] },
    );
    roots.push(root);
    const at = (name: string) => path.join(root, name);
    const { program } = buildProgram(root, at(".cache/types.tsbuildinfo"));
    const texts = programTexts(program);
    // The JSON the program imports is an input although tsconfig's include never names it.
    expect([...texts.keys()].map((file) => path.relative(root, file)).sort()).toEqual([
      "app.ts",
      "names.json",
    ]);
    const record = at(".cache/last-run.json");
    const shared = sharedKey(root);
    const walked = [at("app.ts")];
    writeRecord(record, root, {
      key: inputsKey(root, shared, texts, walked),
      files: [...texts.keys()],
      output: "app.ts(2,1): error TS0000: recorded\n",
      summary: "types: 1 files, 1 errors",
      exitCode: 1,
    });
    const replay = () => unchangedRun(record, root, shared, [at("app.ts")], walked);
    expect(replay()).toMatchObject({
      output: "app.ts(2,1): error TS0000: recorded\n",
      summary: "types: 1 files, 1 errors",
      exitCode: 1,
    });
    fs.writeFileSync(at("names.json"), '["mail-alerts", "parts-connector"]\n');
    expect(replay()).toBeUndefined();
    fs.writeFileSync(at("names.json"), '["mail-alerts"]\n');
    expect(replay()).toBeDefined();
    fs.writeFileSync(at("extra.ts"), "export const extra = 1;\n");
    expect(unchangedRun(record, root, shared, [at("app.ts"), at("extra.ts")], walked)).toBe(
      undefined,
    );
    expect(unchangedRun(record, root, shared, [at("app.ts")], [...walked, at("extra.ts")])).toBe(
      undefined,
    );
    expect(unchangedRun(record, root, `${shared}0`, [at("app.ts")], walked)).toBeUndefined();
    fs.rmSync(at("names.json"));
    expect(replay()).toBeUndefined();
    fs.writeFileSync(at("names.json"), '["mail-alerts"]\n');
    expect(replay()).toBeDefined();
    // A change to the check's own scripts is a change of input too.
    const checkDir = at("check");
    fs.mkdirSync(checkDir);
    for (const script of ["typesAndLint.js", "lintCache.js", "lastRun.js"])
      fs.copyFileSync(path.join(PROJECT, "tools", "check", script), path.join(checkDir, script));
    const key = inputsKey(root, shared, texts, walked);
    expect(inputsKey(root, shared, texts, walked, checkDir)).toBe(key);
    fs.appendFileSync(path.join(checkDir, "lintCache.js"), "// changed\n");
    expect(inputsKey(root, shared, texts, walked, checkDir)).not.toBe(key);
    const kept = JSON.parse(fs.readFileSync(record, "utf8"));
    for (const broken of ["{ not json", JSON.stringify({ ...kept, exitCode: 2 }), "null"]) {
      fs.writeFileSync(record, broken);
      expect(replay()).toBeUndefined();
    }
  });
});
