import * as path from "path";
import { StackConfigError } from "../program/stackConfigError";
import { planStack, PlanResult } from "../tools/commands/plan/planStack";
import { readStackFile } from "../tools/stack-files/readStackFile";
import { RecordedResource, TYPES } from "../tools/tenant/simulatedTenant";

// The five seed guides, each reproduced from config alone (examples/<scenario>/Pulumi.example.yaml),
// evaluated through the real program (index.ts reading Pulumi config) on a fixed day.
const TODAY = new Date("2026-11-22T09:30:00Z");
const GRAPH = "00000003-0000-0000-c000-000000000000";

/** Real Microsoft Graph app role (application) and scope (delegated) IDs. */
const ROLE = {
  "ExternalConnection.ReadWrite.OwnedBy": "f431331c-49a6-499f-be1c-62af19c34a9d",
  "ExternalItem.ReadWrite.OwnedBy": "8116ae0f-55c2-452d-9944-d18420f5b2c8",
  "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
  "Mail.Send": "b633e1c5-b582-4048-a93e-9f11b44c7e96",
  "Mail.ReadWrite": "e2a3a72e-5f79-4c64-b1b1-878b674786c9",
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
  "Device.ReadWrite.All": "1138cb37-bd11-4084-a2b7-9f71582aeddb",
  "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
  "Domain.ReadWrite.All": "7e05723c-0bb0-42da-be95-ae9f08a6e53c",
  "Member.Read.Hidden": "658aa5d8-239f-45c4-aa12-864f4fc7e490",
} as const;
const SCOPE = {
  "Calendars.ReadWrite": "1ec239c2-d7c9-4623-a91a-a9775856bb36",
  "Directory.ReadWrite.All": "c5366453-9fb0-48a5-a156-24f0c49a4b84",
  "Group.ReadWrite.All": "4e46008b-f24c-477d-8fff-7bb4ec7aafe0",
  "User.ReadBasic.All": "b340eb25-3456-403f-be2f-af7a0d370277",
} as const;

function plan(example: string, file = "Pulumi.example.yaml"): Promise<PlanResult> {
  return planStack(readStackFile(path.join(__dirname, "..", "examples", example, file)), TODAY);
}

function resources(result: PlanResult): RecordedResource[] {
  expect(result.apps).toHaveLength(1);
  return result.apps[0].resources;
}

function named(result: PlanResult): string[] {
  return resources(result)
    .map((resource) => `${resource.type.split(":").pop()} ${resource.name}`)
    .sort((a, b) => a.localeCompare(b));
}

function find(result: PlanResult, type: string, name: string): RecordedResource {
  const found = resources(result).find(
    (resource) => resource.type === type && resource.name === name,
  );
  if (!found) throw new Error(`missing ${type} ${name}`);
  return found;
}

/** The app role IDs requested for Graph, in the order the app registration lists them. */
function requested(result: PlanResult, appKey: string) {
  return find(result, TYPES.application, appKey).inputs.requiredResourceAccesses;
}

