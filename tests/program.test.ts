import { StackConfigError } from "../program/stackConfigError";
import { RecordedResource, TYPES } from "../tools/tenant/simulatedTenant";
import { TODAY, oneApp, runProgram, runProgramExpectingError } from "./support/simulate";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const MAIL_SEND = "b633e1c5-b582-4048-a93e-9f11b44c7e96";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
const DEPLOYER = "5e0e3f0a-1b2c-4d3e-8f40-516273849a0b";

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
    const graphSp = tenant.servicePrincipalObjectId(GRAPH_APP_ID)!;
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
      resourceObjectId: graphSp,
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

  it("exports plain app details and the client secret only as a Pulumi secret", async () => {
    const { tenant, resolved } = await runProgram(
      oneApp("mail-alerts", {
        displayName: "Mail Alerts",
        permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
      }),
    );
    const application = tenant.resource(TYPES.application, "mail-alerts");
    const currentPassword = tenant.resource(TYPES.applicationPassword, "mail-alerts-secret-a");
    expect(resolved.apps.secret).toBe(false);
    expect(resolved.apps.value).toEqual({
      "mail-alerts": {
        displayName: "Mail Alerts",
        clientId: application.state.clientId,
        tenantId: tenant.tenantId,
        applicationObjectId: application.state.objectId,
        servicePrincipalObjectId: tenant.resource(TYPES.servicePrincipal, "mail-alerts").state
          .objectId,
        tokenEndpoint: `https://login.microsoftonline.com/${tenant.tenantId}/oauth2/v2.0/token`,
        scope: "https://graph.microsoft.com/.default",
        applicationPermissions: ["Mail.Send"],
        delegatedPermissions: [],
        clientSecretExpiresOn: "2027-03-03T00:00:00Z",
        credentials: [
          {
            kind: "password",
            name: "mail-alerts-secret-a",
            expiresOn: "2027-03-03T00:00:00Z",
            rotation: "current",
            rotateEveryDays: 90,
          },
          {
            kind: "password",
            name: "mail-alerts-secret-b",
            expiresOn: "2026-12-03T00:00:00Z",
            rotation: "previous",
            rotateEveryDays: 90,
          },
        ],
      },
    });
    expect(resolved.clientSecrets.secret).toBe(true);
    const secretValue = await unwrapSecret(currentPassword.state.value);
    expect(resolved.clientSecrets.value).toEqual({ "mail-alerts": secretValue });
    expect(secretValue).toMatch(/^.{3}8Q~.{34}$/);
  });

  it("never puts a secret value in plain text into inputs, plain outputs or logs", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      const { tenant, resolved } = await runProgram({
        apps: {
          a: {
            displayName: "A",
            permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
          },
          b: { displayName: "B", clientSecret: { expiresOn: "2027-06-30" } },
        },
      });
      const secrets = Object.values(resolved.clientSecrets.value as Record<string, string>);
      const passwordValues = await Promise.all(
        tenant.resourcesOfType(TYPES.applicationPassword).map((p) => unwrapSecret(p.state.value)),
      );
      expect(secrets).toHaveLength(2);
      expect(passwordValues).toHaveLength(3);
      const plainText = JSON.stringify([
        tenant.resources.map((r) => r.inputs),
        resolved.apps.value,
        tenant.lookups,
        logged,
      ]);
      for (const value of passwordValues) expect(plainText).not.toContain(value);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
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
      resourceServicePrincipalObjectId: tenant.servicePrincipalObjectId(GRAPH_APP_ID),
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

  it("creates no password and exports no secret with clientSecret: false, warning that nothing can sign in", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const { tenant, resolved } = await runProgram(
      oneApp("fed", { displayName: "Federated", clientSecret: false }),
    );
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
      "warning: [runtime] apps.fed: has no credential (clientSecret: false, no certificates, no federatedCredentials): nothing can sign in as it until one is added",
    ]);
    warn.mockRestore();
    expect(tenant.resourcesOfType(TYPES.applicationPassword)).toEqual([]);
    expect(resolved.clientSecrets).toEqual({ value: {}, secret: true });
    expect(
      (resolved.apps.value as Record<string, { clientSecretExpiresOn: unknown }>).fed
        .clientSecretExpiresOn,
    ).toBeUndefined();
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

  it("registers nothing when the config is invalid, yet reads the APIs to report every problem at once", async () => {
    const { error, tenant } = await runProgramExpectingError(
      oneApp("mail", {
        displayName: "Mail",
        clientSecret: { expiresOn: "Never" },
        permissions: { "Microsoft Graph": { application: ["Mail.Sendd"] } },
      }),
    );
    expect(error).toBeInstanceOf(StackConfigError);
    expect(error.message.split("\n")).toEqual([
      "entra-graph-apps: stack config has 2 problems; nothing was created or changed:",
      expect.stringMatching(
        /^  - apps\.mail\.clientSecret\.expiresOn = "Never": client secrets can no longer be created/,
      ),
      '  - apps.mail.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send" or "Mail.Read"?',
    ]);
    expect(tenant.resources).toEqual([]);
    // Only reads: one lookup of Microsoft Graph, no client config, nothing registered.
    expect(tenant.lookups.map((lookup) => lookup.token)).toEqual([TYPES.getServicePrincipal]);
  });

  it("reports an unknown API GUID together with every other problem", async () => {
    const { error } = await runProgramExpectingError(
      oneApp("mail", {
        displayName: "",
        permissions: { "aaaaaaaa-0000-0000-0000-000000000001": { application: ["Read"] } },
      }),
    );
    expect(error.message.split("\n")).toEqual([
      "entra-graph-apps: stack config has 2 problems; nothing was created or changed:",
      expect.stringMatching(/^  - apps\.mail\.displayName = "": must not be empty/),
      expect.stringMatching(
        /^  - apps\.mail\.permissions\.aaaaaaaa-0000-0000-0000-000000000001 = "aaaaaaaa-0000-0000-0000-000000000001": no service principal for API/,
      ),
    ]);
  });

  it("registers nothing when a permission is unknown to the tenant's live service principal", async () => {
    const { error, tenant } = await runProgramExpectingError({
      apps: {
        good: {
          displayName: "Good",
          permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
        },
        bad: {
          displayName: "Bad",
          permissions: { "Microsoft Graph": { application: ["User.Read"] } },
        },
      },
    });
    expect(error.message).toContain(
      'apps.bad.permissions.Microsoft Graph.application = "User.Read": is a delegated permission',
    );
    expect(tenant.resources).toEqual([]);
  });

  it("reports an API whose service principal is not in the tenant, and registers nothing", async () => {
    const appId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    const { error, tenant } = await runProgramExpectingError(
      oneApp("custom", {
        displayName: "Custom",
        permissions: { [appId]: { application: ["Things.Read"] } },
      }),
    );
    expect(error.message).toContain(
      `apps.custom.permissions.${appId} = "${appId}": no service principal for API ${appId} was found in the tenant`,
    );
    expect(error.message).toContain(`(az ad sp create --id ${appId})`);
    expect(tenant.resources).toEqual([]);
  });

  it("registers nothing for an empty apps map, which is how a stack removes its last app", async () => {
    const { tenant, resolved } = await runProgram({ apps: {} });
    expect(tenant.resources.filter((r) => r.custom)).toEqual([]);
    expect(resolved.apps).toEqual({ value: {}, secret: false });
    expect(resolved.clientSecrets).toEqual({ value: {}, secret: true });
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

function unwrapSecret(value: unknown): Promise<string> {
  return (
    (value as { promise: () => Promise<string> }).promise?.() ?? Promise.resolve(value as string)
  );
}
