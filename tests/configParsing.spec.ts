import { formatProblem } from "../program/config/configProblem";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";
import { offlinePermissionProblems } from "../program/permissions/offlinePermissionSets";

// Parsing gives the typed config the program uses: normalised values, and when a setting is
// wrong, what can still be read of the rest, so one run reports every mistake.
const TODAY = new Date("2026-11-22T09:30:00Z");

function validate(raw: RawStackConfig) {
  const result = validateStackConfig(raw, TODAY);
  return { ...result, problems: result.problems.map(formatProblem) };
}

const OWNER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";

describe("parsed settings", () => {
  it("are normalised: owners in lower case, the day of a Pulumi timestamp, names trimmed", () => {
    const { apps, problems } = validate({
      defaults: { owners: [OWNER.toUpperCase()] },
      apps: {
        a: {
          displayName: "  Mail Alerts ",
          owners: [OWNER],
          clientSecret: { expiresOn: "2027-10-31 00:00:00 +0000 UTC" },
          exchange: { mailboxes: ["alerts@contoso.com"] },
        },
      },
    });
    expect(problems).toEqual([]);
    expect(apps[0]).toMatchObject({
      displayName: "Mail Alerts",
      owners: [OWNER],
      clientSecret: { kind: "fixed", expiresOn: "2027-10-31" },
      exchange: { mailboxes: ["alerts@contoso.com"], roles: ["Application Mail.Send"] },
    });
  });

  it("build each federated credential's issuer and subject from the form written", () => {
    const { apps, problems } = validate({
      apps: {
        ci: {
          displayName: "CI",
          clientSecret: false,
          federatedCredentials: {
            main: { github: { repository: "contoso/infra", branch: "main" } },
            pods: {
              kubernetes: {
                issuer: "https://oidc.contoso.com/k8s",
                namespace: "ops",
                serviceAccount: "bot",
              },
            },
            idp: { issuer: "https://idp.contoso.com", subject: "svc-1", renamedFrom: ["old"] },
          },
        },
      },
    });
    expect(problems).toEqual([]);
    expect(apps[0].federatedCredentials).toEqual([
      {
        name: "main",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/infra:ref:refs/heads/main",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        name: "pods",
        issuer: "https://oidc.contoso.com/k8s",
        subject: "system:serviceaccount:ops:bot",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        name: "idp",
        issuer: "https://idp.contoso.com",
        subject: "svc-1",
        audiences: ["api://AzureADTokenExchange"],
        previousNames: ["old"],
      },
    ]);
  });
});

describe("a setting with a mistake", () => {
  it("keeps the valid permission names of its list, so the catalog checks them in the same run", () => {
    const { apps, problems } = validate({
      apps: {
        a: {
          displayName: "A",
          permissions: { "Microsoft Graph": { application: ["Mail Send", "Mail.Sendd", 5] } },
        },
      },
    });
    expect(problems).toEqual([
      'apps.a.permissions.Microsoft Graph.application[0] = "Mail Send": must be a single permission name without spaces, e.g. Mail.Send',
      'apps.a.permissions.Microsoft Graph.application[2] = 5: must be a permission name such as "Mail.Send"',
    ]);
    expect(offlinePermissionProblems(apps).map(formatProblem)).toEqual([
      'apps.a.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send" or "Mail.Read"?',
    ]);
  });

  it("still names an unknown API when its lists are not lists", () => {
    expect(
      validate({
        apps: { a: { displayName: "A", permissions: { "Microsoft Grahp": "Mail.Send" } } },
      }).problems,
    ).toEqual([
      'apps.a.permissions.Microsoft Grahp = "Mail.Send": must be a map with `application:` and/or `delegated:` lists of permission names',
      'apps.a.permissions.Microsoft Grahp = "Microsoft Grahp": is not a known API name. Did you mean "Microsoft Graph"? Use one of Microsoft Graph, Office 365 Exchange Online, SharePoint Online, Dynamics CRM, or the API\'s appId (a GUID)',
    ]);
  });

  it("names an unknown key against the settings of the map it is in", () => {
    expect(
      validate({
        apps: {
          a: {
            displayName: "A",
            exchange: { mailbox: ["alerts@contoso.com"] },
            keyVault: { resourceGroupName: "rg", vault: "kv-contoso" },
          },
        },
      }).problems,
    ).toEqual([
      "apps.a.exchange.mailboxes: must be a list, e.g. [a, b]",
      'apps.a.exchange.mailbox: is not a setting. Did you mean "mailboxes"?',
      "apps.a.keyVault.vaultName: must be the vault's name",
      "apps.a.keyVault.vault: is not a setting. Known settings: resourceGroupName, vaultName, secretName.",
    ]);
  });
});
