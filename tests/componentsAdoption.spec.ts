import { GraphApp, GraphAppArgs } from "../components";
import { RecordingMocks, recordingMocks, registrationsSettled } from "./support/recordingMocks";

// GraphApp taking over objects made by hand in the portal, through Pulumi's `import` option.
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const GRAPH_SP = "9a9a9a9a-0000-4000-8000-0000000000aa";
const MAIL_SEND = "b633e1c5-b582-4048-a93e-9f11b44c7e96";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
const APP_OBJECT_ID = "a0a0a0a0-0000-4000-8000-000000000001";
const SP_OBJECT_ID = "5e5e5e5e-0000-4000-8000-000000000001";
const CREDENTIAL_ID = "fc000000-0000-4000-8000-000000000001";

const EXISTING = {
  application: `/applications/${APP_OBJECT_ID}`,
  servicePrincipal: `/servicePrincipals/${SP_OBJECT_ID}`,
  appRoleAssignments: {
    "graph/Mail.Send": `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/xGs1cSBfrkOo1mUvWq5C3A`,
    "graph/User.Read.All": `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/yHt2dTCgslPp2nVwXr6D4B`,
  },
  delegatedPermissionGrants: { graph: "/oauth2PermissionGrants/zIu3eUDhtmQq3oWxYs7E5C" },
  federatedCredentials: {
    "github-main": `${APP_OBJECT_ID}/federatedIdentityCredential/${CREDENTIAL_ID}`,
  },
};

function args(overrides: Partial<GraphAppArgs> = {}): GraphAppArgs {
  return {
    displayName: "Jira Mail",
    tenantId: "11111111-2222-3333-4444-555555555555",
    owners: ["3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091"],
    apis: [
      {
        resourceKey: "graph",
        resourceDisplayName: "Microsoft Graph",
        resourceAppId: GRAPH_APP_ID,
        resourceServicePrincipalObjectId: GRAPH_SP,
        applicationPermissions: [
          { value: "Mail.Send", id: MAIL_SEND },
          { value: "User.Read.All", id: USER_READ_ALL },
        ],
        delegatedPermissions: [{ value: "User.Read", id: USER_READ }],
      },
    ],
    federatedCredentials: [
      {
        name: "github-main",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/jira:ref:refs/heads/main",
        audiences: ["api://AzureADTokenExchange"],
      },
    ],
    clientSecret: {
      slots: [{ slot: "a", endDate: "2027-06-30T00:00:00Z", displayName: "jira" }],
      current: "a",
    },
    ...overrides,
  };
}

async function register(graphAppArgs: GraphAppArgs): Promise<RecordingMocks> {
  // A new app gets the object IDs the adopted one has, so the two runs can be compared.
  const mocks = await recordingMocks(
    {},
    {
      "azuread:index/application:Application jira": APP_OBJECT_ID,
      "azuread:index/servicePrincipal:ServicePrincipal jira": SP_OBJECT_ID,
    },
  );
  new GraphApp("jira", graphAppArgs);
  await registrationsSettled();
  return mocks;
}

const requestedAccesses = (mocks: RecordingMocks) =>
  mocks.resources.find((r) => r.type === "azuread:index/application:Application")!.inputs
    .requiredResourceAccesses;

