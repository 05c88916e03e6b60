import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../tools/commands/plan/cli";
import { capturedIo } from "../tools/commands/commandIo";
import { planStack } from "../tools/commands/plan/planStack";
import { readStackFile } from "../tools/stack-files/readStackFile";

const projectDir = path.join(__dirname, "..");
const TODAY = "2026-11-22";

/** `npm run plan -- <args>` in-process: exit code and what it printed. */
async function plan(...args: string[]) {
  const io = capturedIo({ cwd: projectDir, now: () => new Date(`${TODAY}T09:30:00Z`) });
  const code = await main(["node", "plan", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

function writeStackFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
  const file = path.join(dir, "Pulumi.test.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("npm run plan", () => {
  it("runs as a script the way a user runs it (one spawn): exit code, plan on stdout, nothing on stderr", () => {
    const result = spawnSync(
      process.execPath,
      [
        require.resolve("ts-node/dist/bin"),
        "--transpile-only",
        "tools/commands/plan/cli.ts",
        "--stack",
        "dev",
        "--now",
        TODAY,
      ],
      { cwd: projectDir, encoding: "utf8", env: { ...process.env, CI: "" } },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(
      "Plan for Pulumi.dev.yaml (simulated tenant 11111111-2222-3333-4444-555555555555, as of 2026-11-22)",
    );
  });

  it("prints each app's resources, a permission table, masked outputs and the guardrail verdicts for the dev stack", async () => {
    const { code, stdout, stderr } = await plan("--stack", "dev", "--now", TODAY);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
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
    expect(lines).toContain("Guardrails: every mandatory policy passes.");
    expect(lines).toContain(
      "  ! minimum-owners (advisory): app mail-alerts has 0 owner(s); add owners so at least 1 people or identities can manage it.",
    );
    expect(lines).toContain("11 resources to create for 2 apps.");

    // The secret values the same run produces never reach the terminal.
    const result = await planStack(
      readStackFile(path.join(projectDir, "Pulumi.dev.yaml")),
      new Date(TODAY),
    );
    const secrets = Object.values(result.outputs.clientSecrets.value as Record<string, string>);
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) expect(stdout).not.toContain(secret);
  });

  it("plans the prod stack too", async () => {
    const { code, stdout } = await plan("--stack", "prod", "--now", TODAY);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "  + azuread:index/applicationPassword:ApplicationPassword  directory-export-secret  (until 2027-11-01, current)",
    );
    expect(stdout).toContain("resources to create for 3 apps.");
  });

  it("attributes resources to apps by their parent, not by a name prefix (apps mail and mail-graph)", async () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    mail:
      displayName: Mail
      permissions: { Microsoft Graph: { application: [Mail.Send] } }
    mail-graph:
      displayName: Mail Graph
      permissions: { Microsoft Graph: { application: [User.Read.All] } }
`);
    const result = await planStack(readStackFile(file), new Date(TODAY));
    const mail = result.apps.find((app) => app.key === "mail")!;
    expect(mail.resources.map((r) => r.name)).toContain("mail-graph-Mail.Send");
    expect(mail.permissions.map((row) => [row.permission, row.adminConsent])).toEqual([
      ["Mail.Send", "granted"],
    ]);
    const other = result.apps.find((app) => app.key === "mail-graph")!;
    expect(other.resources.map((r) => r.name)).not.toContain("mail-graph-Mail.Send");
  });

  it("exits 1 naming each mandatory guardrail violation, with the policy config given", async () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    reports:
      displayName: Reports
      clientSecret: { expiresOn: "2027-06-30" }
`);
    const strict = writeStackFile(JSON.stringify({ "client-secret-lifetime": { maxDays: 90 } }));
    const { code, stdout } = await plan(
      "--config",
      file,
      "--now",
      TODAY,
      "--policy-config",
      strict,
    );
    expect(code).toBe(1);
    expect(stdout).toContain(
      "Guardrails: 1 mandatory violation; pulumi up with the policy pack would stop:\n  ✗ client-secret-lifetime: client secret reports-secret ends 2027-06-30T00:00:00Z, more than 90 days ahead; the latest allowed today is 2027-02-20. Rotate more often instead.",
    );
  });

  it("prints JSON with secret outputs replaced by a marker", async () => {
    const { code, stdout } = await plan("--stack", "dev", "--now", TODAY, "--json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.outputs.clientSecrets).toBe("[secret]");
    expect(result.outputs.apps["mail-alerts"].applicationPermissions).toEqual(["Mail.Send"]);
    expect(result.apps.map((app: { key: string }) => app.key)).toEqual([
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
    const { code, stdout } = await plan("--config", file, "--now", TODAY, "--json");
    expect(code).toBe(0);
    const result = await planStack(readStackFile(file), new Date(TODAY));
    const secret = (result.outputs.clientSecrets.value as Record<string, string>).alerts;
    expect(secret).toMatch(/8Q~/);
    expect(stdout).not.toContain(secret);
    const vaultCopy = JSON.parse(stdout).apps[0].resources.find(
      (r: { type: string }) => r.type === "azure-native:keyvault:Secret",
    );
    expect(vaultCopy.inputs.properties).toBe("[secret]");
    expect(vaultCopy.inputs.vaultName).toBe("kv-contoso");
  });

  it("exits 1 with every config problem and no stack trace on bad config", async () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    mail-alerts:
      displayName: Alerts
      clientSecret: { expiresOn: Never }
      permissions:
        Microsoft Graph:
          application: [Mail.Sendd]
`);
    const { code, stdout, stderr } = await plan("--config", file, "--now", TODAY);
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

  it("exits 2 for a file it cannot read, saying what it found; 1 for missing flags", async () => {
    const missing = await plan("--stack", "nosuchstack");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^plan: .*Pulumi\.nosuchstack\.yaml does not exist; create it or pick another stack/,
    );
    const folder = await plan("--config", os.tmpdir());
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a folder; give a stack file such as Pulumi\.dev\.yaml\n$/);
    const invalid = await plan("--config", writeStackFile("config: [unclosed"));
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/Pulumi\.test\.yaml is not valid YAML \(line \d\): /);
    const twoDocuments = await plan("--config", writeStackFile("config: {}\n---\nconfig: {}\n"));
    expect(twoDocuments.stderr).toMatch(
      /holds 2 YAML documents \(separated by ---\); Pulumi reads only the first, so keep one/,
    );
    const text = await plan("--config", writeStackFile("just some text\n"));
    expect(text.stderr).toMatch(
      /is not a Pulumi stack file: expected a YAML map with a config: key, found plain text/,
    );
    const binary = await plan("--config", writeStackFile("\u0000\u0001binary"));
    expect(binary.stderr).toMatch(/is a binary file, not YAML/);
    const noFlags = await plan();
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
    const { stdout } = await plan("--config", file, "--now", TODAY);
    expect(stdout).toContain(
      [
        "  API              Permission     Kind         Privilege  Admin consent",
        "  ---------------  -------------  -----------  ---------  -------------",
        "  Microsoft Graph  User.Read.All  application  3 high     not granted",
        "  Microsoft Graph  User.Read      delegated    2 medium   not granted",
      ].join("\n"),
    );
    expect(stdout).toContain("  clientSecrets: [secret]\n");
  });
});

describe("dates written without quotes", () => {
  it("reach the program as Pulumi's Go YAML reader hands them over, and are read as that day", async () => {
    const file = writeStackFile(`config:
  entra-graph-apps:apps:
    export:
      displayName: Export
      clientSecret:
        expiresOn: 2027-06-30
`);
    expect(readStackFile(file).pulumiConfig["entra-graph-apps:apps"]).toBe(
      // Go's encoding/json writes map keys sorted.
      JSON.stringify({
        export: {
          clientSecret: { expiresOn: "2027-06-30 00:00:00 +0000 UTC" },
          displayName: "Export",
        },
      }),
    );
    const { code, stdout } = await plan("--config", file, "--now", TODAY);
    expect(code).toBe(0);
    expect(stdout).toContain("export-secret  (until 2027-06-30, current)");
  });
});
