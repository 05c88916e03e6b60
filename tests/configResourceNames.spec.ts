import { formatProblem } from "../program/config/configProblem";
import { RESOURCE_TYPES, registeredResources } from "../program/config/resourceNames";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";

const TODAY = new Date("2026-11-22T09:30:00Z");
const github = (branch: string) => ({ github: { repository: "contoso/infra", branch } });
const vault = { resourceGroupName: "rg-secrets", vaultName: "kv-contoso" };

function problemsOf(raw: RawStackConfig): string[] {
  return validateStackConfig(raw, TODAY).problems.map(formatProblem);
}

describe("resource names", () => {
  it("list every resource the program registers, with its type and config path", () => {
    const { apps, problems } = validateStackConfig(
      {
        apps: {
          alerts: {
            displayName: "Alerts",
            permissions: {
              "Microsoft Graph": { application: ["Mail.Send"], delegated: ["User.Read"] },
            },
            federatedCredentials: { main: github("main") },
            keyVault: vault,
          },
          reports: {
            displayName: "Reports",
            clientSecret: { expiresOn: "2027-06-30" },
            permissions: { "Microsoft Graph": { application: ["Reports.Read.All"] } },
            adminConsent: false,
          },
        },
      },
      TODAY,
    );
    expect(problems).toEqual([]);
    const short = (type: string) => type.slice(type.lastIndexOf(":") + 1);
    expect(registeredResources(apps).map((r) => [short(r.type), r.name, r.path])).toEqual([
      ["GraphApp", "alerts", "apps.alerts"],
      ["AppRegistration", "alerts", "apps.alerts"],
      ["Application", "alerts", "apps.alerts"],
      ["ServicePrincipal", "alerts", "apps.alerts"],
      ["AdminConsent", "alerts-graph", "apps.alerts.permissions.Microsoft Graph"],
      [
        "AppRoleAssignment",
        "alerts-graph-Mail.Send",
        "apps.alerts.permissions.Microsoft Graph.application",
      ],
      [
        "ServicePrincipalDelegatedPermissionGrant",
        "alerts-graph-delegated",
        "apps.alerts.permissions.Microsoft Graph.delegated",
      ],
      ["ClientSecret", "alerts-secret", "apps.alerts.clientSecret"],
      ["ApplicationPassword", "alerts-secret-a", "apps.alerts.clientSecret"],
      ["ApplicationPassword", "alerts-secret-b", "apps.alerts.clientSecret"],
      [
        "ApplicationFederatedIdentityCredential",
        "alerts-federated-main",
        "apps.alerts.federatedCredentials.main",
      ],
      ["KeyVaultSecretCopy", "alerts-vault-copy", "apps.alerts.keyVault"],
      ["Secret", "alerts-vault-copy", "apps.alerts.keyVault"],
      ["GraphApp", "reports", "apps.reports"],
      ["AppRegistration", "reports", "apps.reports"],
      ["Application", "reports", "apps.reports"],
      ["ServicePrincipal", "reports", "apps.reports"],
      ["ClientSecret", "reports-secret", "apps.reports.clientSecret"],
      ["ApplicationPassword", "reports-secret", "apps.reports.clientSecret"],
    ]);
    expect(RESOURCE_TYPES.federatedCredential).toBe(
      "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    );
  });

  it("refuse two federated credentials that would get the same name, naming both config paths", () => {
    expect(
      problemsOf({
        apps: {
          a: { displayName: "A", federatedCredentials: { "b-federated-c": github("main") } },
          "a-federated-b": { displayName: "B", federatedCredentials: { c: github("main") } },
        },
      }),
    ).toEqual([
      'apps.a-federated-b.federatedCredentials.c = "a-federated-b-federated-c": is also the name of the ApplicationFederatedIdentityCredential of apps.a.federatedCredentials.b-federated-c: ' +
        "resource names join the app key and the entry's name with dashes, and Pulumi needs each name once per type. Rename one app key or credential name so the names differ",
    ]);
  });

  it("refuse the same clash for certificates, and accept names that only look alike", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    const problems = validateStackConfig(
      {
        apps: {
          a: { displayName: "A", certificates: { "b-cert-c": { pem } } },
          "a-cert-b": { displayName: "B", certificates: { c: { pem } } },
        },
      },
      TODAY,
    ).problems;
    // The test PEM is unreadable, so no certificate is registered: no clash to report.
    expect(problems.map((p) => p.path)).toEqual([
      "apps.a.certificates.b-cert-c.pem",
      "apps.a-cert-b.certificates.c.pem",
    ]);
    // Same credential name in two apps, and an app key that merely contains another: no clash.
    expect(
      problemsOf({
        apps: {
          a: { displayName: "A", federatedCredentials: { main: github("main") } },
          b: { displayName: "B", federatedCredentials: { main: github("main") } },
          "a-federated": { displayName: "AF", federatedCredentials: { main: github("dev") } },
        },
      }),
    ).toEqual([]);
  });
});

