import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main, EXIT } from "../commands/review/cli";
import { captureOutput } from "./support/captureOutput";
import { reviewStack } from "../commands/review/stackReview";
import { validateStackConfig } from "../config/validateStackConfig";

const NOW = "2026-11-22";
const OWNER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";

function apps(appsConfig: Record<string, unknown>) {
  const result = validateStackConfig({ apps: appsConfig }, new Date(NOW));
  expect(result.problems).toEqual([]);
  return result.apps;
}

const mailAlerts = {
  displayName: "Mail Alerts",
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
};

function review(before: Record<string, unknown>, after: Record<string, unknown>) {
  return reviewStack(apps(before), apps(after), "Pulumi.prod.yaml", "origin/main");
}

describe("reviewStack", () => {
  it("lists an added application permission with API, kind, privilege, consent and why it matters", () => {
    const result = review(
      { "mail-alerts": mailAlerts },
      {
        "mail-alerts": {
          ...mailAlerts,
          permissions: {
            "Microsoft Graph": { application: ["Mail.Send", "RoleManagement.ReadWrite.Directory"] },
          },
        },
      },
    );
    expect(result.privilegeGained).toBe(true);
    expect(result.apps).toEqual([
      {
        key: "mail-alerts",
        displayName: "Mail Alerts",
        status: "changed",
        settings: [],
        permissions: [
          {
            change: "added",
            api: "Microsoft Graph",
            permission: "RoleManagement.ReadWrite.Directory",
            kind: "application",
            privilegeLevel: 4,
            adminConsent: true,
            reason:
              "can give any principal any directory role, Global Administrator included: tenant takeover",
            gain: true,
          },
        ],
      },
    ]);
  });

  it("treats a removal-only change as no privilege gained", () => {
    const result = review(
      {
        "mail-alerts": {
          ...mailAlerts,
          permissions: {
            "Microsoft Graph": { application: ["Mail.Send"], delegated: ["User.Read"] },
          },
        },
      },
      { "mail-alerts": mailAlerts },
    );
    expect(result.privilegeGained).toBe(false);
    expect(result.apps[0].permissions).toEqual([
      expect.objectContaining({
        change: "removed",
        permission: "User.Read",
        kind: "delegated",
        privilegeLevel: 2,
        gain: false,
      }),
    ]);
  });

  it("reports nothing when only the order of apps, APIs, permissions, owners or URIs changes", () => {
    const owner2 = "4a2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8092";
    const result = review(
      {
        a: {
          displayName: "A",
          owners: [OWNER, owner2],
          redirectUris: ["https://a/1", "https://a/2"],
          permissions: {
            "Microsoft Graph": { application: ["Mail.Send", "User.Read.All"] },
            "SharePoint Online": { application: ["Sites.Selected"] },
          },
        },
        b: mailAlerts,
      },
      {
        b: mailAlerts,
        a: {
          displayName: "A",
          owners: [owner2, OWNER],
          redirectUris: ["https://a/2", "https://a/1"],
          permissions: {
            "SharePoint Online": { application: ["Sites.Selected"] },
            "Microsoft Graph": { application: ["User.Read.All", "Mail.Send"] },
          },
        },
      },
    );
    expect(result).toEqual({
      stackFile: "Pulumi.prod.yaml",
      base: "origin/main",
      apps: [],
      privilegeGained: false,
    });
  });

  it("flags consent turned on, a widened audience, a new redirect URI and a new secret as gains", () => {
    const result = review(
      { app: { ...mailAlerts, adminConsent: false, clientSecret: false } },
      {
        app: {
          ...mailAlerts,
          signInAudience: "AzureADMultipleOrgs",
          redirectUris: ["https://app.contoso.com/cb"],
          owners: [OWNER],
          clientSecret: { rotateEveryDays: 30 },
        },
      },
    );
    expect(result.apps[0].settings).toEqual([
      {
        setting: "signInAudience",
        description:
          "sign-in audience widened: AzureADMyOrg → AzureADMultipleOrgs (accounts of any Entra tenant can sign in)",
        gain: true,
      },
      {
        setting: "redirectUris",
        description: "redirect URI added: https://app.contoso.com/cb",
        gain: true,
      },
      { setting: "owners", description: `owner added: ${OWNER}`, gain: false },
      {
        setting: "adminConsent",
        description: "admin consent turned on: every requested permission is granted",
        gain: true,
      },
      {
        setting: "clientSecret",
        description: "client secret added: rotates every 30 days, each secret valid 60 days",
        gain: true,
      },
    ]);
    expect(result.privilegeGained).toBe(true);
  });

  it("reports narrowing, removals and secret policy changes without a gain", () => {
    const result = review(
      {
        app: {
          ...mailAlerts,
          signInAudience: "AzureADMultipleOrgs",
          redirectUris: ["https://app.contoso.com/cb"],
          owners: [OWNER],
          clientSecret: { expiresOn: "2027-01-31" },
        },
      },
      { app: { ...mailAlerts, adminConsent: false, clientSecret: { expiresOn: "2027-06-30" } } },
    );
    expect(result.privilegeGained).toBe(false);
    expect(result.apps[0].settings.map((s) => s.description)).toEqual([
      "sign-in audience narrowed: AzureADMultipleOrgs → AzureADMyOrg",
      "redirect URI removed: https://app.contoso.com/cb",
      `owner removed: ${OWNER}`,
      "admin consent turned off: permissions are requested only",
      "client secret policy: one secret expiring 2027-01-31 → one secret expiring 2027-06-30 (longer-lived secret)",
    ]);
    const removed = review({ app: mailAlerts }, { app: { ...mailAlerts, clientSecret: false } });
    expect(removed.apps[0].settings).toEqual([
      {
        setting: "clientSecret",
        description:
          "client secret removed (was: rotates every 90 days, each secret valid 180 days)",
        gain: false,
      },
    ]);
  });

  it("lists every permission of an added app as a gain, and of a removed app as a removal", () => {
    const added = review({}, { "mail-alerts": mailAlerts });
    expect(added.apps[0]).toMatchObject({
      status: "added",
      permissions: [{ change: "added", permission: "Mail.Send", gain: true }],
    });
    expect(added.apps[0].settings).toEqual([
      {
        setting: "clientSecret",
        description: "client secret added: rotates every 90 days, each secret valid 180 days",
        gain: true,
      },
    ]);
    const removed = review({ "mail-alerts": mailAlerts }, {});
    expect(removed.privilegeGained).toBe(false);
    expect(removed.apps[0]).toEqual({
      key: "mail-alerts",
      displayName: "Mail Alerts",
      status: "removed",
      settings: [],
      permissions: [
        expect.objectContaining({ change: "removed", permission: "Mail.Send", gain: false }),
      ],
    });
  });
});

