import * as pulumi from "@pulumi/pulumi";
import { SimulatedTenant, TYPES } from "../tenant/simulatedTenant";
import { valueOf } from "../tenant/evaluateProgram";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const MAIL_SEND_ROLE = "b633e1c5-b582-4048-a93e-9f11b44c7e96";
const USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";

let tenant: SimulatedTenant;
let azuread: typeof import("@pulumi/azuread");

beforeEach(async () => {
  tenant = new SimulatedTenant({ now: new Date("2026-11-22T00:00:00Z") });
  await pulumi.runtime.setMocks(tenant, "entra-graph-apps", "test", false);
  azuread = await import("@pulumi/azuread");
});

/** An application and its service principal, registered in the simulated tenant. */
async function appWithServicePrincipal(name: string) {
  const application = new azuread.Application(name, { displayName: name });
  const servicePrincipal = new azuread.ServicePrincipal(name, { clientId: application.clientId });
  return { application, servicePrincipalObjectId: await valueOf(servicePrincipal.objectId) };
}

describe("the simulated tenant", () => {
  it("publishes Microsoft Graph with its real app roles and scopes from the catalog", async () => {
    const graph = await azuread.getServicePrincipal({ clientId: GRAPH_APP_ID });
    expect(graph.displayName).toBe("Microsoft Graph");
    expect(graph.appRoles.find((role) => role.value === "Mail.Send")).toMatchObject({
      id: MAIL_SEND_ROLE,
      allowedMemberTypes: ["Application"],
      enabled: true,
    });
    expect(graph.oauth2PermissionScopeIds["User.Read"]).toBe(USER_READ_SCOPE);
    expect(graph.appRoles).toHaveLength(534);
  });

  it("answers client config with its tenant and deployer", async () => {
    const config = await azuread.getClientConfig();
    expect(config).toMatchObject({ tenantId: tenant.tenantId, objectId: tenant.deployerObjectId });
  });

  it("fails a lookup of an API that has no service principal", async () => {
    // The mock runtime drops an invoke error's text on the way back; the call must still fail.
    await expect(
      azuread.getServicePrincipal({ clientId: "aaaaaaaa-0000-0000-0000-000000000000" }),
    ).rejects.toThrow();
    await expect(
      tenant.call({
        token: TYPES.getServicePrincipal,
        inputs: { clientId: "aaaaaaaa-0000-0000-0000-000000000000" },
        provider: "",
      }),
    ).rejects.toThrow(
      'service principal not found: no service principal matching {"clientId":"aaaaaaaa-0000-0000-0000-000000000000"}',
    );
  });

  it("accepts an app role assignment of an existing application role", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    const assignment = new azuread.AppRoleAssignment("ok", {
      appRoleId: MAIL_SEND_ROLE,
      principalObjectId: servicePrincipalObjectId,
      resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
    });
    expect(await valueOf(assignment.id)).toMatch(
      /^\/servicePrincipals\/[0-9a-f-]{36}\/appRoleAssignedTo\/[0-9a-f-]{36}$/,
    );
    expect(await valueOf(assignment.resourceDisplayName)).toBe("Microsoft Graph");
  });

  // Refusals are asserted on the tenant's Mocks interface directly: under Pulumi's mock runtime a
  // refused registration also rejects promises nobody awaits, which would crash the test worker.
  const register = (type: string, name: string, inputs: Record<string, unknown>) =>
    tenant.newResource({
      type,
      name,
      inputs,
      custom: true,
      provider: "",
      id: undefined,
    } as pulumi.runtime.MockResourceArgs);

  it("refuses an app role assignment naming a role the API does not have (a scope ID, here)", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.appRoleAssignment, "scope-as-role", {
        appRoleId: USER_READ_SCOPE,
        principalObjectId: servicePrincipalObjectId,
        resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
      }),
    ).rejects.toThrow(
      "AppRoleAssignment scope-as-role: Permission being assigned was not found on application Microsoft Graph (app role e1fe6dd8-ba31-4d61-89e7-88639da4683d)",
    );
  });

  it("refuses an assignment whose principal is not a service principal of the tenant", async () => {
    await expect(
      register(TYPES.appRoleAssignment, "stranger", {
        appRoleId: MAIL_SEND_ROLE,
        principalObjectId: "99999999-0000-0000-0000-000000000000",
        resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
      }),
    ).rejects.toThrow(
      "principal 99999999-0000-0000-0000-000000000000 is not a service principal of this tenant",
    );
  });

  it("refuses a duplicate assignment of the same role to the same principal", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    const inputs = {
      appRoleId: MAIL_SEND_ROLE,
      principalObjectId: servicePrincipalObjectId,
      resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
    };
    await register(TYPES.appRoleAssignment, "first", inputs);
    await expect(register(TYPES.appRoleAssignment, "second", inputs)).rejects.toThrow(
      "AppRoleAssignment second: Permission being assigned already exists on the object (Mail.Send for app)",
    );
  });

  it("allows one delegated grant per client and resource, and only for real scopes", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    const grant = (name: string, claimValues: string[]) =>
      register(TYPES.delegatedGrant, name, {
        servicePrincipalObjectId,
        resourceServicePrincipalObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
        claimValues,
      });
    await expect(grant("bogus", ["Mail.Sendd"])).rejects.toThrow(
      "Mail.Sendd is not a scope of Microsoft Graph",
    );
    await grant("first", ["User.Read"]);
    await expect(grant("second", ["Mail.Read"])).rejects.toThrow(
      "a grant for app to Microsoft Graph already exists; use one grant per client and resource",
    );
  });

  it("refuses a password that ends before it starts, and returns values as secrets", async () => {
    const { application } = await appWithServicePrincipal("app");
    const applicationId = await valueOf(application.id);
    await expect(
      register(TYPES.applicationPassword, "backwards", {
        applicationId,
        startDate: "2027-01-01T00:00:00Z",
        endDate: "2026-12-01T00:00:00Z",
      }),
    ).rejects.toThrow(
      "ApplicationPassword backwards: endDate 2026-12-01T00:00:00Z must be after startDate 2027-01-01T00:00:00.000Z",
    );
    await expect(register(TYPES.applicationPassword, "endless", { applicationId })).rejects.toThrow(
      "ApplicationPassword endless: endDate must be an RFC 3339 date",
    );
    const good = new azuread.ApplicationPassword("good", {
      applicationId: application.id,
      endDate: "2027-06-30T00:00:00Z",
    });
    expect(await pulumi.isSecret(good.value)).toBe(true);
    expect(await valueOf(good.startDate)).toBe("2026-11-22T00:00:00Z");
  });

  it("refuses a service principal for an application that does not exist, or a second one", async () => {
    await expect(
      register(TYPES.servicePrincipal, "orphan", {
        clientId: "12345678-0000-0000-0000-000000000000",
      }),
    ).rejects.toThrow("no application with client ID 12345678-0000-0000-0000-000000000000");
    const { application } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.servicePrincipal, "second", { clientId: await valueOf(application.clientId) }),
    ).rejects.toThrow(/a service principal for client ID .* already exists/);
  });

  it("refuses resource types it does not model, so a test can never pass by accident", async () => {
    await expect(
      register("azuread:index/group:Group", "group", { displayName: "g" }),
    ).rejects.toThrow(
      "simulated tenant: no model for resource type azuread:index/group:Group (group)",
    );
  });
});
