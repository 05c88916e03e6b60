import * as fs from "fs";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { main as plan } from "../tools/commands/plan/cli";
import { EntraEmulator } from "../tools/tenant/emulator/server";
import { ADOPT_DAY, adopt, configOf, projectWith } from "./support/adoptRun";
import { READER } from "./support/graphEmulator";
import { ADMIN, exportOf, TENANT } from "./support/portalApps";
import { jiraMail } from "./support/seedExports";
import { trustingFetch } from "./support/trustingFetch";

// The live path: adopt reads the Jira app through the shared Graph reader from the local Entra
// emulator (HTTPS on 127.0.0.1) holding the portal-made objects, saves the export, and `plan
// --from-export` checks every import against it.

const JIRA = "jira-email-this-issue";
const bundle = exportOf(jiraMail());
let entra: EntraEmulator;
let fetchFn: typeof fetch;

beforeAll(async () => {
  entra = await EntraEmulator.start({
    tenantId: TENANT,
    seed: structuredClone(bundle),
    // The export's own Microsoft Graph service principal stands for the published one.
    apis: [],
    deployers: [
      READER,
      { clientId: "0000aaaa-0000-4000-8000-000000000002", secret: "no-read-roles-here", roles: [] },
    ],
    now: () => ADOPT_DAY,
  });
  fetchFn = trustingFetch(fs.readFileSync(entra.caFile, "utf8"));
});
afterAll(() => entra.close());

function live(dir: string, args: string[], clientId = READER.clientId, secret = READER.secret) {
  return adopt(
    dir,
    [...args, "--authority-host", entra.origin, "--scope", `${entra.origin}/.default`],
    {
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret },
      fetch: fetchFn,
    },
  );
}

async function planIn(dir: string, ...args: string[]) {
  const io = capturedIo({ cwd: dir, now: () => ADOPT_DAY });
  const code = await plan(["node", "plan", "--stack", "dev", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

describe("adopt reading Microsoft Graph", () => {
  it("writes the same config as from an export of the same objects, and saves the export it read", async () => {
    const dir = projectWith(bundle);
    const run = await live(dir, [
      "--app",
      "Jira Email This Issue",
      "--stack",
      "dev",
      "--save-export",
      "read.json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "adopt: 1 app written to Pulumi.dev.yaml (read from Microsoft Graph).",
    );
    const offline = projectWith(bundle);
    expect(
      (await adopt(offline, ["--all", "--stack", "dev", "--from-export", "tenant.json"])).code,
    ).toBe(0);
    expect(configOf(path.join(dir, "Pulumi.dev.yaml"))).toEqual(
      configOf(path.join(offline, "Pulumi.dev.yaml")),
    );
    const saved = JSON.parse(fs.readFileSync(path.join(dir, "read.json"), "utf8"));
    expect(
      saved.owners["c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69"].map((o: { id: string }) => o.id),
    ).toEqual([ADMIN.id]);
  });

  it("explains a 403 in words and exits 2, writing nothing", async () => {
    const dir = projectWith(bundle);
    const run = await live(
      dir,
      ["--all", "--stack", "dev"],
      "0000aaaa-0000-4000-8000-000000000002",
      "no-read-roles-here",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^adopt: .*Application\.Read\.All/);
    expect(fs.existsSync(path.join(dir, "Pulumi.dev.yaml"))).toBe(false);
  });
});

describe("plan of an adopted stack", () => {
  it("shows each adopted resource as an import (=) checked against the export, and counts them", async () => {
    const dir = projectWith(bundle);
    expect(
      (await adopt(dir, ["--all", "--stack", "dev", "--from-export", "tenant.json"])).code,
    ).toBe(0);
    const result = await planIn(dir, "--from-export", "tenant.json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[3]).toMatch(
      /^  = azuread:index\/application:Application +jira-email-this-issue {2}\(import \/applications\/3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63\)$/,
    );
    expect(lines).toContain("2 resources to create and 6 to import (adopted, = above) for 1 app.");
    expect(lines.filter((line) => line.startsWith("  = "))).toHaveLength(6);

    const unchecked = await planIn(dir);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout.split("\n").slice(-3, -1)).toEqual([
      "2 resources to create and 6 to import (adopted, = above) for 1 app.",
      "Imports not checked against the objects they take over: plan with --from-export <file> (the export adopt read, or a new one) to check them.",
    ]);
  });

  it("says when pulumi up would change an adopted object right after importing it (an owner added in the portal since)", async () => {
    const dir = projectWith(bundle);
    expect(
      (await adopt(dir, ["--all", "--stack", "dev", "--from-export", "tenant.json"])).code,
    ).toBe(0);
    const changed = structuredClone(bundle);
    changed.owners["3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63"].push({
      ...ADMIN,
      id: "2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a3b5c7d",
    });
    fs.writeFileSync(path.join(dir, "later.json"), JSON.stringify(changed));
    const result = await planIn(dir, "--from-export", "later.json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[3]).toMatch(
      /  \(import \/applications\/3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63, then update: owners\)$/,
    );
    expect(lines.slice(-4, -1)).toEqual([
      "2 resources to create and 6 to import (adopted, = above) for 1 app.",
      "1 adopted object would be changed right after the import: the live object differs from the config (npm run adopt again on a fresh export, or accept the change):",
      `  ~ ${JIRA} (Application): update owners`,
    ]);
  });
});