/** Runs the command in-process as in a terminal without colour (CI unset), capturing what it prints. */
async function runReview(
  args: string[],
  projectDir = process.cwd(),
  env: Record<string, string | undefined> = {},
) {
  const saved = { ...process.env };
  Object.assign(process.env, { CI: "", NO_COLOR: "1" }, env);
  try {
    return await captureOutput(() => main(["node", "review", ...args, "--now", NOW], projectDir));
  } finally {
    process.env = saved;
  }
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "review-test-"));
}

function stackYaml(appsConfig: Record<string, unknown>): string {
  return stringify({
    config: {
      "azuread:tenantId": "11111111-2222-3333-4444-555555555555",
      "entra-graph-apps:apps": appsConfig,
    },
  });
}

function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("reviewStack on renames", () => {
  it("compares an app renamed with renamedFrom with its old self instead of reporting a new app", () => {
    const result = review(
      { "mail-alerts": mailAlerts },
      {
        "server-alerts": {
          ...mailAlerts,
          renamedFrom: ["mail-alerts"],
          permissions: { "Microsoft Graph": { application: ["Mail.Send", "User.Read.All"] } },
        },
      },
    );
    expect(result.apps).toEqual([
      {
        key: "server-alerts",
        displayName: "Mail Alerts",
        status: "renamed",
        settings: [
          {
            setting: "key",
            description: "renamed from mail-alerts: the same app registration, kept by alias",
            gain: false,
          },
        ],
        permissions: [expect.objectContaining({ change: "added", permission: "User.Read.All" })],
      },
    ]);
  });
});

