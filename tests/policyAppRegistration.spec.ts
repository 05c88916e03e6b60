// The guardrail policies on an app registration's own settings and its Key Vault copy, called
// the way the policy engine calls them (tests/support/policyHarness.ts).
import { TYPES } from "../program/guardrails/resourceTypes";
import { GRAPH, ROLE, graphApp, policy, violations } from "./support/policyHarness";

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

describe("github-immutable-subject (advisory)", () => {
  const ISSUER = "https://token.actions.githubusercontent.com";
  const credential = (issuer: string, subject: string) => ({
    displayName: "main",
    issuer,
    subject,
    audiences: ["api://AzureADTokenExchange"],
  });

  it("reports a name-based github.com subject with how to find the IDs, and passes the immutable one and other issuers", async () => {
    expect(policy("github-immutable-subject").enforcementLevel).toBe("advisory");
    const check = (issuer: string, subject: string) =>
      violations(
        "github-immutable-subject",
        TYPES.federatedCredential,
        "ci-federated-main",
        credential(issuer, subject),
      );
    expect(await check(ISSUER, "repo:contoso/infra:ref:refs/heads/main")).toEqual([
      "federated credential ci-federated-main trusts repo:contoso/infra:ref:refs/heads/main, the name-based (mutable) GitHub subject: if contoso/infra is renamed, transferred or deleted, whoever takes the name gets tokens that match, and a repository created or renamed since 2026-07-15 presents only the immutable subject, which this never matches. Give the repository's IDs as github: { repository, ownerId, repositoryId, ... } (gh api repos/contoso/infra --jq '.id, .owner.id' prints the repository ID, then the owner ID); keep the name-based form only for GitHub Enterprise Server.",
    ]);
    expect(await check(ISSUER, "repo:contoso@5544123/infra@821093847:ref:refs/heads/main")).toEqual(
      [],
    );
    expect(
      await check("https://ghes.contoso.com/_services/token", "repo:c/i:pull_request"),
    ).toEqual([]);
    expect(await check("https://idp.contoso.com", "repo:contoso/infra:pull_request")).toEqual([]);
  });
});
