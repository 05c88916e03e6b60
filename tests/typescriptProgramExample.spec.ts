import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "../tools/tenant/evaluateProgram";
import { installMocks } from "../tools/tenant/registration";
import { SimulatedTenant, TYPES } from "../tools/tenant/simulatedTenant";
import { registrationsSettled } from "./support/recordingMocks";

// examples/typescript-program: the components used directly by a Pulumi program, with the
// tenant and Microsoft Graph looked up as Outputs, run against the simulated tenant.
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const GROUP_MEMBER_READ_ALL = "98830695-27a2-44f7-8c18-0c3ebc9698f6";
const OWNER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";

let tenant: SimulatedTenant;
let outputs: Record<string, pulumi.Output<unknown>>;

beforeAll(async () => {
  tenant = new SimulatedTenant({ now: new Date("2026-11-22T00:00:00Z") });
  await installMocks(tenant, "graph-app-example", "dev");
  pulumi.runtime.setAllConfig({
    "graph-app-example:owners": JSON.stringify([OWNER]),
    "graph-app-example:clientSecretEndDate": "2027-06-30T00:00:00Z",
    "graph-app-example:githubRepository": "contoso/report-exporter",
    "graph-app-example:githubOwnerId": "5544123",
    "graph-app-example:githubRepositoryId": "821093847",
  });
  outputs = await import("../examples/typescript-program");
  await valueOf(pulumi.all(outputs));
  await registrationsSettled();
});

const inputsOf = (type: string, name: string) => tenant.resource(type, name).inputs;

describe("examples/typescript-program", () => {
  it("registers exactly the app, its service principal, one assignment per permission, a secret and a federated credential", () => {
    expect(tenant.refusals).toEqual([]);
    expect(tenant.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "entra-graph-apps:apps:GraphApp report-exporter",
        "entra-graph-apps:apps:AppRegistration report-exporter",
        `${TYPES.application} report-exporter`,
        `${TYPES.servicePrincipal} report-exporter`,
        "entra-graph-apps:apps:AdminConsent report-exporter-graph",
        `${TYPES.appRoleAssignment} report-exporter-graph-User.Read.All`,
        `${TYPES.appRoleAssignment} report-exporter-graph-GroupMember.Read.All`,
        "entra-graph-apps:apps:ClientSecret report-exporter-secret",
        `${TYPES.applicationPassword} report-exporter-secret`,
        `${TYPES.federatedCredential} report-exporter-federated-github-main`,
      ].sort(),
    );
    expect(tenant.lookups.map((lookup) => [lookup.token, lookup.inputs]).sort()).toEqual([
      [TYPES.getClientConfig, {}],
      [TYPES.getServicePrincipal, { clientId: GRAPH_APP_ID }],
    ]);
  });

  it("passes the looked-up tenant, deployer, Graph service principal and app role IDs into the resources", () => {
    const application = tenant.resource(TYPES.application, "report-exporter");
    expect(application.inputs).toEqual({
      displayName: "Report Exporter",
      signInAudience: "AzureADMyOrg",
      owners: [OWNER, tenant.deployerObjectId].sort(),
      notes: "Exports users and groups every night. Managed by Pulumi.",
      requiredResourceAccesses: [
        {
          resourceAppId: GRAPH_APP_ID,
          resourceAccesses: [
            { id: GROUP_MEMBER_READ_ALL, type: "Role" },
            { id: USER_READ_ALL, type: "Role" },
          ],
        },
      ],
    });
    const servicePrincipal = tenant.resource(TYPES.servicePrincipal, "report-exporter");
    expect(servicePrincipal.inputs).toEqual({
      clientId: application.state.clientId,
      owners: [OWNER, tenant.deployerObjectId].sort(),
    });
    expect(inputsOf(TYPES.appRoleAssignment, "report-exporter-graph-User.Read.All")).toEqual({
      appRoleId: USER_READ_ALL,
      principalObjectId: servicePrincipal.state.objectId,
      resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID),
    });
    expect(inputsOf(TYPES.appRoleAssignment, "report-exporter-graph-GroupMember.Read.All")).toEqual(
      {
        appRoleId: GROUP_MEMBER_READ_ALL,
        principalObjectId: servicePrincipal.state.objectId,
        resourceObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID),
      },
    );
    expect(inputsOf(TYPES.applicationPassword, "report-exporter-secret")).toEqual({
      applicationId: application.id,
      displayName: "report-exporter (Pulumi)",
      endDate: "2027-06-30T00:00:00Z",
    });
    expect(inputsOf(TYPES.federatedCredential, "report-exporter-federated-github-main")).toEqual({
      applicationId: application.id,
      displayName: "github-main",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso@5544123/report-exporter@821093847:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  it("exports what a service needs, the client secret only as a Pulumi secret", async () => {
    const application = tenant.resource(TYPES.application, "report-exporter");
    const password = tenant.resource(TYPES.applicationPassword, "report-exporter-secret");
    expect(await valueOf(pulumi.all({ ...outputs, clientSecret: undefined }))).toEqual({
      clientId: application.state.clientId,
      tenantId: tenant.tenantId,
      tokenEndpoint: `https://login.microsoftonline.com/${tenant.tenantId}/oauth2/v2.0/token`,
      applicationPermissions: ["GroupMember.Read.All", "User.Read.All"],
      clientSecretExpiresOn: "2027-06-30T00:00:00Z",
    });
    expect(await pulumi.isSecret(outputs.clientSecret)).toBe(true);
    expect(await valueOf(outputs.clientSecret)).toBe(await valueOf(password.state.value));
  });
});