describe("reviewStack on credentials", () => {
  it("reports a new federated subject as a gain and a removed one as not", () => {
    const github = (environment: string) => ({
      github: { repository: "contoso/infra", environment },
    });
    const result = review(
      { ci: { ...mailAlerts, federatedCredentials: { prod: github("production") } } },
      { ci: { ...mailAlerts, federatedCredentials: { staging: github("staging") } } },
    );
    expect(result.apps[0].settings).toEqual([
      {
        setting: "federatedCredentials",
        description:
          "federated credential added: repo:contoso/infra:environment:staging from https://token.actions.githubusercontent.com",
        gain: true,
      },
      {
        setting: "federatedCredentials",
        description:
          "federated credential removed: repo:contoso/infra:environment:production from https://token.actions.githubusercontent.com",
        gain: false,
      },
    ]);
    expect(result.privilegeGained).toBe(true);
  });

  it("reports a Key Vault copy added or moved without a gain", () => {
    const result = review(
      { ci: mailAlerts },
      { ci: { ...mailAlerts, keyVault: { resourceGroupName: "rg", vaultName: "kv-contoso" } } },
    );
    expect(result.apps[0].settings).toEqual([
      {
        setting: "keyVault",
        description: "Key Vault copy added: kv-contoso/ci-client-secret",
        gain: false,
      },
    ]);
    expect(result.privilegeGained).toBe(false);
  });
});

