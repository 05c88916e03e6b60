import * as fs from "fs";
import * as path from "path";
import { GraphServicePrincipal } from "../tools/tenant/directory/graphTypes";
import { adopt, projectWith } from "./support/adoptRun";
import {
  ADMIN,
  exportOf,
  GRAPH_APP_ID,
  GRAPH_SP_ID,
  portalApp,
  PortalAppSpec,
} from "./support/portalApps";
import { jiraMail } from "./support/seedExports";

// Apps adopt refuses, each with every reason: a live setting the stack does not model (Pulumi
// refuses an import whose inputs differ from the live object), permissions the program would
// refuse, and consent or owners it could not reproduce.

const AAD_GRAPH = "00000002-0000-0000-c000-000000000000";
const ARGS = ["--all", "--stack", "dev", "--from-export", "tenant.json"];

function app(overrides: Partial<PortalAppSpec>) {
  return portalApp({
    objectId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    appId: "aa2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    spId: "ba2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    displayName: "Legacy Portal App",
    access: [{ value: "Mail.Send", kind: "application" }],
    consentIds: ["AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE"],
    ...overrides,
  });
}

/** Adopt into an empty project; the refused app's reasons (stderr lines after its heading). */
async function refusedReasons(bundleApp: ReturnType<typeof app>) {
  const dir = projectWith(exportOf(bundleApp));
  const run = await adopt(dir, ARGS);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(fs.existsSync(path.join(dir, "Pulumi.dev.yaml"))).toBe(false);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines[0]).toBe(
    'adopt: refused "Legacy Portal App" (appId aa2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d); nothing written for it:',
  );
  expect(lines.at(-1)).toBe(
    "adopt: every requested app was refused; nothing was written to Pulumi.dev.yaml",
  );
  return lines.slice(1, -1);
}

const CHANGED_AFTER_IMPORT =
  "; the first pulumi up would change it right after importing the app (Pulumi updates an imported object to match the config)";

describe("adopt refuses an app it cannot reproduce exactly", () => {
  it("lists every setting the stack does not model: identifier URI, implicit grant, SPA and public client URIs, app roles, optional claims", async () => {
    const reasons = await refusedReasons(
      app({
        extra: {
          identifierUris: ["api://legacy"],
          web: {
            redirectUris: [],
            homePageUrl: null,
            logoutUrl: "https://legacy.contoso.com/logout",
            implicitGrantSettings: {
              enableAccessTokenIssuance: false,
              enableIdTokenIssuance: true,
            },
          },
          spa: { redirectUris: ["https://legacy.contoso.com/spa"] },
          publicClient: { redirectUris: ["msal://callback"] },
          appRoles: [
            { id: "6d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a", value: "Reader", isEnabled: true },
          ],
          optionalClaims: { idToken: [{ name: "email" }], accessToken: [], saml2Token: [] },
          groupMembershipClaims: "SecurityGroup",
        },
        spExtra: { appRoleAssignmentRequired: true },
      }),
    );
    expect(reasons).toEqual([
      `  - identifierUris = ["api://legacy"]: this stack sets no identifier URIs (Application ID URI)${CHANGED_AFTER_IMPORT}`,
      `  - web.implicitGrantSettings.enableIdTokenIssuance = true: this stack does not enable the implicit grant${CHANGED_AFTER_IMPORT}`,
      `  - web.logoutUrl = "https://legacy.contoso.com/logout": this stack sets no front-channel logout URL${CHANGED_AFTER_IMPORT}`,
      `  - spa.redirectUris = ["https://legacy.contoso.com/spa"]: this stack sets web redirect URIs only, no single-page application platform${CHANGED_AFTER_IMPORT}`,
      `  - publicClient.redirectUris = ["msal://callback"]: this stack sets web redirect URIs only, no mobile and desktop platform${CHANGED_AFTER_IMPORT}`,
      `  - appRoles = ["Reader"]: this stack defines no app roles${CHANGED_AFTER_IMPORT}`,
      `  - optionalClaims = ["idToken:email"]: this stack adds no optional claims${CHANGED_AFTER_IMPORT}`,
      `  - groupMembershipClaims = "SecurityGroup": this stack adds no group claims${CHANGED_AFTER_IMPORT}`,
      `  - servicePrincipal.appRoleAssignmentRequired = true: this stack does not require assignment${CHANGED_AFTER_IMPORT}`,
    ]);
  });

  it("refuses permissions of the retired Azure AD Graph, naming them and their Microsoft Graph twins", async () => {
    const legacy = app({
      access: [],
      extra: {
        requiredResourceAccess: [
          {
            resourceAppId: AAD_GRAPH,
            resourceAccess: [{ id: "311a71cc-e848-46a1-bdf8-97ff7156d8e6", type: "Scope" }],
          },
        ],
      },
    });
    legacy.servicePrincipals.push(azureAdGraph());
    expect(await refusedReasons(legacy)).toEqual([
      "  - requests permissions of the retired Azure AD Graph (00000002-0000-0000-c000-000000000000), which no longer issues tokens: User.Read (delegated). Microsoft Graph has User.Read (delegated) under the same names. Remove the Azure AD Graph permissions in the portal (API permissions), add their Microsoft Graph equivalents if the app still needs them, and run adopt again",
    ]);
  });

  it("refuses an unknown permission GUID the API does not publish", async () => {
    const unknown = app({
      access: [],
      extra: {
        requiredResourceAccess: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccess: [{ id: "0badc0de-1111-4222-8333-444455556666", type: "Role" }],
          },
        ],
      },
    });
    expect(await refusedReasons(unknown)).toEqual([
      "  - requests application permission 0badc0de-1111-4222-8333-444455556666 of Microsoft Graph, which the API does not publish (an unknown permission GUID: removed from the API, or never one of its app roles). Remove it in the portal (API permissions) and run adopt again",
    ]);
  });

  it("refuses owners it cannot give both objects, a grant wider than the requests, and a federated credential with a description", async () => {
    const other = { ...ADMIN, id: "2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a3b5c7d" };
    const bundle = app({
      access: [{ value: "User.Read", kind: "delegated" }],
      consentIds: ["GrAnT0123456789abcdefghijklmnopqrstuvwxyzAB"],
      spOwners: [ADMIN, other],
      federated: [
        {
          id: "7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b",
          name: "deploy",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:contoso/legacy:environment:prod",
          audiences: ["api://AzureADTokenExchange"],
          description: "made in the portal",
        },
      ],
    });
    // Consent granted again later, through a sign-in that asked for more.
    bundle.oauth2PermissionGrants[0].scope = "User.Read openid profile";
    expect(await refusedReasons(bundle)).toEqual([
      "  - the tenant-wide delegated grant to Microsoft Graph also holds openid, profile, which the app does not request; this stack grants exactly the requested scopes, so the first pulumi up would narrow the grant right after importing it. Request them in the portal or remove them from the grant, and run adopt again",
      `  - owners: the application is owned by [${ADMIN.id}] and its service principal by [${ADMIN.id}, ${other.id}]; this stack gives both the same owners (the first pulumi up would change one of them). Make them the same (App registrations > Owners, Enterprise applications > Owners) and run adopt again`,
      "  - federated credential deploy has a description, which this stack does not set (the first pulumi up would clear it); clear it in the portal and run adopt again",
    ]);
  });

  it("refuses an app whose export does not list its service principal's owners (an export made without them)", async () => {
    const bundle = app({});
    delete bundle.owners["ba2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"];
    expect(await refusedReasons(bundle)).toEqual([
      "  - the export does not list the owners of its service principal, so the import of the service principal cannot be checked; export again with a reader that reads /servicePrincipals/{id}/owners",
    ]);
  });

  it("refuses what the stack's own rules refuse, with the program's message (an http redirect URI)", async () => {
    const reasons = await refusedReasons(app({ redirectUris: ["http://legacy.contoso.com/cb"] }));
    expect(reasons).toEqual([
      '  - the stack\'s rules refuse the config it needs: apps.legacy-portal-app.redirectUris[0] = "http://legacy.contoso.com/cb": must use https (Entra allows http only for localhost); change it to https://',
    ]);
  });
});

