import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as fc from "fast-check";

// The dependency rules (.dependency-cruiser.js, run by `npm run lint:deps` in npm test): planted
// violations in a scratch project fail the check naming each one, and on generated import graphs
// exactly the modules on a cycle are reported.

const ROOT = path.join(__dirname, "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.js");
const DEPCRUISE = path.join(
  ROOT,
  "node_modules",
  "dependency-cruiser",
  "bin",
  "dependency-cruise.mjs",
);

interface Run {
  code: number;
  stdout: string;
}

/** Writes `files` into a scratch project and runs the checker there on `folders`, as npm does. */
function cruise(files: Record<string, string>, args: string[]): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dependency-rules-"));
  const all = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs", strict: true } }),
    // A package the policy pack must not use, resolvable as npm installs it.
    "node_modules/zod/package.json": JSON.stringify({ name: "zod", main: "index.js" }),
    "node_modules/zod/index.js": "exports.z = {};\n",
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [DEPCRUISE, "--config", CONFIG, ...args],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve({ code: typeof error?.code === "number" ? error.code : error ? 1 : 0, stdout });
      },
    ),
  );
}

describe("the dependency rules", () => {
  it("run in npm test on every top-level folder that holds source", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.test.split(" ")).toContain("lint:deps");
    expect(scripts.lint).toBe("eslint . && npm run lint:deps");
    const [command, ...args] = scripts["lint:deps"].split(" ");
    expect([command, ...args.slice(0, 2)]).toEqual([
      "depcruise",
      "--config",
      ".dependency-cruiser.js",
    ]);
    const withSource = fs
      .readdirSync(ROOT, { withFileTypes: true })
      .filter(
        (entry) => !entry.name.startsWith(".") && !["node_modules", "dist"].includes(entry.name),
      )
      .filter((entry) =>
        entry.isDirectory()
          ? fs
              .readdirSync(path.join(ROOT, entry.name), { recursive: true })
              .some((name) => /[.][jt]s$/.test(String(name)))
          : /[.]ts$/.test(entry.name),
      )
      .map((entry) => entry.name);
    expect(args.slice(2).sort()).toEqual(withSource.sort());
  });

  it("fail on a cycle (through a type-only import too) and on each layer crossing, naming every one", async () => {
    const { code, stdout } = await cruise(
      {
        "tools/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
        "tools/b.ts":
          'import type { a } from "./a";\nexport const b = 1;\nexport type A = typeof a;\n',
        "components/c.ts": 'import { x } from "../program/x";\nexport const c = x;\n',
        "program/x.ts": 'import { t } from "../tools/t";\nexport const x = t;\n',
        "tools/t.ts": "export const t = 1;\n",
        "policy/index.ts":
          'import { y } from "../program/config/y";\nimport { g } from "../program/guardrails/g";\n' +
          'import { z } from "zod";\nexport const p = [y, g, z];\n',
        "program/config/y.ts": "export const y = 1;\n",
        "program/guardrails/g.ts": "export const g = 1;\n",
        "examples/e.ts": 'import { x } from "../program/x";\nexport const e = x;\n',
      },
      ["components", "program", "tools", "policy", "examples"],
    );
    const errors = stdout.split("\n").filter((line) => line.startsWith("  error "));
    expect(errors.sort()).toEqual([
      "  error components-stand-alone: components/c.ts → program/x.ts",
      "  error examples-use-the-library: examples/e.ts → program/x.ts",
      "  error no-cycle: tools/a.ts → ",
      "  error policy-pack-packages: policy/index.ts → node_modules/zod/index.js",
      "  error policy-pack-self-contained: policy/index.ts → program/config/y.ts",
      "  error program-not-tools: program/x.ts → tools/t.ts",
    ]);
    // The cycle is spelt out, and the checker's exit code is the number of errors.
    expect(stdout).toContain(
      "  error no-cycle: tools/a.ts → \n      tools/b.ts →\n      tools/a.ts\n",
    );
    expect(code).toBe(6);
  });

  it("passes a project that keeps them", async () => {
    const { code, stdout } = await cruise(
      {
        "components/c.ts": "export const c = 1;\n",
        "program/x.ts": 'import { c } from "../components/c";\nexport const x = c;\n',
        "tools/t.ts": 'import { x } from "../program/x";\nexport const t = x;\n',
        "policy/index.ts": 'import { g } from "../program/guardrails/g";\nexport const p = g;\n',
        "program/guardrails/g.ts": "export const g = 1;\n",
        "examples/e.ts": 'import { c } from "../components/c";\nexport const e = c;\n',
      },
      ["components", "program", "tools", "policy", "examples"],
    );
    expect(stdout).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  it("reports exactly the modules on a cycle, for generated import graphs", async () => {
    // Graphs of up to 6 modules, each import a value or a type; all checked in one run.
    const graph = fc
      .integer({ min: 2, max: 6 })
      .chain((size) =>
        fc.record({
          size: fc.constant(size),
          imports: fc.uniqueArray(
            fc.record({
              from: fc.nat(size - 1),
              to: fc.nat(size - 1),
              typeOnly: fc.boolean(),
            }),
            { maxLength: 10, selector: ({ from, to }) => `${from}>${to}` },
          ),
        }),
      )
      .map(({ size, imports }) => ({ size, imports: imports.filter((i) => i.from !== i.to) }));
    const seed = Date.now();
    const graphs = fc.sample(graph, { numRuns: 40, seed });
    const files: Record<string, string> = {};
    graphs.forEach(({ size, imports }, g) => {
      for (let m = 0; m < size; m++) {
        const lines = imports
          .filter(({ from }) => from === m)
          .map(({ to, typeOnly }) =>
            typeOnly
              ? `import type { T as T${to} } from "./m${to}";\nexport type U${to} = T${to};`
              : `import { v as v${to} } from "./m${to}";\nexport const u${to} = () => v${to};`,
          );
        files[`tools/g${g}/m${m}.ts`] = [
          ...lines,
          "export const v = 1;",
          "export type T = number;",
        ].join("\n");
      }
    });
    const { stdout } = await cruise(files, ["--output-type", "json", "tools"]);
    const violations: { rule: { name: string }; from: string; cycle?: { name: string }[] }[] =
      JSON.parse(stdout).summary.violations;
    const reported = new Set(
      violations
        .filter(({ rule }) => rule.name === "no-cycle")
        .flatMap(({ from, cycle }) => [from, ...(cycle ?? []).map(({ name }) => name)]),
    );
    let cyclic = 0;
    graphs.forEach(({ size, imports }, g) => {
      // Reference: module m is on a cycle when it reaches itself (Floyd–Warshall closure).
      const reach = Array.from({ length: size }, (_, i) =>
        Array.from({ length: size }, (_, j) => imports.some((e) => e.from === i && e.to === j)),
      );
      for (let k = 0; k < size; k++)
        for (let i = 0; i < size; i++)
          for (let j = 0; j < size; j++) reach[i][j] ||= reach[i][k] && reach[k][j];
      const expected = [...Array(size).keys()].filter((m) => reach[m][m]).map((m) => `m${m}`);
      if (expected.length > 0) cyclic++;
      const actual = [...Array(size).keys()]
        .filter((m) => reported.has(`tools/g${g}/m${m}.ts`))
        .map((m) => `m${m}`);
      expect({ seed, graph: g, imports, onCycle: actual }).toEqual({
        seed,
        graph: g,
        imports,
        onCycle: expected,
      });
    });
    expect(violations.every(({ rule }) => rule.name === "no-cycle")).toBe(true);
    // The sample holds graphs with and without cycles (40 graphs: all one kind is vanishingly rare).
    expect(cyclic).toBeGreaterThan(0);
    expect(cyclic).toBeLessThan(graphs.length);
  });
});
