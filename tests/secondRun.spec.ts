import { RawStackConfig } from "../program/config/validateStackConfig";
import { SimulatedTenant, TYPES } from "../tools/tenant/simulatedTenant";
import { installMocks } from "../tools/tenant/registration";
import { valueOf } from "../tools/tenant/evaluateProgram";
import { TODAY, changesOf, oneApp, runAgain, runProgram } from "./support/simulate";

// Every `pulumi up` after the first one, on a tenant that remembers: the state the last run left
// (read back from Graph), objects changed in the portal in between, and the engine's steps.

const NEXT_DAY = new Date("2026-11-23T09:30:00Z");
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
const OWNER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
const mailApp = (application: string[]) =>
  oneApp("mail", {
    displayName: "Mail",
    permissions: { "Microsoft Graph": { application } },
  });

describe("a second run", () => {
  it("changes nothing on the next day with the same config", async () => {
    const { tenant } = await runProgram(mailApp(["Mail.Send", "User.Read.All"]));
    await runAgain(tenant, mailApp(["Mail.Send", "User.Read.All"]), NEXT_DAY);
    expect(changesOf(tenant)).toEqual([]);
    expect(tenant.steps.map((step) => step.op)).toEqual(Array(6).fill("same"));
  });

  it("changes nothing when apps, APIs and permissions are listed in another order", async () => {
    const config = (order: number) => ({
      apps: Object.fromEntries(
        (order === 0 ? ["a", "b"] : ["b", "a"]).map((key) => [
          key,
          {
            displayName: key,
            owners:
              order === 0
                ? [OWNER, "00000000-0000-0000-0000-00000000000a"]
                : ["00000000-0000-0000-0000-00000000000a", OWNER],
            permissions: {
              "Microsoft Graph": {
                application:
                  order === 0 ? ["Mail.Send", "User.Read.All"] : ["User.Read.All", "Mail.Send"],
                delegated: order === 0 ? ["User.Read", "Mail.Read"] : ["Mail.Read", "User.Read"],
              },
            },
          },
        ]),
      ),
    });
    const { tenant } = await runProgram(config(0));
    await runAgain(tenant, config(1), NEXT_DAY);
    expect(changesOf(tenant)).toEqual([]);
  });

  it("changes nothing when owners are written in upper case: the program sends what Graph reads back", async () => {
    const config = oneApp("mail", { displayName: "Mail", owners: [OWNER.toUpperCase()] });
    const { tenant } = await runProgram(config);
    await runAgain(tenant, config, NEXT_DAY);
    expect(changesOf(tenant)).toEqual([]);
  });

  it("updates in place what the provider can update, and replaces nothing", async () => {
    const { tenant } = await runProgram(oneApp("mail", { displayName: "Mail", notes: "v1" }));
    await runAgain(
      tenant,
      oneApp("mail", { displayName: "Mail alerts", notes: "v2", owners: [OWNER] }),
      NEXT_DAY,
    );
    expect(changesOf(tenant)).toEqual(["update Application mail", "update ServicePrincipal mail"]);
    expect(tenant.steps.find((s) => s.name === "mail" && s.op === "update")!.changes).toEqual([
      "displayName",
      "owners",
      "notes",
    ]);
  });

  it("deletes every resource of an app removed from config, after the run", async () => {
    const { tenant } = await runProgram({
      apps: { a: { displayName: "A" }, b: { displayName: "B" } },
    });
    await runAgain(tenant, { apps: { a: { displayName: "A" } } }, NEXT_DAY);
    expect(changesOf(tenant).sort()).toEqual([
      "delete Application b",
      "delete ApplicationPassword b-secret-a",
      "delete ApplicationPassword b-secret-b",
      "delete ServicePrincipal b",
    ]);
    expect(tenant.directory.applications.list().map((app) => app.displayName)).toEqual(["A"]);
  });

  it("keeps every resource of a renamed app key with renamedFrom (aliases, parent and children)", async () => {
    const { tenant } = await runProgram(mailApp(["Mail.Send"]));
    await runAgain(
      tenant,
      oneApp("alerts", {
        displayName: "Mail",
        renamedFrom: ["mail"],
        permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
      }),
      NEXT_DAY,
    );
    expect(changesOf(tenant)).toEqual([]);
    expect(tenant.steps.map((step) => step.name)).toContain("alerts-graph-Mail.Send");
  });

  it("without renamedFrom, a renamed key is a new app: a new client ID and the old one deleted", async () => {
    const { tenant } = await runProgram(mailApp(["Mail.Send"]));
    await runAgain(
      tenant,
      oneApp("alerts", {
        displayName: "Mail",
        permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
      }),
      NEXT_DAY,
    );
    expect(changesOf(tenant).filter((change) => change.startsWith("create"))).toHaveLength(5);
    expect(changesOf(tenant).filter((change) => change.startsWith("delete"))).toHaveLength(5);
  });
});

