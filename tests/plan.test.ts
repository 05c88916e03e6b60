import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStack } from "../commands/plan/planStack";
import { formatPlan } from "../commands/plan/formatPlan";
import { readStackFile } from "../stack-files/readStackFile";

const projectDir = path.join(__dirname, "..");
const TODAY = "2026-11-22";

/** Runs `npm run plan -- <args>` the way a user does (without npm's banner). */
function runPlanCli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", "commands/plan/cli.ts", ...args],
    { cwd: projectDir, encoding: "utf8", env: { ...process.env, CI: "" } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeStackFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
  const file = path.join(dir, "Pulumi.test.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("npm run plan", () => {
  it("prints each app's resources, a permission table and masked outputs for the dev stack", async () => {
    const { code, stdout, stderr } = runPlanCli("--stack", "dev", "--now", TODAY);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(
      "Plan for Pulumi.dev.yaml (simulated tenant 11111111-2222-3333-4444-555555555555, as of 2026-11-22)",
    );
    expect(lines).toContain('mail-alerts  "Proxmox Mail Alerts (dev)"');
    expect(lines).toContain(
      "  + azuread:index/appRoleAssignment:AppRoleAssignment      mail-alerts-graph-Mail.Send",
    );
    expect(lines).toContain(
      "  + azuread:index/applicationPassword:ApplicationPassword  mail-alerts-secret-a  (until 2027-01-02, current)",
    );
    expect(lines).toContain(
      "  + azuread:index/applicationPassword:ApplicationPassword  mail-alerts-secret-b  (until 2026-12-03)",
    );
    expect(lines).toContain("  Microsoft Graph  Mail.Send   application  3 high     granted");
    expect(lines).toContain("  clientSecrets: [secret] (mail-alerts, parts-connector)");
    expect(lines).toContain("11 resources to create for 2 apps.");

    // The secret values the same run produces never reach the terminal.
    const plan = await planStack(
      readStackFile(path.join(projectDir, "Pulumi.dev.yaml")),
      new Date(TODAY),
    );
    const secrets = Object.values(plan.outputs.clientSecrets.value as Record<string, string>);
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) expect(stdout).not.toContain(secret);
  });

  it("plans the prod stack too", () => {
    const { code, stdout } = runPlanCli("--stack", "prod", "--now", TODAY);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "  + azuread:index/applicationPassword:ApplicationPassword  directory-export-secret  (until 2027-11-01, current)",
    );
    expect(stdout).toContain("resources to create for 3 apps.");
  });

  it("prints JSON with secret outputs replaced by a marker", () => {
    const { code, stdout } = runPlanCli("--stack", "dev", "--now", TODAY, "--json");
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.outputs.clientSecrets).toBe("[secret]");
    expect(plan.outputs.apps["mail-alerts"].applicationPermissions).toEqual(["Mail.Send"]);
    expect(plan.apps.map((app: { key: string }) => app.key)).toEqual([
      "mail-alerts",
      "parts-connector",
    ]);
  });

  it("never prints a secret in JSON, even one passed as a resource input (the Key Vault copy)", async () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    alerts:
      displayName: Alerts
      keyVault: { resourceGroupName: rg-secrets, vaultName: kv-contoso }
`);
    const { code, stdout } = runPlanCli("--config", file, "--now", TODAY, "--json");
    expect(code).toBe(0);
    const plan = await planStack(readStackFile(file), new Date(TODAY));
    const secret = (plan.outputs.clientSecrets.value as Record<string, string>).alerts;
    expect(secret).toMatch(/8Q~/);
    expect(stdout).not.toContain(secret);
    const vaultCopy = JSON.parse(stdout).apps[0].resources.find(
      (r: { type: string }) => r.type === "azure-native:keyvault:Secret",
    );
    expect(vaultCopy.inputs.properties).toBe("[secret]");
    expect(vaultCopy.inputs.vaultName).toBe("kv-contoso");
  });

  it("exits 1 with every config problem and no stack trace on bad config", () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    mail-alerts:
      displayName: Alerts
      clientSecret: { expiresOn: Never }
      permissions:
        Microsoft Graph:
          application: [Mail.Sendd]
`);
    const { code, stdout, stderr } = runPlanCli("--config", file, "--now", TODAY);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([
      "entra-graph-apps: stack config has 2 problems; nothing was created or changed:",
      expect.stringMatching(
        /^  - apps\.mail-alerts\.clientSecret\.expiresOn = "Never": client secrets can no longer be created without an expiry/,
      ),
      '  - apps.mail-alerts.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send" or "Mail.Read"?',
    ]);
  });

  it("exits 1 with a clear message for a missing stack, invalid YAML or missing flags", () => {
    const missing = runPlanCli("--stack", "nosuchstack");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /Pulumi\.nosuchstack\.yaml does not exist; create it or pick another stack/,
    );

    const invalid = runPlanCli("--config", writeStackFile("config: [unclosed"));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/Pulumi\.test\.yaml is not valid YAML: /);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);

    const noFlags = runPlanCli();
    expect(noFlags.code).toBe(1);
    expect(noFlags.stderr).toBe(
      "plan: give exactly one of --stack <name> or --config <file>, e.g. npm run plan -- --stack dev\n",
    );
  });
});

describe("formatPlan", () => {
  it("marks permissions requested without admin consent", async () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    portal:
      displayName: Portal
      adminConsent: false
      clientSecret: false
      federatedCredentials:
        main: { github: { repository: contoso/portal, branch: main } }
      permissions:
        Microsoft Graph:
          application: [User.Read.All]
          delegated: [User.Read]
`);
    const text = formatPlan(await planStack(readStackFile(file), new Date(TODAY)));
    expect(text).toContain(
      [
        "  API              Permission     Kind         Privilege  Admin consent",
        "  ---------------  -------------  -----------  ---------  -------------",
        "  Microsoft Graph  User.Read.All  application  3 high     not granted",
        "  Microsoft Graph  User.Read      delegated    2 medium   not granted",
      ].join("\n"),
    );
    expect(text).toContain("  clientSecrets: [secret]\n");
  });
});