describe("adopt with some apps refused", () => {
  it("writes the others, exits 0 and lists the refused one on stderr", async () => {
    const dir = projectWith(
      exportOf(jiraMail(), app({ extra: { identifierUris: ["api://legacy"] } })),
    );
    const run = await adopt(dir, ARGS);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'adopt: refused "Legacy Portal App" (appId aa2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d); nothing written for it:\n' +
        `  - identifierUris = ["api://legacy"]: this stack sets no identifier URIs (Application ID URI)${CHANGED_AFTER_IMPORT}\n`,
    );
    expect(run.stdout.split("\n")[0]).toBe(
      "adopt: 1 app written to Pulumi.dev.yaml (read from tenant.json); 1 refused (see above).",
    );
    const written = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
    expect(written).toContain("jira-email-this-issue:");
    expect(written).not.toContain("Legacy Portal App");
  });

  it("leaves a granted permission the app does not request outside the stack, and says so", async () => {
    const extra = app({});
    extra.appRoleAssignments.push({
      ...extra.appRoleAssignments[0],
      id: "ExTrA0123456789abcdefghijklmnopqrstuvwxyzAB",
      appRoleId: "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
    });
    const run = await adopt(projectWith(exportOf(extra)), ARGS);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `    - app role Directory.ReadWrite.All (19dbc75e-c2e2-444c-a770-ec69d8559fc7) of Microsoft Graph is granted (assignment ExTrA0123456789abcdefghijklmnopqrstuvwxyzAB) but not requested: it is not taken over and stays in the tenant (drift reports it); remove it, or request it in the portal and run adopt again`,
    );
    expect(run.stdout).not.toContain(`${GRAPH_SP_ID}/appRoleAssignedTo/ExTrA`);
  });
});

function azureAdGraph(): GraphServicePrincipal {
  return {
    id: "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
    appId: AAD_GRAPH,
    displayName: "Windows Azure Active Directory",
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appOwnerOrganizationId: "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
    appRoles: [],
    oauth2PermissionScopes: [
      {
        id: "311a71cc-e848-46a1-bdf8-97ff7156d8e6",
        value: "User.Read",
        type: "User",
        adminConsentDisplayName: "Sign in and read user profile",
        adminConsentDescription: "Sign in and read user profile",
        userConsentDisplayName: null,
        userConsentDescription: null,
        isEnabled: true,
      },
    ],
    servicePrincipalNames: [AAD_GRAPH],
    tags: [],
    notes: null,
    passwordCredentials: [],
    keyCredentials: [],
  };
}
