// The one entry, `entra-graph-apps <command>` (tools/cli.ts), in-process; one spawn of the bin
// launcher checks that the real process starts it and exits with its code.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { capturedIo } from "../tools/commands/commandIo";
import { BIN, COMMANDS, main, runCommand } from "../tools/cli";
import { EXIT_CODE_TABLE, EXIT_CODES } from "../tools/commands/exitCodes";
import { EXIT as planExit } from "../tools/commands/plan/cli";
import { EXIT as reviewExit } from "../tools/commands/review/cli";
import { EXIT as verifyExit } from "../tools/commands/verify/cli";
import { EXIT as expiryExit } from "../tools/commands/expiry/cli";
import { EXIT as driftExit } from "../tools/commands/drift/cli";
import { EXIT as adoptExit } from "../tools/commands/adopt/cli";
import { EXIT as catalogExit } from "../tools/catalog/generatePermissionCatalog";

const NAMES = ["plan", "review", "verify", "expiry", "drift", "adopt", "emulator", "catalog"];
const ROOT = path.join(__dirname, "..");

async function run(...args: string[]) {
  const io = capturedIo();
  const code = await main(["node", BIN, ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

describe("entra-graph-apps: one help", () => {
  it("lists every command on one line each and the exit codes every command shares", async () => {
    const { code, stdout, stderr } = await run("--help");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(Object.keys(COMMANDS)).toEqual(NAMES);
    expect(stdout).toContain("Usage: entra-graph-apps <command> [options]\n");
    for (const name of NAMES) {
      expect(stdout).toContain(`\n  ${name.padEnd(16)}${COMMANDS[name].summary}\n`);
    }
    const table = EXIT_CODE_TABLE.map(([exit, meaning]) => `  ${exit}  ${meaning}`).join("\n");
    expect(stdout).toContain(`Exit codes (every command):\n${table}\n`);
    expect(EXIT_CODE_TABLE.map(([exit]) => exit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("with no command, prints the help on stderr and exits 1", async () => {
    const { code, stdout, stderr } = await run();
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toContain("Exit codes (every command):");
  });

  it("reaches each command's own help, also as `help <command>`", async () => {
    for (const name of NAMES) {
      const direct = await run(name, "--help");
      expect(direct.code).toBe(0);
      expect(direct.stdout).toMatch(new RegExp(`^Usage: entra-graph-apps ${name} \\[options\\]\n`));
      expect(direct.stdout).not.toContain("Exit codes (every command)");
      expect(await run("help", name)).toEqual(direct);
    }
  });

  it("refuses an unknown command with exit 1 and the nearest command's name", async () => {
    expect(await run("plna", "--stack", "dev")).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: unknown command 'plna'\n(Did you mean plan?)\n",
    });
    expect(await run("help", "verfy")).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: unknown command 'verfy'\n(Did you mean verify?)\n",
    });
  });

  it("suggests the command meant for any one-letter slip in its name", async () => {
    const slip = fc
      .tuple(fc.constantFrom(...NAMES), fc.nat(), fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"))
      .map(([name, at, letter]) => {
        const i = at % name.length;
        const typo = name.slice(0, i) + letter + name.slice(i + 1);
        return { name, typo };
      })
      .filter(({ name, typo }) => typo !== name);
    await fc.assert(
      fc.asyncProperty(slip, async ({ name, typo }) => {
        const { code, stderr } = await run(typo);
        expect(code).toBe(1);
        expect(stderr).toBe(`error: unknown command '${typo}'\n(Did you mean ${name}?)\n`);
      }),
      { numRuns: 40 },
    );
  });

  it("exits 1 for a usage error in every command: an unknown flag or a missing value", async () => {
    // `-zz` on the end: no command has such an option, so every one is unknown.
    const flag = fc.stringMatching(/^--[a-z][a-z-]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), flag, async (name, bogus) => {
        const { code, stdout, stderr } = await run(name, `${bogus}-zz`);
        expect({ code, stdout, stderr }).toEqual({
          code: EXIT_CODES.usage,
          stdout: "",
          stderr: `error: unknown option '${bogus}-zz'\n`,
        });
      }),
      { numRuns: 24 },
    );
    // A value-taking option given no value: commander's message, exit 1.
    for (const [name, option] of [
      ["plan", "--stack"],
      ["review", "--base"],
      ["verify", "--stack"],
      ["expiry", "--outputs"],
      ["drift", "--state"],
      ["adopt", "--from-export"],
      ["emulator", "--port"],
      ["catalog", "--out"],
    ]) {
      const { code, stderr } = await run(name, option);
      expect({ name, code }).toEqual({ name, code: 1 });
      expect(stderr).toMatch(new RegExp(`^error: option '.*${option} <\\w+>' argument missing\n$`));
    }
  });

  it("every command's exit codes come from the one table: usage is 1 in each", () => {
    const shared = new Set<number>(Object.values(EXIT_CODES));
    const usage = [planExit.invalid, reviewExit.invalid, verifyExit.usage, expiryExit.usage];
    expect([...usage, driftExit.usage, adoptExit.invalid, catalogExit.usage]).toEqual(
      Array(7).fill(1),
    );
    for (const exit of [planExit, reviewExit, verifyExit, expiryExit, driftExit, adoptExit]) {
      for (const code of Object.values(exit)) expect(shared.has(code)).toBe(true);
    }
  });

  it("turns an unexpected error into one line with the environment's credentials masked", async () => {
    const io = capturedIo({ env: { GRAPH_CLIENT_SECRET: "s3cr3t-value-from-env" } });
    const failing = async () => {
      throw new Error("token request with s3cr3t-value-from-env refused");
    };
    const drift = { ...COMMANDS.drift, load: async () => failing };
    expect(await runCommand("drift", drift, ["node", BIN], io)).toBe(EXIT_CODES.readError);
    expect(await runCommand("plan", { ...COMMANDS.plan, load: drift.load }, [], io)).toBe(1);
    expect(io.err.join("")).toBe(
      "drift failed: token request with [secret] refused\n" +
        "plan failed: token request with [secret] refused\n",
    );
  });

  it("prints a completion script that completes every command name", async () => {
    const { code, stdout } = await run("completion");
    expect(code).toBe(0);
    expect(stdout).toContain(`compgen -W "${NAMES.join(" ")} help --help --version"`);
    expect(stdout).toContain(
      "complete -o default -F _entra_graph_apps_complete entra-graph-apps\n",
    );
  });

  it("loads no command's work for its --help: no Pulumi, MSAL, Graph client or YAML", () => {
    // A fresh process: in this one, other specs have loaded everything already.
    const script = [
      'require("ts-node").register({ project: "tsconfig.json", transpileOnly: true });',
      'const { main } = require("./tools/cli");',
      'const { capturedIo } = require("./tools/commands/commandIo");',
      "(async () => {",
      "  const codes = [];",
      `  for (const name of ${JSON.stringify(NAMES)})`,
      '    codes.push(await main(["node", "x", name, "--help"], capturedIo()));',
      "  const packages = Object.keys(require.cache).map(",
      "    (file) => (file.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/) || [])[1],",
      "  );",
      "  console.log(JSON.stringify({ codes, packages: [...new Set(packages)].filter(Boolean) }));",
      "})();",
    ].join("\n");
    const spawned = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    const { codes, packages } = JSON.parse(spawned.stdout) as {
      codes: number[];
      packages: string[];
    };
    expect(codes).toEqual(NAMES.map(() => 0));
    expect(packages).toContain("commander");
    const heavy = ["@pulumi/pulumi", "@pulumi/azuread", "@azure/msal-node", "@azure/identity"];
    for (const name of [...heavy, "@microsoft/microsoft-graph-client", "yaml"]) {
      expect(packages).not.toContain(name);
    }
  });

  it("is the package's bin, and each npm script runs its command through it", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ [BIN]: "bin/entra-graph-apps.js" });
    for (const name of NAMES) {
      expect(pkg.scripts[name]).toBe(`node bin/entra-graph-apps.js ${name}`);
    }
    // The real process: the launcher registers ts-node and exits with the entry's code.
    const spawned = spawnSync(process.execPath, [path.join(ROOT, pkg.bin[BIN]), "expiy"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect({ status: spawned.status, stdout: spawned.stdout, stderr: spawned.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: "error: unknown command 'expiy'\n(Did you mean expiry?)\n",
    });
  });

  it("prints no stack trace when its reader stops early (entra-graph-apps --help | head -1)", () => {
    const launcher = path.join(__dirname, "..", "bin", "entra-graph-apps.js");
    const run = spawnSync("sh", ["-c", `node "${launcher}" --help | head -1`], {
      encoding: "utf8",
    });
    expect(run.stdout).toBe("Usage: entra-graph-apps <command> [options]\n");
    expect(run.stderr).toBe("");
  });
});
