import { formatProblem } from "../program/config/configProblem";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";

const TODAY = new Date("2026-11-22T09:30:00Z");

function problemsOf(raw: RawStackConfig): string[] {
  return validateStackConfig(raw, TODAY).problems.map(formatProblem);
}

function appWith(settings: Record<string, unknown>): RawStackConfig {
  return { apps: { "mail-alerts": { displayName: "Mail Alerts", ...settings } } };
}

describe("stack config validation", () => {
  it("accepts a minimal app and applies the documented defaults", () => {
    const result = validateStackConfig(appWith({}), TODAY);
    expect(result.problems).toEqual([]);
    expect(result.apps).toEqual([
      {
        key: "mail-alerts",
        displayName: "Mail Alerts",
        signInAudience: "AzureADMyOrg",
        redirectUris: [],
        owners: [],
        notes: undefined,
        permissions: [],
        adminConsent: true,
        clientSecret: { kind: "rotating", rotateEveryDays: 90 },
        certificates: [],
        federatedCredentials: [],
        renamedFrom: [],
      },
    ]);
  });

  it("reads permissions per API, well-known names in any case and appIds alike", () => {
    const result = validateStackConfig(
      appWith({
        permissions: {
          "microsoft graph": { application: ["Mail.Send"] },
          "00000003-0000-0ff1-ce00-000000000000": { application: ["Sites.Selected"] },
        },
      }),
      TODAY,
    );
    expect(result.problems).toEqual([]);
    expect(
      result.apps[0].permissions.map((p) => [
        p.configKey,
        p.api.name,
        p.api.resourceKey,
        p.application,
      ]),
    ).toEqual([
      ["microsoft graph", "Microsoft Graph", "graph", ["Mail.Send"]],
      [
        "00000003-0000-0ff1-ce00-000000000000",
        "SharePoint Online",
        "sharepoint",
        ["Sites.Selected"],
      ],
    ]);
  });

  it("requires displayName, naming the path and an example", () => {
    expect(problemsOf({ apps: { "mail-alerts": {} } })).toEqual([
      'apps.mail-alerts.displayName: is required: the name shown in the Entra portal, e.g. displayName: "Mail Alerts"',
    ]);
  });

  it("refuses app keys that are not lowercase letters, digits and dashes", () => {
    expect(problemsOf({ apps: { Mail_Alerts: { displayName: "X" } } })).toEqual([
      'apps.Mail_Alerts = "Mail_Alerts": app key must be lowercase letters, digits and dashes (at most 60), e.g. mail-alerts; it names the resources, so keep it stable',
    ]);
  });

  it("refuses a missing or list-shaped apps setting", () => {
    expect(problemsOf({ apps: undefined })[0]).toMatch(
      /^apps: is not set; declare at least one app/,
    );
    expect(problemsOf({ apps: [{ displayName: "X" }] })[0]).toMatch(
      /^apps = \[.*\]: must be a map of app key to settings/,
    );
    // An empty map is valid: it is how a stack removes its last app.
    expect(problemsOf({ apps: {} })).toEqual([]);
  });

  it("suggests the right name for a misspelt setting", () => {
    expect(problemsOf(appWith({ permisions: {} }))).toEqual([
      'apps.mail-alerts.permisions: is not a setting. Did you mean "permissions"?',
    ]);
  });

  it("refuses an unknown sign-in audience and lists the allowed ones", () => {
    expect(problemsOf(appWith({ signInAudience: "AzureADandPersonalMicrosoftAccount" }))).toEqual([
      'apps.mail-alerts.signInAudience = "AzureADandPersonalMicrosoftAccount": must be AzureADMyOrg (single tenant, the default and right for app-only access) or AzureADMultipleOrgs',
    ]);
  });

  it("allows https redirect URIs and http only for localhost", () => {
    expect(
      problemsOf(
        appWith({ redirectUris: ["https://jira.contoso.com/cb", "http://localhost:8080/cb"] }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        appWith({ redirectUris: ["http://jira.contoso.com/cb", "not a url", "https://a.com/#x"] }),
      ),
    ).toEqual([
      'apps.mail-alerts.redirectUris[0] = "http://jira.contoso.com/cb": must use https (Entra allows http only for localhost); change it to https://',
      'apps.mail-alerts.redirectUris[1] = "not a url": is not a URL; write a full URL such as https://app.contoso.com/callback',
      'apps.mail-alerts.redirectUris[2] = "https://a.com/#x": must not contain a #fragment (Entra refuses it); remove it',
    ]);
  });

  it("requires owners to be object IDs, each once", () => {
    const owner = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
    expect(problemsOf(appWith({ owners: [owner, "alice@contoso.com", owner] }))).toEqual([
      'apps.mail-alerts.owners[1] = "alice@contoso.com": is not an object ID; owners are user or service principal object IDs (GUIDs), e.g. from `az ad user show --id alice@contoso.com --query id`',
      `apps.mail-alerts.owners[2] = "${owner}": duplicate owner; list each owner once`,
    ]);
  });

  it("refuses duplicate permissions and non-list permission settings", () => {
    expect(
      problemsOf(
        appWith({
          permissions: {
            "Microsoft Graph": { application: ["Mail.Send", "Mail.Send"], delegated: "User.Read" },
          },
        }),
      ),
    ).toEqual([
      'apps.mail-alerts.permissions.Microsoft Graph.application[1] = "Mail.Send": duplicate permission; list each permission once',
      'apps.mail-alerts.permissions.Microsoft Graph.delegated = "User.Read": must be a list, e.g. [a, b]',
    ]);
  });

  it("refuses Azure AD Graph by name or appId, naming the Microsoft Graph permissions to use", () => {
    const problems = problemsOf(
      appWith({
        permissions: {
          "Azure AD Graph": {
            application: ["Directory.Read.All"],
            delegated: ["User.ReadBasic.All"],
          },
        },
      }),
    );
    expect(problems).toEqual([
      'apps.mail-alerts.permissions.Azure AD Graph = "Azure AD Graph": Azure AD Graph (00000002-0000-0000-c000-000000000000) is retired and no longer issues tokens. ' +
        "Microsoft Graph has the same permissions: move Directory.Read.All (application), User.ReadBasic.All (delegated) under `Microsoft Graph:`.",
    ]);
    expect(
      problemsOf(
        appWith({
          permissions: {
            "00000002-0000-0000-c000-000000000000": { application: ["Nope.Nothing"] },
          },
        }),
      )[0],
    ).toContain(
      "Microsoft Graph has no permission of the same name and kind for Nope.Nothing (application)",
    );
  });

  it("refuses unknown API names with a did-you-mean", () => {
    expect(
      problemsOf(appWith({ permissions: { "Microsoft Grpah": { application: ["Mail.Send"] } } })),
    ).toEqual([
      'apps.mail-alerts.permissions.Microsoft Grpah = "Microsoft Grpah": is not a known API name. Did you mean "Microsoft Graph"? ' +
        "Use one of Microsoft Graph, Office 365 Exchange Online, SharePoint Online, Dynamics CRM, or the API's appId (a GUID)",
    ]);
  });

  it("refuses the same API listed twice under different spellings", () => {
    expect(
      problemsOf(
        appWith({
          permissions: {
            "Microsoft Graph": { application: ["Mail.Send"] },
            "00000003-0000-0000-c000-000000000000": { application: ["User.Read.All"] },
          },
        }),
      ),
    ).toEqual([
      'apps.mail-alerts.permissions.00000003-0000-0000-c000-000000000000 = "00000003-0000-0000-c000-000000000000": names the same API as "Microsoft Graph"; merge the two entries',
    ]);
  });

  describe("clientSecret", () => {
    const secretProblems = (clientSecret: unknown) => problemsOf(appWith({ clientSecret }));

    it("accepts false, a rotation period and a fixed date within 365 days (the guardrail policy's limit)", () => {
      expect(secretProblems(false)).toEqual([]);
      expect(secretProblems({ rotateEveryDays: 182 })).toEqual([]);
      expect(secretProblems({ expiresOn: "2027-11-22" })).toEqual([]);
      expect(
        validateStackConfig(appWith({ clientSecret: false }), TODAY).apps[0].clientSecret,
      ).toEqual({ kind: "none" });
      expect(
        validateStackConfig(appWith({ clientSecret: { expiresOn: "2027-06-30" } }), TODAY).apps[0]
          .clientSecret,
      ).toEqual({
        kind: "fixed",
        expiresOn: "2027-06-30",
      });
    });

    it("explains Microsoft's 24-month cap and this project's 365 days when asked for a secret that never expires", () => {
      expect(secretProblems({ expiresOn: "Never" })).toEqual([
        'apps.mail-alerts.clientSecret.expiresOn = "Never": client secrets can no longer be created without an expiry: Microsoft caps them at 24 months and recommends under 12; this project allows 365 days. ' +
          "Use `rotateEveryDays: 90` for automatic rotation, or a date such as `expiresOn: 2027-05-22`",
      ]);
    });

    it("refuses dates in the past, beyond 365 days, or not written YYYY-MM-DD", () => {
      expect(secretProblems({ expiresOn: "2026-11-22" })).toEqual([
        'apps.mail-alerts.clientSecret.expiresOn = "2026-11-22": is not in the future (today is 2026-11-22); set a later date or use rotateEveryDays',
      ]);
      expect(secretProblems({ expiresOn: "2027-11-23" })).toEqual([
        'apps.mail-alerts.clientSecret.expiresOn = "2027-11-23": is more than 365 days ahead (Microsoft recommends under 12 months; the guardrail policy holds to it); the latest allowed today is 2027-11-22, or use rotateEveryDays',
      ]);
      expect(secretProblems({ expiresOn: "2027-02-30" })).toEqual([
        'apps.mail-alerts.clientSecret.expiresOn = "2027-02-30": must be a date written YYYY-MM-DD, e.g. expiresOn: 2027-05-22',
      ]);
    });

    it("refuses rotation periods outside 1..182 days (each secret lives twice that)", () => {
      for (const days of [0, 183, 1.5, "90"]) {
        expect(secretProblems({ rotateEveryDays: days })).toEqual([
          `apps.mail-alerts.clientSecret.rotateEveryDays = ${JSON.stringify(days)}: must be a whole number of days from 1 to 182; each secret then lives twice that long (at most 365 days), e.g. rotateEveryDays: 90`,
        ]);
      }
    });

    it("refuses both policies at once, true, and unknown keys", () => {
      expect(secretProblems({ rotateEveryDays: 90, expiresOn: "2027-06-30" })).toEqual([
        "apps.mail-alerts.clientSecret: set either expiresOn (one secret, fixed end date) or rotateEveryDays (two rotating secrets), not both",
      ]);
      expect(secretProblems(true)).toEqual([
        "apps.mail-alerts.clientSecret = true: must be false (no secret), { rotateEveryDays: 1..182 } or { expiresOn: YYYY-MM-DD }; the default is { rotateEveryDays: 90 }",
      ]);
      expect(secretProblems({ rotateEvery: 90 })).toEqual([
        "apps.mail-alerts.clientSecret.rotateEvery = 90: unknown setting; must be false (no secret), { rotateEveryDays: 1..182 } or { expiresOn: YYYY-MM-DD }; the default is { rotateEveryDays: 90 }",
      ]);
    });
  });

  it("reports every problem of every app in one pass", () => {
    const problems = problemsOf({
      apps: {
        one: { permisions: {}, clientSecret: { expiresOn: "Never" } },
        two: {
          displayName: "Two",
          redirectUris: ["http://x.contoso.com/"],
          permissions: { "Azure AD Graph": {} },
        },
      },
    });
    expect(problems.map((problem) => problem.split(" ")[0].replace(/:$/, ""))).toEqual(
      [
        "one.clientSecret.expiresOn",
        "one.permisions",
        "one.displayName",
        "two.redirectUris[0]",
        "two.permissions.Azure",
      ].map((path) => `apps.${path}`),
    );
  });
});
