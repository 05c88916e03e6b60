import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { buildCatalog, formatCatalog } from "../tools/catalog/buildCatalog";
import { COMMITTED_CATALOG, EXIT, main } from "../tools/catalog/generatePermissionCatalog";

/** `npm run catalog`: one-line errors with exit codes, and never the committed file by default. */

const dataDir = path.join(__dirname, "..", "tools", "catalog", "source", "microsoft-graph");
const SP = path.join(dataDir, "service-principal.json");
const LEVELS = path.join(dataDir, "privilege-levels.json");
const FIX =
  "save it with az rest --url \"https://graph.microsoft.com/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=appId,displayName,appRoles,oauth2PermissionScopes\" > sp.json";

beforeAll(() => {
  if (!fs.existsSync(SP))
    throw new Error(`${SP} is missing: the committed source data of the catalog is gone`);
});

async function runCatalog(
  args: string[],
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-")),
) {
  const io = capturedIo({ cwd });
  const code = await main(["node", "catalog", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join(""), cwd };
}
const failed = (code: number, stderr: string) => ({ code, stdout: "", stderr });
function writeIn(dir: string, name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

describe("npm run catalog", () => {
  it("writes the catalog only where --out says, relative to the working folder", async () => {
    const committed = fs.readFileSync(COMMITTED_CATALOG, "utf8");
    const run = await runCatalog([
      "--service-principal",
      SP,
      "--privilege-levels",
      LEVELS,
      "--out",
      "graph.json",
    ]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(
      /^wrote graph\.json: \d+ application permissions, \d+ delegated scopes\n$/,
    );
    const expected = formatCatalog(
      buildCatalog(
        JSON.parse(fs.readFileSync(SP, "utf8")),
        JSON.parse(fs.readFileSync(LEVELS, "utf8")),
      ),
    );
    expect(fs.readFileSync(path.join(run.cwd, "graph.json"), "utf8")).toBe(expected);
    expect(fs.readdirSync(run.cwd)).toEqual(["graph.json"]);
    expect(fs.readFileSync(COMMITTED_CATALOG, "utf8")).toBe(committed);
  });

  it("refuses to run without an explicit --out, leaving the committed catalog alone", async () => {
    const before = fs.statSync(COMMITTED_CATALOG).mtimeMs;
    const usage =
      "catalog: give --service-principal <file> and --out <file>; to refresh the committed catalog, pass --out program/permissions/catalog/microsoft-graph.json explicitly\n";
    expect(await runCatalog(["--service-principal", SP])).toMatchObject(failed(EXIT.usage, usage));
    expect(await runCatalog(["--out", "x.json"])).toMatchObject(failed(EXIT.usage, usage));
    expect(fs.statSync(COMMITTED_CATALOG).mtimeMs).toBe(before);
  });

  it("exits 2 with one line (the file, what is wrong, the fix) for input it cannot use", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-in-"));
    const sp = JSON.parse(fs.readFileSync(SP, "utf8"));
    const cases: [string[], string][] = [
      [
        ["--service-principal", "nope.json"],
        `catalog: cannot read nope.json: does not exist; ${FIX}\n`,
      ],
      [
        ["--service-principal", writeIn(dir, "text.json", "<html>")],
        `catalog: text.json is not JSON; ${FIX}\n`,
      ],
      [
        ["--service-principal", writeIn(dir, "list.json", JSON.stringify({ value: [sp] }))],
        `catalog: list.json: is a list response ({ value: [...] }); fetch the one service principal: GET /servicePrincipals(appId='00000003-0000-0000-c000-000000000000'); ${FIX}\n`,
      ],
      [
        [
          "--service-principal",
          writeIn(dir, "noroles.json", JSON.stringify({ ...sp, appRoles: undefined })),
        ],
        `catalog: noroles.json: has no appRoles list; keep it in $select (appId,displayName,appRoles,oauth2PermissionScopes); ${FIX}\n`,
      ],
      [
        [
          "--service-principal",
          writeIn(
            dir,
            "bad.json",
            JSON.stringify({ ...sp, appRoles: [{ ...sp.appRoles[0], id: 7 }] }),
          ),
        ],
        `catalog: bad.json: appRoles[0].id is not a string; ${FIX}\n`,
      ],
      [
        ["--service-principal", SP, "--privilege-levels", "missing-levels.json"],
        'catalog: cannot read missing-levels.json: does not exist; write it as { "Mail.Send": { "application": 3, "delegated": 2 } }\n',
      ],
      [
        [
          "--service-principal",
          SP,
          "--privilege-levels",
          writeIn(dir, "levels.json", '{"Mail.Send":{"application":9}}'),
        ],
        'catalog: levels.json: "Mail.Send".application is not a whole number from 1 to 5; write it as { "Mail.Send": { "application": 3, "delegated": 2 } }\n',
      ],
      [
        ["--service-principal", SP, "--out", "no-such-folder/graph.json"],
        "catalog: cannot write no-such-folder/graph.json: its folder does not exist; pick a writable --out path\n",
      ],
    ];
    for (const [args, stderr] of cases) {
      const out = args.includes("--out") ? [] : ["--out", "graph.json"];
      const run = await runCatalog([...args, ...out], dir);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual(
        failed(EXIT.fileError, stderr),
      );
    }
    expect(fs.existsSync(path.join(dir, "graph.json"))).toBe(false);
  });

  it("prints a usage line, not a stack trace, end to end (one child process)", () => {
    const tsNode = path.join(__dirname, "..", "node_modules", ".bin", "ts-node");
    const script = path.join(__dirname, "..", "tools", "catalog", "generatePermissionCatalog.ts");
    const run = spawnSync(
      tsNode,
      ["--transpile-only", script, "--service-principal", "nope.json"],
      {
        encoding: "utf8",
      },
    );
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual(
      failed(
        EXIT.usage,
        "catalog: give --service-principal <file> and --out <file>; to refresh the committed catalog, pass --out program/permissions/catalog/microsoft-graph.json explicitly\n",
      ),
    );
  });
});