describe("Key Vault secret names", () => {
  it("refuse a secretName under defaults, which every app would overwrite", () => {
    expect(
      problemsOf({
        defaults: { keyVault: { ...vault, secretName: "graph-client-secret" } },
        apps: { a: { displayName: "A" }, b: { displayName: "B" } },
      }),
    ).toEqual([
      'defaults.keyVault.secretName = "graph-client-secret": would make every app write this one Key Vault secret, each overwriting the others\' client secret; ' +
        "set secretName under each app's keyVault instead, or leave it out for the default <app>-client-secret",
    ]);
    const apps = validateStackConfig(
      { defaults: { keyVault: vault }, apps: { a: { displayName: "A" } } },
      TODAY,
    ).apps;
    expect(apps[0].keyVault).toEqual({ ...vault, secretName: "a-client-secret" });
  });

  it("refuse two apps writing one secret of one vault, compared without case as Key Vault does", () => {
    expect(
      problemsOf({
        apps: {
          a: { displayName: "A", keyVault: vault },
          b: {
            displayName: "B",
            keyVault: { ...vault, vaultName: "KV-Contoso", secretName: "A-Client-Secret" },
          },
          c: {
            displayName: "C",
            keyVault: { ...vault, vaultName: "kv-other", secretName: "a-client-secret" },
          },
        },
      }),
    ).toEqual([
      'apps.b.keyVault.secretName = "A-Client-Secret": is also the secret apps.a writes in vault KV-Contoso: each app would overwrite the other\'s client secret. Give one of them another keyVault.secretName',
    ]);
  });
});

describe("every problem at once", () => {
  it("reports each of these mistakes in one pass", () => {
    const manyOwners = Array.from(
      { length: 101 },
      (_, i) => `${i.toString(16).padStart(8, "0")}-8d4a-4b7e-9c2f-1a5d6e7f8091`,
    );
    const problems = problemsOf({
      defaults: { keyVault: { ...vault, secretName: "shared" } },
      apps: {
        a: {
          displayName: "A",
          notes: "",
          owners: manyOwners,
          redirectUris: ["https://app.contoso.com", "https://*.contoso.com/"],
          federatedCredentials: {
            "b-federated-c": { github: { repository: "contoso/infra", branch: "main" } },
            none: { issuer: "https://idp.contoso.com", subject: "x", audiences: [] },
          },
        },
        "a-federated-b": {
          displayName: "B",
          federatedCredentials: { c: { github: { repository: "contoso/infra", branch: "main" } } },
        },
      },
    });
    expect(problems.map((line) => line.split(/ = |: /)[0])).toEqual([
      "defaults.keyVault.secretName",
      "apps.a.redirectUris[0]",
      "apps.a.redirectUris[1]",
      "apps.a.owners",
      "apps.a.notes",
      "apps.a.federatedCredentials.none.audiences",
      "apps.a-federated-b.federatedCredentials.c",
    ]);
  });
});