describe("GraphApp existing objects", () => {
  it("registers each adopted child with exactly its import ID, and creates the client secret (passwords cannot be imported)", async () => {
    const mocks = await register(args({ existing: EXISTING }));
    expect(mocks.importIds()).toEqual({
      "azuread:index/application:Application jira": EXISTING.application,
      "azuread:index/servicePrincipal:ServicePrincipal jira": EXISTING.servicePrincipal,
      "azuread:index/appRoleAssignment:AppRoleAssignment jira-graph-Mail.Send":
        EXISTING.appRoleAssignments["graph/Mail.Send"],
      "azuread:index/appRoleAssignment:AppRoleAssignment jira-graph-User.Read.All":
        EXISTING.appRoleAssignments["graph/User.Read.All"],
      "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant jira-graph-delegated":
        EXISTING.delegatedPermissionGrants.graph,
      "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential jira-federated-github-main":
        EXISTING.federatedCredentials["github-main"],
      "azuread:index/applicationPassword:ApplicationPassword jira-secret": undefined,
    });
  });

  it("keeps the live order of an adopted app's permission IDs, roles and scopes interleaved, instead of sorting", async () => {
    const apis = args().apis!.map((api) => ({
      ...api,
      // The portal adds User.Read first; permissions added later follow in the order added.
      applicationPermissions: [...(api.applicationPermissions ?? [])].reverse(),
      resourceAccessOrder: [USER_READ, USER_READ_ALL, MAIL_SEND],
    }));
    const adopted = await register(args({ apis, existing: EXISTING }));
    expect(requestedAccesses(adopted)).toEqual([
      {
        resourceAppId: GRAPH_APP_ID,
        resourceAccesses: [
          { id: USER_READ, type: "Scope" },
          { id: USER_READ_ALL, type: "Role" },
          { id: MAIL_SEND, type: "Role" },
        ],
      },
    ]);
    // Without an order, an adopted app keeps application then delegated IDs as given.
    const asGiven = await register(
      args({
        apis: apis.map((api) => ({ ...api, resourceAccessOrder: undefined })),
        existing: EXISTING,
      }),
    );
    expect(requestedAccesses(asGiven)).toEqual([
      {
        resourceAppId: GRAPH_APP_ID,
        resourceAccesses: [
          { id: USER_READ_ALL, type: "Role" },
          { id: MAIL_SEND, type: "Role" },
          { id: USER_READ, type: "Scope" },
        ],
      },
    ]);
    // A new app ignores the order: sorted, so config order never causes a diff.
    const created = await register(args({ apis }));
    expect(requestedAccesses(created)).toEqual([
      {
        resourceAppId: GRAPH_APP_ID,
        resourceAccesses: [
          { id: MAIL_SEND, type: "Role" },
          { id: USER_READ_ALL, type: "Role" },
          { id: USER_READ, type: "Scope" },
        ],
      },
    ]);
  });

  it("changes nothing without existing: no import IDs, and the same names and inputs as an adoption of the same app", async () => {
    const created = await register(args());
    expect(created.resources.filter((r) => r.importId !== undefined)).toEqual([]);
    const adopted = await register(args({ existing: EXISTING }));
    const withoutImport = (mocks: RecordingMocks) =>
      mocks.resources
        .map(({ type, name, custom, inputs }) => ({ type, name, custom, inputs }))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
    expect(withoutImport(adopted)).toEqual(withoutImport(created));
    expect(Object.keys(created.importIds()).sort()).toEqual([
      "azuread:index/appRoleAssignment:AppRoleAssignment jira-graph-Mail.Send",
      "azuread:index/appRoleAssignment:AppRoleAssignment jira-graph-User.Read.All",
      "azuread:index/application:Application jira",
      "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential jira-federated-github-main",
      "azuread:index/applicationPassword:ApplicationPassword jira-secret",
      "azuread:index/servicePrincipal:ServicePrincipal jira",
      "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant jira-graph-delegated",
    ]);
  });

  it("refuses import IDs of the wrong form and entries that name nothing it creates, all at once", async () => {
    await recordingMocks();
    expect(
      () =>
        new GraphApp(
          "jira",
          args({
            adminConsent: false,
            existing: {
              application: APP_OBJECT_ID,
              appRoleAssignments: {
                "graph/Mail.Send": EXISTING.appRoleAssignments["graph/Mail.Send"],
              },
              federatedCredentials: {
                "github-main": `b0b0b0b0-0000-4000-8000-000000000009/federatedIdentityCredential/${CREDENTIAL_ID}`,
                "github-pr": `${APP_OBJECT_ID}/federatedIdentityCredentials/${CREDENTIAL_ID}`,
              },
            },
          }),
        ),
    ).toThrow(
      [
        `GraphApp jira: existing.application = "${APP_OBJECT_ID}" is not an import ID of the form /applications/{objectId}`,
        `existing.appRoleAssignments["graph/Mail.Send"] names nothing this app creates (its keys: none)`,
        `existing.federatedCredentials["github-pr"] = "${APP_OBJECT_ID}/federatedIdentityCredentials/${CREDENTIAL_ID}" is not an import ID of the form {appObjectId}/federatedIdentityCredential/{credentialId}`,
        `existing.federatedCredentials["github-pr"] names nothing this app creates (its keys: github-main)`,
      ].join("; "),
    );
    const otherApp = "b0b0b0b0-0000-4000-8000-000000000009";
    expect(
      () =>
        new GraphApp(
          "jira",
          args({
            existing: {
              application: EXISTING.application,
              federatedCredentials: {
                "github-main": `${otherApp}/federatedIdentityCredential/${CREDENTIAL_ID}`,
              },
            },
          }),
        ),
    ).toThrow(
      `GraphApp jira: existing.federatedCredentials["github-main"] = "${otherApp}/federatedIdentityCredential/${CREDENTIAL_ID}" belongs to application ${otherApp}, not the adopted ${APP_OBJECT_ID}`,
    );
  });
});
