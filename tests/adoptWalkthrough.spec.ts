import * as fs from "fs";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { main as drift } from "../tools/commands/drift/cli";
import { ADOPT_DAY, adopt, projectWith, seededTenant } from "./support/adoptRun";
import { DeployedStack, deployStack } from "./support/driftState";
import { exportOf } from "./support/portalApps";
import { jiraMail } from "./support/seedExports";

// The walkthrough of docs/operations.md, end to end: seed 003's Jira app made by hand → adopt → pulumi up on
// the tenant holding it (same client ID) → drift reports the portal secret as access outside
// the code (exit 3) → the old secret removed → drift finds nothing (exit 0).

const APP_OBJECT = "3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63";
const PORTAL_SECRET = "6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6";

describe("adopting the Jira app, then retiring its portal secret", () => {
  const bundle = exportOf(jiraMail());
  let dir: string;
  let deployed: DeployedStack;

  async function driftAgainstLive(): Promise<{ code: number; out: string }> {
    fs.writeFileSync(
      path.join(dir, "live.json"),
      JSON.stringify(deployed.tenant.directory.export()),
    );
    const io = capturedIo({ cwd: dir, now: () => ADOPT_DAY });
    const args = ["--state", "state.json", "--from-export", "live.json", "--format", "text"];
    const code = await drift(["node", "drift", ...args], io);
    expect(io.err.join("")).toBe("");
    return { code, out: io.out.join("") };
  }

  beforeAll(async () => {
    dir = projectWith(bundle);
    const run = await adopt(dir, ["--all", "--stack", "dev", "--from-export", "tenant.json"]);
    expect(run.code).toBe(0);
    deployed = await deployStack(
      path.join(dir, "Pulumi.dev.yaml"),
      ADOPT_DAY,
      "dev",
      seededTenant(bundle),
    );
    fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(deployed.stackExport));
  });

  it("pulumi up keeps the client ID and adds the stack's own secrets next to the portal one", () => {
    const app = deployed.tenant.directory.applications.get(APP_OBJECT)!;
    expect(app.appId).toBe("b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60");
    expect(app.passwordCredentials.map((p) => p.displayName)).toEqual([
      "Email This Issue",
      "entra-graph-apps rotation 2026-09-04 to 2027-03-03",
      "entra-graph-apps rotation 2026-06-06 to 2026-12-03",
    ]);
  });

  it("drift reports the portal secret as access the stack does not manage (exit 3), and nothing else", async () => {
    const { code, out } = await driftAgainstLive();
    expect(code).toBe(3);
    const rows = out.split("\n").filter((line) => line.includes(PORTAL_SECRET));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("client secret");
    expect(out).not.toMatch(/User\.Read|Mail\.|owner/);
  });

  it("once the old secret is removed (az ad app credential delete), drift finds nothing (exit 0)", async () => {
    deployed.tenant.portal((directory) =>
      directory.applications.passwords.remove(APP_OBJECT, PORTAL_SECRET),
    );
    const { code, out } = await driftAgainstLive();
    expect(out).not.toContain(PORTAL_SECRET);
    expect(code).toBe(0);
  });
});
