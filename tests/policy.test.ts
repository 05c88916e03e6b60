// The guardrail policies, called the way the policy engine calls them, with hand-built args.
// The PolicyPack itself is never constructed here: that starts a gRPC server.
import * as path from "path";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { guardrailPolicies } from "../policy/guardrailPolicies";
import { planStack } from "../tools/commands/plan/planStack";
import { readStackFile } from "../tools/stack-files/readStackFile";
import { TYPES } from "../program/guardrails/resourceTypes";

const NOW = new Date("2026-11-22T00:00:00Z");
const GRAPH = "00000003-0000-0000-c000-000000000000";
const ROLE = {
  mailSend: "b633e1c5-b582-4048-a93e-9f11b44c7e96",
  roleManagement: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
  applicationReadWriteAll: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
};

const policies = guardrailPolicies(() => NOW);
const policy = (name: string) => policies.find((p) => p.name === name)!;

function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
): ResourceValidationArgs {
  return {
    type,
    name,
    props,
    urn: `urn:pulumi:test::entra-graph-apps::${type}::${name}`,
    opts: {} as ResourceValidationArgs["opts"],
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as ResourceValidationArgs;
}

/** The violations a resource policy reports for one resource. */
async function violations(
  policyName: string,
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
) {
  const found: string[] = [];
  const validate = (policy(policyName) as ResourceValidationPolicy).validateResource;
  for (const fn of Array.isArray(validate) ? validate : [validate!]) {
    await fn(resourceArgs(type, name, props, config), (message) => found.push(message));
  }
  return found;
}

const graphApp = (roleIds: string[], extra: Record<string, unknown> = {}) => ({
  displayName: "App",
  owners: ["3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091"],
  requiredResourceAccesses: [
    { resourceAppId: GRAPH, resourceAccesses: roleIds.map((id) => ({ id, type: "Role" })) },
  ],
  ...extra,
});

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
      'app admin requests Microsoft Graph RoleManagement.ReadWrite.Directory (4 critical, tenant takeover: can give any principal any directory role, Global Administrator included: tenant takeover), above the allowed level 3. Remove it, or add { permission: "RoleManagement.ReadWrite.Directory", justification: "..." } to this policy\'s allow list.',
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
      "app admin requests Microsoft Graph RoleManagement.ReadWrite.Directory (4 critical, tenant takeover: can give any principal any directory role, Global Administrator included: tenant takeover); its allow-list entry needs a justification of at least 10 characters saying why the risk is accepted.",
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

describe("no-azure-ad-graph", () => {
  it("denies an app that requests Azure AD Graph, and passes Microsoft Graph", async () => {
    const legacy = {
      requiredResourceAccesses: [
        {
          resourceAppId: "00000002-0000-0000-c000-000000000000",
          resourceAccesses: [{ id: "x", type: "Role" }],
        },
      ],
    };
    expect(await violations("no-azure-ad-graph", TYPES.application, "legacy", legacy)).toEqual([
      "app legacy requests Azure AD Graph permissions; Azure AD Graph is retired. Request the permissions of the same names on Microsoft Graph (00000003-0000-0000-c000-000000000000).",
    ]);
    expect(
      await violations("no-azure-ad-graph", TYPES.application, "modern", graphApp([ROLE.mailSend])),
    ).toEqual([]);
  });
});

describe("single-tenant-application-permissions", () => {
  it("denies a multi-tenant app with application permissions unless allow-listed", async () => {
    const app = graphApp([ROLE.mailSend], { signInAudience: "AzureADMultipleOrgs" });
    expect(
      await violations("single-tenant-application-permissions", TYPES.application, "saas", app),
    ).toEqual([
      'app saas holds application permissions but signs in AzureADMultipleOrgs; use AzureADMyOrg, or add "saas" to allowMultiTenant.',
    ]);
    expect(
      await violations("single-tenant-application-permissions", TYPES.application, "saas", app, {
        allowMultiTenant: ["saas"],
      }),
    ).toEqual([]);
    expect(
      await violations(
        "single-tenant-application-permissions",
        TYPES.application,
        "mine",
        graphApp([ROLE.mailSend]),
      ),
    ).toEqual([]);
  });
});

describe("minimum-owners (advisory)", () => {
  it("is advisory and counts owners against the configured minimum", async () => {
    expect(policy("minimum-owners").enforcementLevel).toBe("advisory");
    expect(await violations("minimum-owners", TYPES.application, "a", { owners: [] })).toEqual([
      "app a has 0 owner(s); add owners so at least 1 people or identities can manage it.",
    ]);
    expect(
      await violations(
        "minimum-owners",
        TYPES.application,
        "a",
        { owners: ["x"] },
        { minOwners: 2 },
      ),
    ).toHaveLength(1);
    expect(
      await violations(
        "minimum-owners",
        TYPES.application,
        "a",
        { owners: ["x", "y"] },
        { minOwners: 2 },
      ),
    ).toEqual([]);
  });
});

describe("daemon-no-redirect-uris (advisory)", () => {
  it("flags redirect URIs on an app with only application permissions, not on one that signs users in", async () => {
    expect(policy("daemon-no-redirect-uris").enforcementLevel).toBe("advisory");
    const web = { web: { redirectUris: ["https://x.contoso.com/cb"] } };
    expect(
      await violations(
        "daemon-no-redirect-uris",
        TYPES.application,
        "d",
        graphApp([ROLE.mailSend], web),
      ),
    ).toEqual([
      "app d only has application permissions but declares redirect URIs (https://x.contoso.com/cb); remove them unless a user signs in.",
    ]);
    const interactive = {
      ...web,
      requiredResourceAccesses: [
        {
          resourceAppId: GRAPH,
          resourceAccesses: [
            { id: ROLE.mailSend, type: "Role" },
            { id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", type: "Scope" },
          ],
        },
      ],
    };
    expect(
      await violations("daemon-no-redirect-uris", TYPES.application, "i", interactive),
    ).toEqual([]);
  });
});

describe("key-vault-secret-expires", () => {
  it("requires properties.attributes.expires on Key Vault secrets", async () => {
    expect(
      await violations("key-vault-secret-expires", TYPES.keyVaultSecret, "kv", {
        properties: { value: "x" },
      }),
    ).toEqual([
      "Key Vault secret kv has no properties.attributes.expires; set it to the client secret's end date (epoch seconds).",
    ]);
    expect(
      await violations("key-vault-secret-expires", TYPES.keyVaultSecret, "kv", {
        properties: { attributes: { expires: 1798761600 } },
      }),
    ).toEqual([]);
  });
});

function policyResource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
  return {
    type,
    name,
    props,
    urn: `urn:${type}::${name}`,
    opts: {} as PolicyResource["opts"],
    dependencies: [],
    propertyDependencies,
    isType: () => false,
    asType: () => undefined,
  } as PolicyResource;
}

async function stackViolations(resources: PolicyResource[]) {
  const found: { message: string; urn?: string }[] = [];
  const args = {
    resources,
    stackTags: new Map(),
    getConfig: () => ({}),
    notApplicable: () => {
      throw new Error();
    },
  } as unknown as StackValidationArgs;
  await (policy("graph-consent-matches-declaration") as StackValidationPolicy).validateStack!(
    args,
    (message, urn) => found.push({ message, urn }),
  );
  return found;
}

describe("graph-consent-matches-declaration (stack)", () => {
  it("denies an assignment of a Graph role the app does not request, linking by values", async () => {
    const app = policyResource(TYPES.application, "alerts", {
      ...graphApp([ROLE.mailSend]),
      clientId: "client-1",
    });
    const sp = policyResource(TYPES.servicePrincipal, "alerts", {
      clientId: "client-1",
      objectId: "sp-1",
    });
    const declared = policyResource(TYPES.appRoleAssignment, "alerts-graph-Mail.Send", {
      appRoleId: ROLE.mailSend,
      principalObjectId: "sp-1",
    });
    const extra = policyResource(TYPES.appRoleAssignment, "alerts-graph-RoleManagement", {
      appRoleId: ROLE.roleManagement,
      principalObjectId: "sp-1",
    });
    expect(await stackViolations([app, sp, declared])).toEqual([]);
    expect(await stackViolations([app, sp, declared, extra])).toEqual([
      {
        message:
          "assignment alerts-graph-RoleManagement grants Microsoft Graph RoleManagement.ReadWrite.Directory to app alerts, which does not request it; add it to the app's requiredResourceAccesses or remove the assignment.",
        urn: extra.urn,
      },
    ]);
  });

  it("links through property dependencies when IDs are still unknown (preview)", async () => {
    const app = policyResource(TYPES.application, "alerts", graphApp([ROLE.mailSend]));
    const sp = policyResource(TYPES.servicePrincipal, "alerts", {}, { clientId: [app] });
    const extra = policyResource(
      TYPES.appRoleAssignment,
      "alerts-extra",
      { appRoleId: ROLE.roleManagement },
      { principalObjectId: [sp] },
    );
    expect((await stackViolations([app, sp, extra])).map((v) => v.urn)).toEqual([extra.urn]);
  });
});

describe("the program's own resources for each seed example", () => {
  const examples = [
    "000-search-connector",
    "001-directory-export",
    "002-mail-alerts",
    "003-jira-mail",
    "004-dynamics-connector",
  ];
  // Seed 004 asks for takeover-class permissions: the pack rightly denies them unless an
  // organisation records why it accepts the risk.
  const exceptions: Record<string, object> = {
    "004-dynamics-connector": {
      allow: [
        {
          permission: "Application.ReadWrite.All",
          justification: "connector provisions its own apps (SEC-1234)",
        },
        {
          permission: "Device.ReadWrite.All",
          justification: "connector manages device records (SEC-1234)",
        },
        {
          permission: "Directory.ReadWrite.All",
          justification: "connector writes back directory data (SEC-1234)",
        },
        {
          permission: "Domain.ReadWrite.All",
          justification: "connector manages domains (SEC-1234)",
        },
      ],
    },
  };

  // Advisory findings do not block a deployment; these are expected and explained.
  // The examples name no owners: they deploy as they stand, and the advisory says what to add.
  const noOwners = (app: string) =>
    `minimum-owners: app ${app} has 0 owner(s); add owners so at least 1 people or identities can manage it.`;
  const expectedAdvisories: Record<string, string[]> = {
    "000-search-connector": [noOwners("search-connector")],
    "001-directory-export": [noOwners("directory-export")],
    "002-mail-alerts": [noOwners("mail-alerts")],
    // The Jira integration's OAuth flow needs the product's redirect URI (seed 003).
    "003-jira-mail": [
      noOwners("jira-mail"),
      "daemon-no-redirect-uris: app jira-mail only has application permissions but declares redirect URIs (https://jira.contoso.com/plugins/servlet/oauth/callback); remove them unless a user signs in.",
    ],
    "004-dynamics-connector": [noOwners("dynamics-connector")],
  };

  it.each(examples)(
    "%s passes every mandatory policy (with its documented exceptions)",
    async (example) => {
      const plan = await planStack(
        readStackFile(path.join(__dirname, "..", "examples", example, "Pulumi.example.yaml")),
        NOW,
      );
      const resources = plan.apps.flatMap((app) => app.resources);
      const mandatory: string[] = [];
      const advisory: string[] = [];
      for (const resource of resources) {
        for (const p of policies.filter(
          (candidate): candidate is ResourceValidationPolicy => "validateResource" in candidate,
        )) {
          const config =
            p.name === "graph-application-permission-privilege" ? (exceptions[example] ?? {}) : {};
          const sink = p.enforcementLevel === "advisory" ? advisory : mandatory;
          const validate = p.validateResource!;
          for (const fn of Array.isArray(validate) ? validate : [validate]) {
            await fn(
              resourceArgs(resource.type, resource.name, resource.inputs, config),
              (message) => sink.push(`${p.name}: ${message}`),
            );
          }
        }
      }
      mandatory.push(
        ...(
          await stackViolations(resources.map((r) => policyResource(r.type, r.name, r.state)))
        ).map((v) => v.message),
      );
      expect(mandatory).toEqual([]);
      expect(advisory).toEqual(expectedAdvisories[example] ?? []);
    },
  );

  it("denies seed 004's level-4 and takeover permissions without exceptions", async () => {
    const plan = await planStack(
      readStackFile(
        path.join(__dirname, "..", "examples", "004-dynamics-connector", "Pulumi.example.yaml"),
      ),
      NOW,
    );
    const app = plan.apps[0].resources.find((r) => r.type === TYPES.application)!;
    const denied = await violations(
      "graph-application-permission-privilege",
      app.type,
      app.name,
      app.inputs,
    );
    // In the app's (sorted by role ID) order.
    expect(denied.map((message) => message.split(" (")[0])).toEqual([
      "app dynamics-connector requests Microsoft Graph Device.ReadWrite.All",
      "app dynamics-connector requests Microsoft Graph Directory.ReadWrite.All",
      "app dynamics-connector requests Microsoft Graph Application.ReadWrite.All",
      "app dynamics-connector requests Microsoft Graph Domain.ReadWrite.All",
    ]);
  });
});
