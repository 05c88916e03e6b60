import { TYPES } from "../tools/tenant/simulatedTenant";
import { valueOf } from "../tools/tenant/evaluateProgram";
import * as pulumi from "@pulumi/pulumi";
import {
  GRAPH_APP_ID,
  MAIL_SEND_ROLE,
  USER_READ_SCOPE,
  tenant,
  azuread,
  appWithServicePrincipal,
  register,
  useFreshSimulatedTenant,
} from "./support/simulatedTenantFixture";

useFreshSimulatedTenant();

describe("Graph's rules", () => {
  it("assigns an existing application role, with Graph's ID shape (an opaque ID, not a GUID)", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    const assignment = new azuread.AppRoleAssignment("ok", {
      appRoleId: MAIL_SEND_ROLE,
      principalObjectId: servicePrincipalObjectId,
      resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
    });
    expect(await valueOf(assignment.id)).toMatch(
      new RegExp(
        `^/servicePrincipals/${tenant.servicePrincipalObjectId(GRAPH_APP_ID)}/appRoleAssignedTo/[A-Za-z0-9_-]{43}$`,
      ),
    );
    expect(await valueOf(assignment.resourceDisplayName)).toBe("Microsoft Graph");
  });

  it("refuses a role the API does not have (a scope ID, here)", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.appRoleAssignment, "scope-as-role", {
        appRoleId: USER_READ_SCOPE,
        principalObjectId: servicePrincipalObjectId,
        resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
      }),
    ).rejects.toThrow(
      `Could not create app role assignment: unexpected status 400 (400 Bad Request) with error: Request_BadRequest: Permission being assigned was not found on application '${GRAPH_APP_ID}'.`,
    );
  });

  it("answers 404 for a principal that is not a service principal of the tenant", async () => {
    await expect(
      register(TYPES.appRoleAssignment, "stranger", {
        appRoleId: MAIL_SEND_ROLE,
        principalObjectId: "99999999-0000-0000-0000-000000000000",
        resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
      }),
    ).rejects.toThrow(
      "404 Not Found) with error: Request_ResourceNotFound: Resource '99999999-0000-0000-0000-000000000000' does not exist",
    );
  });

  it("refuses a second assignment of the same role to the same principal: the create is a bare POST", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    const inputs = {
      appRoleId: MAIL_SEND_ROLE,
      principalObjectId: servicePrincipalObjectId,
      resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
    };
    await register(TYPES.appRoleAssignment, "first", inputs);
    await expect(register(TYPES.appRoleAssignment, "second", inputs)).rejects.toThrow(
      "Request_BadRequest: Permission being assigned already exists on the object",
    );
  });

  it("allows one tenant-wide delegated grant per client and resource, with ID /oauth2PermissionGrants/{id}", async () => {
    const { servicePrincipalObjectId } = await appWithServicePrincipal("app");
    const grant = (name: string, claimValues: string[]) =>
      register(TYPES.delegatedGrant, name, {
        servicePrincipalObjectId,
        resourceServicePrincipalObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID)!,
        claimValues,
      });
    expect((await grant("first", ["User.Read"])).id).toMatch(
      /^\/oauth2PermissionGrants\/[A-Za-z0-9_-]{43}$/,
    );
    await expect(grant("second", ["Mail.Read"])).rejects.toThrow(
      "unexpected status 409 (409 Conflict) with error: Request_MultipleObjectsWithSameKeyValue: Permission entry already exists.",
    );
  });

  it("refuses a password that starts in the past (upstream #1582) and gives one without an end two years", async () => {
    const { applicationId } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.applicationPassword, "backdated", {
        applicationId,
        startDate: "2026-09-04T00:00:00Z",
        endDate: "2027-03-03T00:00:00Z",
      }),
    ).rejects.toThrow(
      "with error: KeyCredentialsInvalidStartDate: Key credential start date is invalid.",
    );
    const endless = await register(TYPES.applicationPassword, "endless", { applicationId });
    expect(endless.state.startDate).toBe("2026-11-22T09:00:00Z");
    expect(endless.state.endDate).toBe("2028-11-22T09:00:00Z");
  });

  it("ignores endDateRelative on a password, as the provider does (upstream #1424): Graph's two years apply", async () => {
    const { applicationId } = await appWithServicePrincipal("app");
    const relative = await register(TYPES.applicationPassword, "relative", {
      applicationId,
      endDateRelative: "240h",
    });
    expect(relative.state.endDate).toBe("2028-11-22T09:00:00Z");
  });

  it("starts a password when it is created, keeps its value secret and names it {objectId}/password/{keyId}", async () => {
    const { application, applicationId } = await appWithServicePrincipal("app");
    const good = new azuread.ApplicationPassword("good", {
      applicationId: application.id,
      endDate: "2027-06-30T00:00:00Z",
    });
    expect(await pulumi.isSecret(good.value)).toBe(true);
    expect(await valueOf(good.startDate)).toBe("2026-11-22T09:00:00Z");
    const objectId = applicationId.replace("/applications/", "");
    expect(await valueOf(good.id)).toMatch(new RegExp(`^${objectId}/password/[0-9a-f-]{36}$`));
  });

  it("refuses a service principal for an application that does not exist, and a second one with the provider's import hint", async () => {
    await expect(
      register(TYPES.servicePrincipal, "orphan", {
        clientId: "12345678-0000-0000-0000-000000000000",
      }),
    ).rejects.toThrow(
      "The appId '12345678-0000-0000-0000-000000000000' of the service principal does not reference a valid application object.",
    );
    const { application } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.servicePrincipal, "second", { clientId: await valueOf(application.clientId) }),
    ).rejects.toThrow(
      /A resource with the ID "\/servicePrincipals\/[0-9a-f-]{36}" already exists - to be managed via Terraform this resource needs to be imported/,
    );
  });

  it("names federated credentials {objectId}/federatedIdentityCredential/{id} and keeps issuer and subject unique per app", async () => {
    const { applicationId } = await appWithServicePrincipal("app");
    const objectId = applicationId.replace("/applications/", "");
    const credential = (name: string) =>
      register(TYPES.federatedCredential, name, {
        applicationId,
        displayName: name,
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/app:environment:prod",
        audiences: ["api://AzureADTokenExchange"],
      });
    expect((await credential("prod")).id).toMatch(
      new RegExp(`^${objectId}/federatedIdentityCredential/[0-9a-f-]{36}$`),
    );
    await expect(credential("production")).rejects.toThrow(
      "Request_BadRequest: FederatedIdentityCredential with same issuer and subject already exists.",
    );
  });
});
