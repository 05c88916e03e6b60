import { RecordedResource, TYPES } from "../tools/tenant/simulatedTenant";
import { TODAY, oneApp, runProgram } from "./support/simulate";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const MAIL_SEND = "b633e1c5-b582-4048-a93e-9f11b44c7e96";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
const DEPLOYER = "5e0e3f0a-1b2c-4d3e-8f40-516273849a0b";
/** Microsoft Graph's service principal in the simulated tenant, as getServicePrincipal returns it. */
const GRAPH_SP = "c4e18bcc-6985-4914-a3ff-f74ed3bbc152";

function customResources(resources: RecordedResource[]) {
  return resources
    .filter((resource) => resource.custom)
    .map((resource) => ({ type: resource.type, name: resource.name, inputs: resource.inputs }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

describe("the program", () => {
  it("registers the app, its service principal, one assignment per application permission and two rotating secrets", async () => {
    const { tenant } = await runProgram(
      oneApp("mail-alerts", {
        displayName: "Proxmox Mail Alerts",
        permissions: { "Microsoft Graph": { application: ["User.Read.All", "Mail.Send"] } },
      }),
    );
    const application = tenant.resource(TYPES.application, "mail-alerts");
    const servicePrincipal = tenant.resource(TYPES.servicePrincipal, "mail-alerts");
    expect(application.inputs).toEqual({
      displayName: "Proxmox Mail Alerts",
      signInAudience: "AzureADMyOrg",
      owners: [],
      requiredResourceAccesses: [
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccesses: [
            { id: MAIL_SEND, type: "Role" },
            { id: USER_READ_ALL, type: "Role" },
          ],
        },
      ],
    });
    expect(servicePrincipal.inputs).toEqual({
      clientId: application.state.clientId,
      owners: [],
    });
    expect(tenant.resource(TYPES.appRoleAssignment, "mail-alerts-graph-Mail.Send").inputs).toEqual({
      appRoleId: MAIL_SEND,
      principalObjectId: servicePrincipal.state.objectId,
      resourceObjectId: GRAPH_SP,
    });
    expect(
      tenant.resource(TYPES.appRoleAssignment, "mail-alerts-graph-User.Read.All").inputs.appRoleId,
    ).toBe(USER_READ_ALL);
    expect(tenant.resource(TYPES.applicationPassword, "mail-alerts-secret-a").inputs).toEqual({
      applicationId: application.id,
      displayName: "entra-graph-apps rotation 2026-09-04 to 2027-03-03",
      endDate: "2027-03-03T00:00:00Z",
    });
    // No start date is sent: Graph starts the password at creation (and refuses a past start).
    expect(tenant.resource(TYPES.applicationPassword, "mail-alerts-secret-a").state.startDate).toBe(
      "2026-11-22T09:30:00Z",
    );
    expect(tenant.resource(TYPES.applicationPassword, "mail-alerts-secret-b").inputs.endDate).toBe(
      "2026-12-03T00:00:00Z",
    );
    expect(
      customResources(tenant.resources).map((r) => `${r.type.split(":").pop()} ${r.name}`),
    ).toEqual([
      "Application mail-alerts",
      "ApplicationPassword mail-alerts-secret-a",
      "ApplicationPassword mail-alerts-secret-b",
      "AppRoleAssignment mail-alerts-graph-Mail.Send",
      "AppRoleAssignment mail-alerts-graph-User.Read.All",
      "ServicePrincipal mail-alerts",
    ]);
  });

  it("looks up each resource API once per stack however many apps use it", async () => {
    const apps: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) {
      apps[`app-${i}`] = {
        displayName: `App ${i}`,
        permissions: {
          "Microsoft Graph": { application: ["Mail.Send"] },
          ...(i % 2 === 0 ? { "SharePoint Online": { application: ["Sites.Selected"] } } : {}),
        },
      };
    }
    const { tenant } = await runProgram({ apps });
    expect(
      tenant.lookups.map((lookup) => [lookup.token.split(":").pop(), lookup.inputs]).sort(),
    ).toEqual([
      ["getClientConfig", {}],
      ["getServicePrincipal", { clientId: GRAPH_APP_ID }],
      ["getServicePrincipal", { clientId: "00000003-0000-0ff1-ce00-000000000000" }],
    ]);
    expect(tenant.resourcesOfType(TYPES.appRoleAssignment)).toHaveLength(18);
    expect(
      tenant.resource(TYPES.appRoleAssignment, "app-0-sharepoint-Sites.Selected").inputs.appRoleId,
    ).toBe("20d37865-089c-4dee-8c41-6967602d4ac8");
  });

  it("registers the same resources whatever order apps, APIs and permissions are listed in", async () => {
    const forward = await runProgram({
      apps: {
        a: {
          displayName: "A",
          owners: ["3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091", "4a2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8092"],
          redirectUris: ["https://a.contoso.com/1", "https://a.contoso.com/2"],
          permissions: {
            "Microsoft Graph": {
              application: ["Mail.Send", "User.Read.All"],
              delegated: ["User.Read", "Mail.Read"],
            },
            "SharePoint Online": { application: ["Sites.Selected"] },
          },
        },
        b: { displayName: "B", permissions: { "Microsoft Graph": { application: ["Mail.Send"] } } },
      },
    });
    const reversed = await runProgram({
      apps: {
        b: { displayName: "B", permissions: { "Microsoft Graph": { application: ["Mail.Send"] } } },
        a: {
          displayName: "A",
          owners: ["4a2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8092", "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091"],
          redirectUris: ["https://a.contoso.com/2", "https://a.contoso.com/1"],
          permissions: {
            "SharePoint Online": { application: ["Sites.Selected"] },
            "Microsoft Graph": {
              delegated: ["Mail.Read", "User.Read"],
              application: ["User.Read.All", "Mail.Send"],
            },
          },
        },
      },
    });
    expect(customResources(reversed.tenant.resources)).toEqual(
      customResources(forward.tenant.resources),
    );
    expect(
      forward.tenant.resource(TYPES.delegatedGrant, "a-graph-delegated").inputs.claimValues,
    ).toEqual(["Mail.Read", "User.Read"]);
  });

  it("grants delegated permissions with one tenant-wide grant per API", async () => {
    const { tenant } = await runProgram(
      oneApp("portal", {
        displayName: "Portal",
        permissions: { "Microsoft Graph": { delegated: ["User.Read"] } },
      }),
    );
    const sp = tenant.resource(TYPES.servicePrincipal, "portal");
    expect(tenant.resource(TYPES.delegatedGrant, "portal-graph-delegated").inputs).toEqual({
      servicePrincipalObjectId: sp.state.objectId,
      resourceServicePrincipalObjectId: GRAPH_SP,
      claimValues: ["User.Read"],
    });
    expect(tenant.resource(TYPES.application, "portal").inputs.requiredResourceAccesses).toEqual([
      { resourceAppId: GRAPH_APP_ID, resourceAccesses: [{ id: USER_READ_SCOPE, type: "Scope" }] },
    ]);
  });

  it("requests permissions without granting them when adminConsent is false", async () => {
    const { tenant } = await runProgram(
      oneApp("mail", {
        displayName: "Mail",
        adminConsent: false,
        permissions: {
          "Microsoft Graph": { application: ["Mail.Send"], delegated: ["User.Read"] },
        },
      }),
    );
    expect(tenant.resourcesOfType(TYPES.appRoleAssignment)).toEqual([]);
    expect(tenant.resourcesOfType(TYPES.delegatedGrant)).toEqual([]);
    expect(
      tenant.resource(TYPES.application, "mail").inputs.requiredResourceAccesses[0]
        .resourceAccesses,
    ).toEqual([
      { id: MAIL_SEND, type: "Role" },
      { id: USER_READ_SCOPE, type: "Scope" },
    ]);
  });

  it("creates one password ending on the configured day for a fixed expiry", async () => {
    const { tenant } = await runProgram(
      oneApp("export", { displayName: "Export", clientSecret: { expiresOn: "2027-11-01" } }),
    );
    expect(
      tenant.resourcesOfType(TYPES.applicationPassword).map((p) => [p.name, p.inputs]),
    ).toEqual([
      [
        "export-secret",
        {
          applicationId: tenant.resource(TYPES.application, "export").id,
          displayName: "entra-graph-apps, expires 2027-11-01",
          endDate: "2027-11-01T00:00:00Z",
        },
      ],
    ]);
  });

  it("sends only the configured owners, lower-cased, sorted and without repeats, whoever deploys", async () => {
    const owner = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
    const config = {
      defaults: { owners: [owner.toUpperCase()] },
      apps: { a: { displayName: "A", owners: [owner, "00000000-0000-0000-0000-00000000000a"] } },
    };
    const byPipeline = await runProgram(config, TODAY, { deployerObjectId: DEPLOYER });
    const byLaptop = await runProgram(config, TODAY, {
      deployerObjectId: "ffffffff-0000-0000-0000-000000000000",
    });
    for (const { tenant } of [byPipeline, byLaptop]) {
      expect(tenant.resource(TYPES.application, "a").inputs.owners).toEqual([
        "00000000-0000-0000-0000-00000000000a",
        owner,
      ]);
      expect(tenant.resource(TYPES.servicePrincipal, "a").inputs.owners).toEqual([
        "00000000-0000-0000-0000-00000000000a",
        owner,
      ]);
    }
  });

  it("gets the same IDs from the same config on a fresh tenant, whatever the run", async () => {
    const config = oneApp("mail", {
      displayName: "Mail",
      permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
    });
    const first = await runProgram(config);
    const second = await runProgram(config);
    expect(second.tenant.resources.map((r) => r.id)).toEqual(
      first.tenant.resources.map((r) => r.id),
    );
    expect(first.tenant.resource(TYPES.application, "mail").id).toMatch(
      /^\/applications\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