describe("npm run review --before/--after", () => {
  it("prints a Markdown review and exits 3 when privilege is gained", async () => {
    const dir = tempDir();
    const before = writeFile(dir, "before.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const after = writeFile(
      dir,
      "after.yaml",
      stackYaml({
        "mail-alerts": {
          ...mailAlerts,
          permissions: { "Microsoft Graph": { application: ["Mail.Send", "Mail.ReadWrite"] } },
        },
      }),
    );
    const { code, stdout } = await runReview([
      "--before",
      before,
      "--after",
      after,
      "--format",
      "markdown",
    ]);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout.split("\n")).toEqual(
      expect.arrayContaining([
        `### Entra app permissions: \`${after}\` compared with \`${before}\``,
        "> **Privilege gained**: this change grants permissions or opens a new way in. Review each ⚠️ row before approving.",
        "#### `mail-alerts`: Mail Alerts (changed)",
        "| | API | Permission | Kind | Privilege | Admin consent | Why it matters |",
        "| ⚠️ added | Microsoft Graph | `Mail.ReadWrite` | application | 3 high | granted | can read, change and delete mail in every mailbox |",
      ]),
    );
  });

  it("uses Markdown when CI is set, plain text otherwise, and JSON on request", async () => {
    const dir = tempDir();
    const before = writeFile(dir, "before.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const after = writeFile(dir, "after.yaml", stackYaml({}));
    const ci = await runReview(["--before", before, "--after", after], process.cwd(), {
      CI: "true",
    });
    expect(ci.stdout).toContain("#### `mail-alerts`: Mail Alerts (removed)");
    expect(ci.code).toBe(EXIT.ok);
    const text = await runReview(["--before", before, "--after", after]);
    expect(text.stdout).toContain(
      'mail-alerts  "Mail Alerts"  (removed)\n  - Microsoft Graph Mail.Send (application, 3 high, consent granted)',
    );
    const json = await runReview(["--before", before, "--after", after, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      privilegeGained: false,
      stacks: [{ apps: [{ key: "mail-alerts", status: "removed" }] }],
    });
  });

  it("reviews each seed example against an empty base as a privilege gain", async () => {
    const empty = writeFile(tempDir(), "empty.yaml", "");
    for (const example of [
      "000-search-connector",
      "001-directory-export",
      "002-mail-alerts",
      "003-jira-mail",
      "004-dynamics-connector",
    ]) {
      const after = path.join("examples", example, "Pulumi.example.yaml");
      const { code, stdout } = await runReview([
        "--before",
        empty,
        "--after",
        after,
        "--format",
        "json",
      ]);
      expect(code).toBe(EXIT.privilegeGained);
      const [stack] = JSON.parse(stdout).stacks;
      expect(stack.apps).toHaveLength(1);
      expect(stack.apps[0].status).toBe("added");
      expect(
        stack.apps[0].permissions.every(
          (p: { change: string; gain: boolean }) => p.change === "added" && p.gain,
        ),
      ).toBe(true);
    }
    const jira = await runReview([
      "--before",
      empty,
      "--after",
      "examples/003-jira-mail/Pulumi.example.yaml",
      "--format",
      "json",
    ]);
    const jiraApp = JSON.parse(jira.stdout).stacks[0].apps[0];
    expect(jiraApp.permissions.map((p: { permission: string }) => p.permission)).toEqual([
      "Mail.ReadWrite",
      "Mail.Send",
      "User.Read.All",
    ]);
    expect(jiraApp.settings.map((s: { description: string }) => s.description)).toContain(
      "redirect URI added: https://jira.contoso.com/plugins/servlet/oauth/callback",
    );
  });

  it("exits 1 with the program's config messages when the new version is invalid", async () => {
    const dir = tempDir();
    const before = writeFile(dir, "before.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const after = writeFile(
      dir,
      "after.yaml",
      stackYaml({
        "mail-alerts": {
          ...mailAlerts,
          permissions: { "Microsoft Graph": { application: ["Mail.Sendd"] } },
        },
      }),
    );
    const { code, stdout, stderr } = await runReview(["--before", before, "--after", after]);
    expect(code).toBe(EXIT.invalid);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      '  - apps.mail-alerts.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send" or "Mail.Read"?',
    );
  });

  it("exits 1 on invalid YAML and on bad usage, 2 on a missing file", async () => {
    const dir = tempDir();
    const good = writeFile(dir, "good.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const broken = writeFile(dir, "broken.yaml", "config: [unclosed");
    const invalid = await runReview(["--before", good, "--after", broken]);
    expect(invalid.code).toBe(EXIT.invalid);
    expect(invalid.stderr).toMatch(/broken\.yaml is not valid YAML/);
    expect((await runReview(["--before", good])).stderr).toBe(
      "review: --before and --after go together\n",
    );
    expect((await runReview([])).code).toBe(EXIT.invalid);
    const missing = await runReview(["--before", path.join(dir, "nope.yaml"), "--after", good]);
    expect(missing.code).toBe(EXIT.gitOrFile);
    expect(missing.stderr).toBe(`review: cannot read ${path.join(dir, "nope.yaml")}: ENOENT\n`);
  });
});

describe("npm run review in git mode", () => {
  /** A repository with main holding Pulumi.dev.yaml, and a feature branch checked out. */
  function repository(): string {
    const dir = tempDir();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "Test");
    writeFile(dir, "Pulumi.dev.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    writeFile(dir, "Pulumi.prod.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
    return dir;
  }

  it("compares the working tree with the merge base of the default branch", async () => {
    const dir = repository();
    writeFile(
      dir,
      "Pulumi.dev.yaml",
      stackYaml({
        "mail-alerts": { ...mailAlerts, redirectUris: ["https://alerts.contoso.com/cb"] },
      }),
    );
    const { code, stdout } = await runReview(["--stack", "dev"], dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toMatch(
      /^Pulumi\.dev\.yaml compared with main \(merge base [0-9a-f]{7}\)\n  PRIVILEGE GAINED\n/,
    );
    expect(stdout).toContain("  ! redirect URI added: https://alerts.contoso.com/cb");
  });

  it("accepts --base, and reviews only the stacks that changed with --all-stacks (new ones included)", async () => {
    const dir = repository();
    writeFile(dir, "Pulumi.prod.yaml", stackYaml({}));
    writeFile(dir, "Pulumi.staging.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const { code, stdout } = await runReview(
      ["--all-stacks", "--base", "main", "--format", "json"],
      dir,
    );
    expect(code).toBe(EXIT.privilegeGained);
    const stacks = JSON.parse(stdout).stacks;
    expect(
      stacks.map((s: { stackFile: string; privilegeGained: boolean }) => [
        s.stackFile,
        s.privilegeGained,
      ]),
    ).toEqual([
      ["Pulumi.prod.yaml", false],
      ["Pulumi.staging.yaml", true],
    ]);
    const unchanged = await runReview(["--stack", "dev", "--base", "main"], dir);
    expect(unchanged).toEqual({
      code: EXIT.ok,
      stdout: "Pulumi.dev.yaml compared with main\n  no app registration changes\n",
      stderr: "",
    });
  });

  it("exits 2 for a ref that does not exist", async () => {
    const dir = repository();
    const { code, stderr } = await runReview(["--stack", "dev", "--base", "no-such-branch"], dir);
    expect(code).toBe(EXIT.gitOrFile);
    expect(stderr).toBe(
      'review: "no-such-branch" is not a commit in this repository; pass --base <branch, tag or commit>\n',
    );
  });
});
