import { SimulatedTenant, TYPES } from "../tools/tenant/simulatedTenant";
import { valueOf } from "../tools/tenant/evaluateProgram";
import { installMocks } from "../tools/tenant/registration";
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

describe("the simulated tenant's lookups", () => {
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

  it("answers lookups directly with exactly what Pulumi's protobuf round trip gives, failures too", async () => {
    const lookUp = async () => ({
      graph: await azuread.getServicePrincipal({ clientId: GRAPH_APP_ID }),
      config: await azuread.getClientConfig(),
      missing: await azuread
        .getServicePrincipal({ clientId: "aaaaaaaa-0000-0000-0000-000000000000" })
        .then(
          () => "found",
          (error: Error) => `${error.constructor.name}: ${error.message}`,
        ),
    });
    const direct = await lookUp();
    await installMocks(tenant, "entra-graph-apps", "test", { protobufLookups: true });
    const throughProtobuf = await lookUp();
    expect(direct.graph.appRoles).toHaveLength(534);
    expect(direct.missing).not.toBe("found");
    expect(direct).toEqual(throughProtobuf);
  });

  it("answers client config with its tenant and deployer", async () => {
    const config = await azuread.getClientConfig();
    expect(config).toMatchObject({ tenantId: tenant.tenantId, objectId: tenant.deployerObjectId });
  });

  it("fails a lookup of an API that has no service principal, with the provider's words", async () => {
    await expect(
      tenant.call({
        token: TYPES.getServicePrincipal,
        inputs: { clientId: "aaaaaaaa-0000-0000-0000-000000000000" },
        provider: "",
      }),
    ).rejects.toThrow(
      "No service principal found: no service principal found (filter appId eq 'aaaaaaaa-0000-0000-0000-000000000000'",
    );
  });

  it("refuses the lookup to a deployer without Application.Read.All (OwnedBy cannot read Graph's service principal)", async () => {
    const narrow = new SimulatedTenant({ deployerRoles: ["Application.ReadWrite.OwnedBy"] });
    await expect(
      narrow.call({
        token: TYPES.getServicePrincipal,
        inputs: { clientId: GRAPH_APP_ID },
        provider: "",
      }),
    ).rejects.toThrow("403 Forbidden) with error: Authorization_RequestDenied");
  });
});

describe("the provider's schema checks (refused at preview, every problem at once)", () => {
  it("refuses a redirect URI with no path and no trailing slash, as IsRedirectUriFunc does", async () => {
    await expect(
      register(TYPES.application, "web", {
        displayName: "Web",
        web: { redirectUris: ["https://app.contoso.com", "https://app.contoso.com/ok"] },
      }),
    ).rejects.toThrow(
      'azuread:index/application:Application web: has a problem: URI must have a trailing slash when there is no path segment for "web.0.redirect_uris.0"',
    );
  });

  it("refuses empty notes, a non-UUID owner and more than 100 owners together", async () => {
    const owners = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    );
    await expect(
      register(TYPES.application, "app", {
        displayName: "App",
        notes: "",
        owners: [...owners, "alice"],
      }),
    ).rejects.toThrow(
      'has a problem: Too many owners items: Attribute owners supports 100 items maximum, but config has 102 declared.; expected "owners.101" to be a valid UUID, got alice; expected "notes" to not be an empty string, got ',
    );
  });

  it("refuses a federated credential with two audiences (MaxItems 1) or a display name over 120 characters", async () => {
    const { applicationId } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.federatedCredential, "fic", {
        applicationId,
        displayName: "x".repeat(121),
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/app:environment:prod",
        audiences: ["api://AzureADTokenExchange", "api://other"],
      }),
    ).rejects.toThrow(
      "Too many audiences items: Attribute audiences supports 1 item maximum, but config has 2 declared.; expected length of display_name to be in the range (1 - 120)",
    );
  });

  it("refuses a password end date that is not RFC 3339", async () => {
    const { applicationId } = await appWithServicePrincipal("app");
    await expect(
      register(TYPES.applicationPassword, "p", { applicationId, endDate: "2027-01-01" }),
    ).rejects.toThrow('expected "end_date" to be a valid RFC3339 date, got "2027-01-01"');
  });

  it("refuses a second resource with the same URN, as the engine does (the bare mock runtime overwrites it)", async () => {
    await register(TYPES.application, "twin", { displayName: "One" });
    await expect(register(TYPES.application, "twin", { displayName: "Two" })).rejects.toThrow(
      "Duplicate resource URN 'urn:pulumi:dev::entra-graph-apps::azuread:index/application:Application::twin'; try giving it a unique name",
    );
  });

  it("refuses resource types it does not model, so a test can never pass by accident", async () => {
    await expect(
      register("azuread:index/group:Group", "group", { displayName: "g" }),
    ).rejects.toThrow(
      "simulated tenant: no model for resource type azuread:index/group:Group (group)",
    );
  });
});

describe("state as Graph reads it back", () => {
  it("keeps owners as Graph returns them: lower-case object IDs", async () => {
    const application = new azuread.Application("app", {
      displayName: "App",
      owners: ["3F2B6C1E-8D4A-4B7E-9C2F-1A5D6E7F8091"],
    });
    expect(await valueOf(application.owners)).toEqual(["3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091"]);
  });

  it("writes dates as RFC 3339 without fractions", async () => {
    const { application } = await appWithServicePrincipal("app");
    const password = new azuread.ApplicationPassword("p", {
      applicationId: application.id,
      endDate: "2027-06-30T00:00:00.000Z",
    });
    expect(await valueOf(password.endDate)).toBe("2027-06-30T00:00:00Z");
  });

  it("does not leave the deployer as an owner unless configured (the provider removes it after create)", async () => {
    const application = new azuread.Application("app", { displayName: "App" });
    expect(await valueOf(application.owners)).toEqual([]);
    const owned = new azuread.Application("owned", {
      displayName: "Owned",
      owners: [tenant.deployerObjectId],
    });
    expect(await valueOf(owned.owners)).toEqual([tenant.deployerObjectId]);
  });
});
