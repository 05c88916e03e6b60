import { StackConfigError } from "../program/stackConfigError";
import { TYPES } from "../tools/tenant/simulatedTenant";
import { apiLookupProblem } from "../program/permissions/apiLookupProblem";
import { oneApp, runProgramExpectingError } from "./support/simulate";

// Config the program refuses: every problem reported at once, nothing registered.

describe("the program refusing config", () => {
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

  it("says a lookup failed because signing in failed, with Entra's AADSTS line, not that the API is missing", () => {
    const graph = "00000003-0000-0000-c000-000000000000";
    const refusal = new Error(
      `listing service principals for filter "appId eq '${graph}'": unexpected status 400\n` +
        "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main'.\nTrace ID: 0000",
    );
    expect(apiLookupProblem(graph, refusal)).toBe(
      "the API's service principal could not be looked up: signing in to the tenant failed (AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main'.). Check the deploying identity's credential: for GitHub Actions, its federated credential's subject must match the token's exactly (docs/credentials.md)",
    );
    expect(apiLookupProblem(graph, new Error("not found\nmore"))).toBe(
      `no service principal for API ${graph} was found in the tenant (not found). Check the appId, or create the API's service principal first (az ad sp create --id ${graph})`,
    );
  });
});
