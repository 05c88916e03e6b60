import { reviewStack } from "../tools/commands/review/stackReview";
import { validateStackConfig } from "../program/config/validateStackConfig";

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
      { setting: "owners", description: `owner added: ${OWNER}`, gain: true },
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
  it("reports a federated credential under a new name as a gain and a removed one as not", () => {
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
          "federated credential added: staging: repo:contoso/infra:environment:staging from https://token.actions.githubusercontent.com (audience api://AzureADTokenExchange)",
        gain: true,
      },
      {
        setting: "federatedCredentials",
        description:
          "federated credential removed: prod: repo:contoso/infra:environment:production from https://token.actions.githubusercontent.com (audience api://AzureADTokenExchange)",
        gain: false,
      },
    ]);
    expect(result.privilegeGained).toBe(true);
  });

  it("reports a Key Vault copy added as a gain: the secret is readable by that vault's readers", () => {
    const result = review(
      { ci: mailAlerts },
      { ci: { ...mailAlerts, keyVault: { resourceGroupName: "rg", vaultName: "kv-contoso" } } },
    );
    expect(result.apps[0].settings).toEqual([
      {
        setting: "keyVault",
        description:
          "Key Vault copy added: kv-contoso/ci-client-secret (readable by that vault's secret readers)",
        gain: true,
      },
    ]);
    expect(result.privilegeGained).toBe(true);
  });
});