describe("objects changed outside the stack", () => {
  it("fails to add a permission an admin already granted in the portal, with Graph's own message", async () => {
    const { tenant } = await runProgram(mailApp(["Mail.Send"]));
    // Between runs: "Grant admin consent" in the portal for User.Read.All.
    const client = tenant.directory.servicePrincipals
      .list()
      .find((sp) => sp.displayName === "Mail")!;
    const graph = tenant.servicePrincipalObjectId(GRAPH_APP_ID)!;
    tenant.portal((directory) =>
      directory.consent.assign(graph, {
        principalId: client.id,
        resourceId: graph,
        appRoleId: USER_READ_ALL,
      }),
    );
    await expect(
      runAgain(tenant, mailApp(["Mail.Send", "User.Read.All"]), NEXT_DAY),
    ).rejects.toThrow(
      "AppRoleAssignment mail-graph-User.Read.All: Could not create app role assignment: unexpected status 400 (400 Bad Request) with error: Request_BadRequest: Permission being assigned already exists on the object",
    );
  });

  it("counts federated credentials added by hand against Graph's limit of 20 per app", async () => {
    const config = (names: string[]) =>
      oneApp("ci", {
        displayName: "CI",
        clientSecret: false,
        federatedCredentials: Object.fromEntries(
          names.map((name) => [name, { github: { repository: "contoso/app", environment: name } }]),
        ),
      });
    const { tenant } = await runProgram(config(["prod"]));
    const app = tenant.directory.applications.list()[0];
    tenant.portal((directory) => {
      for (let i = 0; i < 19; i++) {
        directory.applications.federated.create(
          app.id,
          {
            name: `manual-${i}`,
            issuer: "https://token.actions.githubusercontent.com",
            subject: `repo:contoso/other:environment:e${i}`,
            audiences: ["api://AzureADTokenExchange"],
            description: null,
          },
          `manual-${i}`,
        );
      }
    });
    await expect(runAgain(tenant, config(["prod", "staging"]), NEXT_DAY)).rejects.toThrow(
      "The application already has 20 federated identity credentials, the maximum.",
    );
  });

  it("collides when a federated credential key is renamed with the same issuer and subject (create before delete)", async () => {
    const config = (name: string) =>
      oneApp("ci", {
        displayName: "CI",
        clientSecret: false,
        federatedCredentials: {
          [name]: { github: { repository: "contoso/app", environment: "production" } },
        },
      });
    const { tenant } = await runProgram(config("prod"));
    await expect(runAgain(tenant, config("production"), NEXT_DAY)).rejects.toThrow(
      "FederatedIdentityCredential with same issuer and subject already exists.",
    );
  });
});

describe("renaming a federated credential", () => {
  const config = (name: string, renamedFrom?: string[]) =>
    oneApp("ci", {
      displayName: "CI",
      clientSecret: false,
      federatedCredentials: {
        [name]: {
          github: { repository: "contoso/app", environment: "production" },
          ...(renamedFrom ? { renamedFrom } : {}),
        },
      },
    });

  it("with renamedFrom, replaces the credential by deleting the old one first: no collision", async () => {
    const { tenant } = await runProgram(config("prod"));
    await runAgain(tenant, config("production", ["prod"]), NEXT_DAY);
    expect(changesOf(tenant)).toEqual([
      "replace ApplicationFederatedIdentityCredential ci-federated-production",
    ]);
    const app = tenant.directory.applications.list()[0];
    expect(tenant.directory.applications.federated.list(app.id).map((c) => c.name)).toEqual([
      "production",
    ]);
  });
});

describe("the deploying identity's Graph permissions", () => {
  const OWNED_BY = [
    "Application.ReadWrite.OwnedBy",
    "Application.Read.All",
    "AppRoleAssignment.ReadWrite.All",
  ];
  const DEPLOYER = "5e0e3f0a-1b2c-4d3e-8f40-516273849a0b";

  it("with only Application.ReadWrite.OwnedBy, cannot finish an app whose owners omit it", async () => {
    await expect(
      runProgram(mailApp(["Mail.Send"]), TODAY, {
        deployerRoles: OWNED_BY,
        deployerObjectId: DEPLOYER,
      }),
    ).rejects.toThrow(
      "unexpected status 403 (403 Forbidden) with error: Authorization_RequestDenied: Insufficient privileges to complete the operation.",
    );
  });

  it("with only Application.ReadWrite.OwnedBy, creates and later updates apps that list it as an owner", async () => {
    const config = (notes: string): RawStackConfig => ({
      defaults: { owners: [DEPLOYER] },
      apps: {
        mail: {
          displayName: "Mail",
          notes,
          permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
        },
      },
    });
    const { tenant } = await runProgram(config("v1"), TODAY, {
      deployerRoles: OWNED_BY,
      deployerObjectId: DEPLOYER,
    });
    await runAgain(tenant, config("v2"), NEXT_DAY);
    expect(changesOf(tenant)).toEqual(["update Application mail"]);
  });
});

describe("what the program guards against, shown on raw resources", () => {
  it("an upper-case owner sent as is diffs on every run and the update re-adds an existing owner", async () => {
    const tenant = new SimulatedTenant({ now: TODAY });
    await installMocks(tenant, "entra-graph-apps", "dev");
    const azuread = await import("@pulumi/azuread");
    const app = new azuread.Application("raw", {
      displayName: "Raw",
      owners: [OWNER.toUpperCase()],
    });
    await valueOf(app.id);
    tenant.finishRun();
    tenant.nextRun({ now: NEXT_DAY });
    await installMocks(tenant, "entra-graph-apps", "dev");
    await expect(
      tenant.newResource({
        type: TYPES.application,
        name: "raw",
        inputs: { displayName: "Raw", owners: [OWNER.toUpperCase()] },
        custom: true,
        provider: "",
      }),
    ).rejects.toThrow(
      "One or more added object references already exist for the following modified properties: 'owners'.",
    );
  });
});