function roles(...names: (keyof typeof ROLE)[]) {
  return names
    .map((name) => ({ id: ROLE[name], type: "Role" }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe("seed 000: Microsoft Search connector", () => {
  it("registers a single-tenant app with the two OwnedBy connector permissions, consented, and rotating secrets", async () => {
    const result = await plan("000-search-connector");
    expect(named(result)).toEqual([
      "Application search-connector",
      "ApplicationPassword search-connector-secret-a",
      "ApplicationPassword search-connector-secret-b",
      "AppRoleAssignment search-connector-graph-ExternalConnection.ReadWrite.OwnedBy",
      "AppRoleAssignment search-connector-graph-ExternalItem.ReadWrite.OwnedBy",
      "ServicePrincipal search-connector",
    ]);
    const application = find(result, TYPES.application, "search-connector");
    expect(application.inputs.displayName).toBe("Parts Inventory Connector");
    expect(application.inputs.signInAudience).toBe("AzureADMyOrg");
    expect(application.inputs.web).toBeUndefined(); // no redirect URI
    // The portal's default delegated User.Read is not requested.
    expect(requested(result, "search-connector")).toEqual([
      {
        resourceAppId: GRAPH,
        resourceAccesses: roles(
          "ExternalConnection.ReadWrite.OwnedBy",
          "ExternalItem.ReadWrite.OwnedBy",
        ),
      },
    ]);
    expect(
      find(result, TYPES.appRoleAssignment, "search-connector-graph-ExternalItem.ReadWrite.OwnedBy")
        .inputs.appRoleId,
    ).toBe(ROLE["ExternalItem.ReadWrite.OwnedBy"]);
  });
});

describe("seed 001: identity-governance directory export", () => {
  it("grants Directory.Read.All only, with one secret ending on the configured day", async () => {
    const result = await plan("001-directory-export");
    expect(named(result)).toEqual([
      "Application directory-export",
      "ApplicationPassword directory-export-secret",
      "AppRoleAssignment directory-export-graph-Directory.Read.All",
      "ServicePrincipal directory-export",
    ]);
    expect(requested(result, "directory-export")).toEqual([
      { resourceAppId: GRAPH, resourceAccesses: roles("Directory.Read.All") },
    ]);
    expect(find(result, TYPES.applicationPassword, "directory-export-secret").inputs.endDate).toBe(
      "2027-11-01T00:00:00Z",
    );
    const apps = result.outputs.apps.value as Record<string, Record<string, unknown>>;
    expect(apps["directory-export"].clientSecretExpiresOn).toBe("2027-11-01T00:00:00Z");
    expect(result.outputs.clientSecrets.secret).toBe(true);
  });
});

describe("seed 002: server mail alerts", () => {
  it("sends through a mailbox scope instead of tenant-wide Mail.Send, and records the secret's end date", async () => {
    const result = await plan("002-mail-alerts");
    expect(named(result)).toEqual([
      "Application mail-alerts",
      "ApplicationPassword mail-alerts-secret",
      "ServicePrincipal mail-alerts",
    ]);
    expect(requested(result, "mail-alerts")).toEqual([]); // no Entra grant that reaches every mailbox
    const apps = result.outputs.apps.value as Record<string, Record<string, unknown>>;
    expect(apps["mail-alerts"]).toMatchObject({
      applicationPermissions: [],
      clientSecretExpiresOn: "2027-10-31T00:00:00Z",
      tenantId: "11111111-2222-3333-4444-555555555555",
    });
    const script = apps["mail-alerts"].exchangeScopeScript as string;
    expect(script).toContain("$recipientFilter = 'PrimarySmtpAddress -eq ''alerts@contoso.com'''");
    expect(script).toContain(
      "  @{ Role = 'Application Mail.Send'; Name = 'entra-graph-apps-mail-alerts-Mail.Send' }",
    );
    expect(script).toContain(`$appId = '${apps["mail-alerts"].clientId}'`);
  });
});

describe("seed 003: Jira mail integration", () => {
  it("sets the product's web redirect URI and grants the three mail and user permissions", async () => {
    const result = await plan("003-jira-mail");
    const application = find(result, TYPES.application, "jira-mail");
    expect(application.inputs.web).toEqual({
      redirectUris: ["https://jira.contoso.com/plugins/servlet/oauth/callback"],
    });
    expect(requested(result, "jira-mail")).toEqual([
      {
        resourceAppId: GRAPH,
        resourceAccesses: roles("Mail.ReadWrite", "Mail.Send", "User.Read.All"),
      },
    ]);
    expect(
      resources(result)
        .filter((r) => r.type === TYPES.appRoleAssignment)
        .map((r) => [r.name, r.inputs.appRoleId]),
    ).toEqual([
      ["jira-mail-graph-Mail.ReadWrite", ROLE["Mail.ReadWrite"]],
      ["jira-mail-graph-Mail.Send", ROLE["Mail.Send"]],
      ["jira-mail-graph-User.Read.All", ROLE["User.Read.All"]],
    ]);
    const apps = result.outputs.apps.value as Record<string, Record<string, unknown>>;
    expect(apps["jira-mail"].tokenEndpoint).toBe(
      "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token",
    );
  });
});

describe("seed 004: Dynamics 365 connector", () => {
  it("grants the migrated permissions on Microsoft Graph: five app roles and one delegated grant", async () => {
    const result = await plan("004-dynamics-connector");
    expect(named(result)).toEqual([
      "Application dynamics-connector",
      "ApplicationPassword dynamics-connector-secret-a",
      "ApplicationPassword dynamics-connector-secret-b",
      "AppRoleAssignment dynamics-connector-graph-Application.ReadWrite.All",
      "AppRoleAssignment dynamics-connector-graph-Device.ReadWrite.All",
      "AppRoleAssignment dynamics-connector-graph-Directory.ReadWrite.All",
      "AppRoleAssignment dynamics-connector-graph-Domain.ReadWrite.All",
      "AppRoleAssignment dynamics-connector-graph-Member.Read.Hidden",
      "ServicePrincipal dynamics-connector",
      "ServicePrincipalDelegatedPermissionGrant dynamics-connector-graph-delegated",
    ]);
    expect(
      find(result, TYPES.delegatedGrant, "dynamics-connector-graph-delegated").inputs.claimValues,
    ).toEqual([
      "Calendars.ReadWrite",
      "Directory.ReadWrite.All",
      "Group.ReadWrite.All",
      "User.ReadBasic.All",
    ]);
    const scopes = Object.values(SCOPE)
      .sort()
      .map((id) => ({ id, type: "Scope" }));
    expect(requested(result, "dynamics-connector")).toEqual([
      {
        resourceAppId: GRAPH,
        resourceAccesses: [
          ...roles(
            "Application.ReadWrite.All",
            "Device.ReadWrite.All",
            "Directory.ReadWrite.All",
            "Domain.ReadWrite.All",
            "Member.Read.Hidden",
          ),
          ...scopes,
        ],
      },
    ]);
    // "Never" became a 180-day rotation: each secret lives 360 days.
    const current = find(result, TYPES.applicationPassword, "dynamics-connector-secret-a").inputs;
    expect(current.displayName).toMatch(/^entra-graph-apps rotation (\S+) to (\S+)$/);
    const [, windowStart, windowEnd] = /rotation (\S+) to (\S+)$/.exec(current.displayName)!;
    expect(Date.parse(windowEnd) - Date.parse(windowStart)).toBe(360 * 86_400_000);
    expect(current.endDate).toBe(`${windowEnd}T00:00:00Z`);
  });

  it("refuses the seed as written: retired Azure AD Graph and a secret that never expires", async () => {
    const error = await plan("004-dynamics-connector", "Pulumi.as-written.yaml").catch((e) => e);
    expect(error).toBeInstanceOf(StackConfigError);
    expect((error as StackConfigError).problems.map((p) => p.path)).toEqual([
      "apps.dynamics-connector.clientSecret.expiresOn",
      "apps.dynamics-connector.permissions.Azure AD Graph",
    ]);
    expect(error.message).toContain(
      "Microsoft Graph has the same permissions: move Application.ReadWrite.All (application), Device.ReadWrite.All (application), " +
        "Directory.ReadWrite.All (application), Domain.ReadWrite.All (application), Member.Read.Hidden (application), " +
        "Directory.ReadWrite.All (delegated), Group.ReadWrite.All (delegated), User.ReadBasic.All (delegated) under `Microsoft Graph:`.",
    );
    expect(error.message).toContain("Microsoft caps them at 24 months");
  });
});
