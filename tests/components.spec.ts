import * as pulumi from "@pulumi/pulumi";
import { SimulatedTenant, TYPES } from "../tools/tenant/simulatedTenant";
import { valueOf } from "../tools/tenant/evaluateProgram";
import { installMocks } from "../tools/tenant/registration";

// The components used on their own, as another Pulumi program would, with resolved IDs as args.
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const MAIL_SEND = "b633e1c5-b582-4048-a93e-9f11b44c7e96";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
const OWNER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";

let tenant: SimulatedTenant;
let components: typeof import("../components");

beforeEach(async () => {
  tenant = new SimulatedTenant({ now: new Date("2026-11-22T00:00:00Z") });
  await installMocks(tenant, "entra-graph-apps", "test");
  components = await import("../components");
});

describe("AppRegistration", () => {
  it("sorts requested permissions and owners so input order never causes a diff, and adds no User.Read", async () => {
    const registration = new components.AppRegistration("svc", {
      displayName: "Service",
      owners: [OWNER, tenant.deployerObjectId, OWNER],
      redirectUris: ["https://b.contoso.com/", "https://a.contoso.com/callback"],
      requestedAccess: [
        {
          resourceAppId: GRAPH_APP_ID,
          applicationPermissionIds: [USER_READ_ALL, MAIL_SEND],
          delegatedPermissionIds: [USER_READ_SCOPE],
        },
        {
          resourceAppId: "00000003-0000-0ff1-ce00-000000000000",
          applicationPermissionIds: [],
          delegatedPermissionIds: [],
        },
      ],
    });
    await valueOf(registration.servicePrincipalObjectId);
    expect(tenant.resource(TYPES.application, "svc").inputs).toEqual({
      displayName: "Service",
      signInAudience: "AzureADMyOrg",
      owners: [OWNER, tenant.deployerObjectId].sort(),
      web: { redirectUris: ["https://a.contoso.com/callback", "https://b.contoso.com/"] },
      requiredResourceAccesses: [
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccesses: [
            { id: MAIL_SEND, type: "Role" },
            { id: USER_READ_ALL, type: "Role" },
            { id: USER_READ_SCOPE, type: "Scope" },
          ],
        },
      ],
    });
    expect(await valueOf(registration.applicationId)).toBe(
      tenant.resource(TYPES.application, "svc").id,
    );
  });
});

describe("AdminConsent", () => {
  it("names one assignment per permission after the consent and the permission, and resolves ready after all exist", async () => {
    const registration = new components.AppRegistration("svc", {
      displayName: "Service",
      owners: [tenant.deployerObjectId],
    });
    const consent = new components.AdminConsent("svc-graph", {
      clientServicePrincipalObjectId: registration.servicePrincipalObjectId,
      resourceServicePrincipalObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
      applicationPermissions: [
        { value: "User.Read.All", id: USER_READ_ALL },
        { value: "Mail.Send", id: MAIL_SEND },
      ],
      delegatedScopes: ["User.Read"],
    });
    expect(await valueOf(consent.ready)).toBe(true);
    const assignmentIds = await valueOf(consent.appRoleAssignmentIds);
    expect(Object.keys(assignmentIds).sort()).toEqual(["Mail.Send", "User.Read.All"]);
    expect(assignmentIds["Mail.Send"]).toBe(
      tenant.resource(TYPES.appRoleAssignment, "svc-graph-Mail.Send").id,
    );
    expect(tenant.resource(TYPES.delegatedGrant, "svc-graph-delegated").inputs.claimValues).toEqual(
      ["User.Read"],
    );
    expect(tenant.resources.filter((r) => !r.custom).map((r) => [r.type, r.name])).toEqual([
      ["entra-graph-apps:apps:AppRegistration", "svc"],
      ["entra-graph-apps:apps:AdminConsent", "svc-graph"],
    ]);
  });
});

describe("ClientSecret", () => {
  it("exports the current slot's value as a secret and its end date in clear", async () => {
    const registration = new components.AppRegistration("svc", {
      displayName: "Service",
      owners: [tenant.deployerObjectId],
    });
    const secret = new components.ClientSecret("svc-secret", {
      applicationId: registration.applicationId,
      schedule: {
        current: "b",
        slots: [
          {
            slot: "a",
            endDate: "2026-12-03T00:00:00Z",
            displayName: "old",
          },
          {
            slot: "b",
            endDate: "2027-02-01T00:00:00Z",
            displayName: "new",
          },
        ],
      },
    });
    expect(await pulumi.isSecret(secret.value)).toBe(true);
    expect(await pulumi.isSecret(secret.expiresOn)).toBe(false);
    expect(await valueOf(secret.expiresOn)).toBe("2027-02-01T00:00:00Z");
    const slotB = tenant.resource(TYPES.applicationPassword, "svc-secret-b");
    expect(await valueOf(secret.value)).toBe(await valueOf(slotB.state.value));
    expect(await valueOf(secret.keyId)).toBe(slotB.state.keyId);
  });
});

describe("GraphApp children", () => {
  it("exposes the resources it registers as read-only properties, keyed by stable names", async () => {
    const app = new components.GraphApp("svc", {
      displayName: "Service",
      tenantId: tenant.tenantId,
      owners: [OWNER],
      apis: [
        {
          resourceKey: "graph",
          resourceAppId: GRAPH_APP_ID,
          resourceServicePrincipalObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
          applicationPermissions: [{ value: "Mail.Send", id: MAIL_SEND }],
          delegatedPermissions: [{ value: "User.Read", id: USER_READ_SCOPE }],
        },
      ],
      clientSecret: {
        slots: [{ slot: "a", endDate: "2027-05-01T00:00:00Z", displayName: "svc" }],
        current: "a",
      },
    });
    await valueOf(app.consentReady);
    const id = (resource: pulumi.CustomResource) => valueOf(resource.id);
    expect(await id(app.application)).toBe(tenant.resource(TYPES.application, "svc").id);
    expect(await id(app.servicePrincipal)).toBe(tenant.resource(TYPES.servicePrincipal, "svc").id);
    expect(Object.keys(app.consents)).toEqual(["graph"]);
    expect(await id(app.consents.graph.appRoleAssignments["Mail.Send"])).toBe(
      tenant.resource(TYPES.appRoleAssignment, "svc-graph-Mail.Send").id,
    );
    expect(await id(app.consents.graph.delegatedPermissionGrant!)).toBe(
      tenant.resource(TYPES.delegatedGrant, "svc-graph-delegated").id,
    );
    expect(await id(app.secret!.passwords.a!)).toBe(
      tenant.resource(TYPES.applicationPassword, "svc-secret").id,
    );
    expect(app.certificates).toEqual({});
    expect(app.federatedCredentials).toEqual({});
  });

  it("refuses a client secret schedule whose current slot is not one of its slots", () => {
    expect(
      () =>
        new components.ClientSecret("svc-secret", {
          applicationId: "/applications/00000000-0000-4000-8000-000000000001",
          schedule: {
            slots: [{ slot: "a", endDate: "2027-05-01T00:00:00Z", displayName: "svc" }],
            current: "b",
          },
        }),
    ).toThrow('ClientSecret svc-secret: schedule.current is "b" but the slots are "a"');
  });
});
