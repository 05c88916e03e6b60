// The guardrail policies on Graph permissions and client secrets, called the way the policy
// engine calls them (tests/support/policyHarness.ts).
import { TYPES } from "../program/guardrails/resourceTypes";
import { ROLE, graphApp, violations } from "./support/policyHarness";

describe("graph-application-permission-privilege", () => {
  it("passes permissions at or below the allowed level", async () => {
    expect(
      await violations(
        "graph-application-permission-privilege",
        TYPES.application,
        "alerts",
        graphApp([ROLE.mailSend]),
      ),
    ).toEqual([]);
  });

  it("denies takeover and above-level permissions on the app and on the assignment", async () => {
    expect(
      await violations(
        "graph-application-permission-privilege",
        TYPES.application,
        "admin",
        graphApp([ROLE.roleManagement]),
      ),
    ).toEqual([
      'app admin requests Microsoft Graph RoleManagement.ReadWrite.Directory (4 critical, tenant takeover: can give any principal any directory role, Global Administrator included: tenant takeover), above the allowed level 3. Remove it, or accept it by adding {"permission": "RoleManagement.ReadWrite.Directory", "justification": "<why the risk is accepted, 10+ characters>"} under "graph-application-permission-privilege" → "allow" in policy/config.json.',
    ]);
    expect(
      await violations(
        "graph-application-permission-privilege",
        TYPES.appRoleAssignment,
        "admin-graph-X",
        { appRoleId: ROLE.applicationReadWriteAll },
      ),
    ).toEqual([
      expect.stringMatching(
        /^assignment admin-graph-X grants Microsoft Graph Application\.ReadWrite\.All \(.*tenant takeover/,
      ),
    ]);
  });

  it("accepts an allow-listed permission only with a justification", async () => {
    const app = graphApp([ROLE.roleManagement]);
    const justified = {
      allow: [
        {
          permission: "RoleManagement.ReadWrite.Directory",
          justification: "PIM automation, approved SEC-42",
        },
      ],
    };
    expect(
      await violations(
        "graph-application-permission-privilege",
        TYPES.application,
        "admin",
        app,
        justified,
      ),
    ).toEqual([]);
    const bare = { allow: [{ permission: "RoleManagement.ReadWrite.Directory" }] };
    expect(
      await violations(
        "graph-application-permission-privilege",
        TYPES.application,
        "admin",
        app,
        bare,
      ),
    ).toEqual([
      'app admin requests Microsoft Graph RoleManagement.ReadWrite.Directory (4 critical, tenant takeover: can give any principal any directory role, Global Administrator included: tenant takeover); its entry under "graph-application-permission-privilege" → "allow" in policy/config.json needs a "justification" of at least 10 characters saying why the risk is accepted.',
    ]);
  });

  it("follows the configured level: level 2 denies Mail.Send (level 3)", async () => {
    expect(
      await violations(
        "graph-application-permission-privilege",
        TYPES.application,
        "alerts",
        graphApp([ROLE.mailSend]),
        { maxPrivilegeLevel: 2 },
      ),
    ).toEqual([
      expect.stringContaining(
        "Microsoft Graph Mail.Send (3 high: can send mail as any user in the tenant), above the allowed level 2",
      ),
    ]);
  });
});

describe("client-secret-lifetime", () => {
  const check = (props: Record<string, unknown>, config = {}) =>
    violations("client-secret-lifetime", TYPES.applicationPassword, "app-secret", props, config);

  it("passes a secret ending within the allowed days", async () => {
    expect(
      await check({ applicationId: "/applications/x", endDate: "2027-06-30T00:00:00Z" }),
    ).toEqual([]);
  });

  it("denies a password that relies on endDateRelative, which the provider ignores (it would live two years)", async () => {
    expect(await check({ applicationId: "/applications/x", endDateRelative: "4320h" })).toEqual([
      "client secret app-secret sets endDateRelative (4320h), which the azuread provider ignores for passwords (terraform-provider-azuread#1424): Graph would give it its default two-year lifetime. Set endDate instead.",
    ]);
  });

  it("denies a secret without an end date, one too far ahead, and applies the configured limit", async () => {
    expect(await check({ applicationId: "/applications/x" })).toEqual([
      "client secret app-secret has no end date; set endDate no later than 2027-11-22 (secrets must expire).",
    ]);
    expect(await check({ endDate: "2299-12-31T00:00:00Z" })).toEqual([
      "client secret app-secret ends 2299-12-31T00:00:00Z, more than 365 days ahead; the latest allowed today is 2027-11-22. Rotate more often instead.",
    ]);
    expect(await check({ endDate: "2027-06-30T00:00:00Z" }, { maxDays: 90 })).toEqual([
      "client secret app-secret ends 2027-06-30T00:00:00Z, more than 90 days ahead; the latest allowed today is 2027-02-20. Rotate more often instead.",
    ]);
  });

  it("never allows more than 365 days (config validation's limit), whatever the config says", async () => {
    expect(await check({ endDate: "2028-12-01T00:00:00Z" }, { maxDays: 5000 })).toEqual([
      "client secret app-secret ends 2028-12-01T00:00:00Z, more than 365 days ahead; the latest allowed today is 2027-11-22. Rotate more often instead.",
    ]);
  });

  it("also checks an app's inline password block", async () => {
    expect(
      await violations("client-secret-lifetime", TYPES.application, "app", {
        password: { displayName: "x" },
      }),
    ).toEqual([
      "inline password of app app has no end date; set endDate no later than 2027-11-22 (secrets must expire).",
    ]);
  });
});
