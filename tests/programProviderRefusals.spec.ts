import fc from "fast-check";
import { StackConfigError } from "../program/stackConfigError";
import { RawStackConfig } from "../program/config/validateStackConfig";
import { isRedirectUri } from "../tools/tenant/provider/validators";
import { runProgram, runProgramExpectingError } from "./support/simulate";

// Issue 24, finding 11: what the azuread provider (or Entra) refuses is refused by config
// before anything registers. Before, a redirect URI ending in a tab passed config (JavaScript's
// URL parser drops it), the provider refused it, and the valid app's resources were registered
// first. The simulated tenant runs the provider's own checks, so a value that slipped through
// config would show up as registered resources or a provider error, not a config error.

/** An app that registers many resources: app, service principal, grant, secrets, credential. */
const VALID_APP = {
  displayName: "Mail Alerts",
  notes: "Owned by the platform team",
  redirectUris: ["https://mail.contoso.com/callback"],
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
  federatedCredentials: {
    ci: { github: { repository: "contoso/mail", branch: "main" } },
    idp: { issuer: "https://idp.contoso.com/", subject: "svc-42", audiences: ["api://mail"] },
  },
};

type Setting = { path: (string | number)[]; valid: string };

/** The free-text settings that reach the provider, each with a value it accepts. */
const SETTINGS: Setting[] = [
  { path: ["redirectUris", 0], valid: "https://mail.contoso.com/callback" },
  { path: ["displayName"], valid: "Mail Alerts" },
  { path: ["notes"], valid: "Owned by the platform team" },
  { path: ["federatedCredentials", "idp", "issuer"], valid: "https://idp.contoso.com/" },
  { path: ["federatedCredentials", "idp", "subject"], valid: "svc-42" },
  { path: ["federatedCredentials", "idp", "audiences", 0], valid: "api://mail" },
  { path: ["federatedCredentials", "ci", "github", "branch"], valid: "main" },
];

/** The same app with one setting replaced (GitHub triggers: environment and tag swap branch out). */
function appWith(path: (string | number)[], value: string): Record<string, unknown> {
  const app = structuredClone(VALID_APP) as Record<string, unknown>;
  let holder = app as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === "environment" || last === "tag") delete holder.branch;
  holder[last] = value;
  return app;
}

/** The config path a problem names: apps.<key>.federatedCredentials.idp.audiences[0]. */
function configPath(appKey: string, path: (string | number)[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${key}`),
    `apps.${appKey}`,
  );
}

/** Control characters: C0, DEL and C1 (a line feed is allowed in notes only). */
const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f }))
  .map((code) => String.fromCharCode(code));

describe("the program refusing what the provider would refuse", () => {
  it("registers nothing when the second app's redirect URI ends in a tab (finding 11)", async () => {
    const uri = "https://portal.contoso.com/callback\t";
    // The provider's check (tools/tenant/provider/validators.ts, uri.go on Go's url.Parse).
    expect(isRedirectUri(true)(uri, "web.0.redirect_uris.0")).toEqual([
      'URI is in an invalid format for "web.0.redirect_uris.0"',
    ]);
    const { error, tenant } = await runProgramExpectingError({
      apps: {
        "mail-alerts": VALID_APP,
        portal: { displayName: "Portal", redirectUris: [uri] },
      },
    });
    expect(error).toBeInstanceOf(StackConfigError);
    expect(error.message.split("\n")).toEqual([
      "entra-graph-apps: stack config has 1 problem; nothing was created or changed:",
      expect.stringMatching(
        /^ {2}- apps\.portal\.redirectUris\[0\] = "https:\/\/portal\.contoso\.com\/callback\\t": contains a control character, U\+0009 \(tab\) at character 36: .* Remove it/,
      ),
    ]);
    expect(tenant.resources).toEqual([]);
  });

  it("registers the valid app in full when nothing is refused (the baseline the refusals are measured against)", async () => {
    const { tenant } = await runProgram({ apps: { "mail-alerts": VALID_APP } });
    // Eleven registrations, seven of them custom resources: what a refusal must leave unregistered.
    expect(tenant.resources.map((resource) => `${resource.type} ${resource.name}`).sort()).toEqual(
      [
        "entra-graph-apps:apps:GraphApp mail-alerts",
        "entra-graph-apps:apps:AppRegistration mail-alerts",
        "entra-graph-apps:apps:AdminConsent mail-alerts-graph",
        "entra-graph-apps:apps:ClientSecret mail-alerts-secret",
        "azuread:index/application:Application mail-alerts",
        "azuread:index/applicationPassword:ApplicationPassword mail-alerts-secret-a",
        "azuread:index/applicationPassword:ApplicationPassword mail-alerts-secret-b",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential mail-alerts-federated-ci",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential mail-alerts-federated-idp",
        "azuread:index/servicePrincipal:ServicePrincipal mail-alerts",
        "azuread:index/appRoleAssignment:AppRoleAssignment mail-alerts-graph-Mail.Send",
      ].sort(),
    );
  });

  it("refuses a control character in any setting that reaches the provider, on either app, and registers nothing (property)", async () => {
    const refusal = fc
      .record({
        setting: fc.constantFrom(...SETTINGS),
        githubField: fc.constantFrom("branch", "environment", "tag"),
        control: controlCharacter,
        at: fc.nat(),
        onSecondApp: fc.boolean(),
      })
      .filter(({ setting, control }) => !(setting.path[0] === "notes" && control === "\n"));
    await fc.assert(
      fc.asyncProperty(refusal, async ({ setting, githubField, control, at, onSecondApp }) => {
        const path = setting.path.includes("github")
          ? [...setting.path.slice(0, -1), githubField]
          : setting.path;
        const where = at % (setting.valid.length + 1);
        const value = setting.valid.slice(0, where) + control + setting.valid.slice(where);
        const refused = appWith(path, value);
        const raw: RawStackConfig = {
          apps: onSecondApp
            ? { first: VALID_APP, second: refused }
            : { first: refused, second: VALID_APP },
        };
        const { error, tenant } = await runProgramExpectingError(raw);
        expect(error).toBeInstanceOf(StackConfigError);
        const appKey = onSecondApp ? "second" : "first";
        expect(error.message).toContain(`  - ${configPath(appKey, path)} = `);
        const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
        expect(error.message).toMatch(new RegExp(`control character.*U\\+${code}`));
        expect(tenant.resources).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a redirect URI the provider's url.Parse refuses, and registers nothing (property)", async () => {
    const broken = fc.constantFrom(
      "https://mail.contoso.com/a%zz", // invalid URL escape
      "https://mail contoso.com/cb", // space in the host
      "https://mail.contoso.com:44x/cb", // invalid port
      "https://[::1/cb", // missing ]
      "https://[1.2.3.4]/cb", // IPv4 in brackets
      "https://mail%41.contoso.com/cb", // %-escaped ASCII in a host
      "https://mail.contoso.com", // no path: "must have a trailing slash"
      "https:///cb", // no host
    );
    await fc.assert(
      fc.asyncProperty(broken, fc.boolean(), async (uri, onSecondApp) => {
        expect(isRedirectUri(true)(uri, "web.0.redirect_uris.0")).toHaveLength(1);
        const refused = appWith(["redirectUris", 0], uri);
        const { error, tenant } = await runProgramExpectingError({
          apps: onSecondApp
            ? { first: VALID_APP, second: refused }
            : { first: refused, second: VALID_APP },
        });
        expect(error).toBeInstanceOf(StackConfigError);
        expect(error.message).toContain(
          `  - apps.${onSecondApp ? "second" : "first"}.redirectUris[0] = `,
        );
        expect(tenant.resources).toEqual([]);
      }),
      { numRuns: 16 },
    );
  });
});
