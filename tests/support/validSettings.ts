import fc from "fast-check";
import { EXCHANGE_APPLICATION_ROLES } from "../../program/exchange/exchangeScope";

/*
 * Random app settings the zod schema accepts on its own (TODAY = 2026-11-22): every setting and
 * every optional key inside one may be present or not, in every form each takes. For the JSON
 * Schema test (configSchema.spec.ts): what zod accepts, an editor must not flag.
 */

const guid = fc.uuid({ version: 4 });
const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const appKey = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const optional = { requiredKeys: [] as never[] };
const githubId = fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1 }).map(String));

const permissionLists = fc.record(
  {
    application: fc.uniqueArray(fc.constantFrom("Mail.Send", "Sites.Selected", "User.Read.All")),
    delegated: fc.uniqueArray(fc.constantFrom("User.Read", "Mail.Read")),
  },
  optional,
);

const github = fc.record({
  repository: fc.constantFrom("contoso/app", "contoso-org/infra.tools"),
  trigger: fc.oneof(
    fc.record({ environment: fc.constantFrom("production", "staging") }),
    fc.record({ branch: fc.constantFrom("main", "release/v1") }),
    fc.record({ tag: fc.constant("v1.0.0") }),
    fc.constant({ pullRequest: true }),
  ),
  ids: fc.option(fc.record({ ownerId: githubId, repositoryId: githubId }), { nil: undefined }),
});

const federatedCredential = fc
  .tuple(
    fc.oneof(
      github.map(({ repository, trigger, ids }) => ({
        github: { repository, ...trigger, ...ids },
      })),
      fc.constant({
        kubernetes: { issuer: "https://oidc.aks.example/x", namespace: "ns", serviceAccount: "sa" },
      }),
      fc.record(
        {
          issuer: fc.constant("https://token.actions.githubusercontent.com"),
          subject: fc.constant("repo:contoso/app:ref:refs/heads/main"),
          audiences: fc.constant(["api://AzureADTokenExchange"]),
        },
        { requiredKeys: ["issuer", "subject"] },
      ),
    ),
    fc.option(fc.uniqueArray(name, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  )
  .map(([form, renamedFrom]) => (renamedFrom ? { ...form, renamedFrom } : form));

const opaque = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

const existing = fc.record(
  {
    application: guid.map((id) => `/applications/${id}`),
    servicePrincipal: guid.map((id) => `/servicePrincipals/${id}`),
    appRoleAssignments: fc.dictionary(
      fc.constantFrom("graph/Mail.Send", "graph/Sites.Selected"),
      fc.tuple(guid, opaque).map(([sp, id]) => `/servicePrincipals/${sp}/appRoleAssignedTo/${id}`),
    ),
    delegatedPermissionGrants: fc.dictionary(
      fc.constant("graph"),
      opaque.map((id) => `/oauth2PermissionGrants/${id}`),
    ),
    federatedCredentials: fc.dictionary(
      name,
      fc.tuple(guid, guid).map(([app, id]) => `${app}/federatedIdentityCredential/${id}`),
    ),
    permissionOrder: fc.dictionary(
      fc.constant("graph"),
      fc.array(fc.constantFrom("application Mail.Send", "delegated User.Read")),
    ),
  },
  optional,
);

export function validSettings() {
  return fc.record(
    {
      displayName: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ().-]{0,40}$/),
      signInAudience: fc.constantFrom("AzureADMyOrg", "AzureADMultipleOrgs"),
      redirectUris: fc.uniqueArray(
        fc.constantFrom(
          "https://app.contoso.com/callback",
          "http://localhost:8080/",
          "https://a.b/",
        ),
      ),
      owners: fc.uniqueArray(guid, { maxLength: 3 }),
      notes: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,\n]{0,60}$/),
      permissions: fc.dictionary(
        fc.constantFrom(
          "Microsoft Graph",
          "SharePoint Online",
          "00000003-0000-0000-c000-000000000000",
        ),
        permissionLists,
      ),
      adminConsent: fc.boolean(),
      renamedFrom: fc.uniqueArray(appKey, { maxLength: 2 }),
      exchange: fc.record(
        {
          mailboxes: fc.uniqueArray(fc.constantFrom("alerts@contoso.com", "a.b@mail.contoso.org"), {
            minLength: 1,
          }),
          roles: fc.uniqueArray(fc.constantFrom(...EXCHANGE_APPLICATION_ROLES)),
        },
        { requiredKeys: ["mailboxes"] },
      ),
      certificates: fc.dictionary(
        name,
        fc.oneof(
          fc.constant({ pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }),
          fc.constant({ pemFile: "certs/app.pem" }),
        ),
        { maxKeys: 3 },
      ),
      federatedCredentials: fc.dictionary(name, federatedCredential, { maxKeys: 3 }),
      keyVault: fc.record(
        {
          resourceGroupName: fc.constantFrom("rg-apps", "RG_(prod).1"),
          vaultName: fc.constantFrom("kv-contoso", "abc"),
          secretName: fc.constantFrom("mail-alerts-secret", "s"),
        },
        { requiredKeys: ["resourceGroupName", "vaultName"] },
      ),
      clientSecret: fc.oneof(
        fc.constant(false as const),
        fc.integer({ min: 1, max: 182 }).map((rotateEveryDays) => ({ rotateEveryDays })),
        fc.integer({ min: 1, max: 364 }).map((days) => ({
          expiresOn: new Date(Date.UTC(2026, 10, 22 + days)).toISOString().slice(0, 10),
        })),
      ),
      existing,
    },
    { requiredKeys: ["displayName"] },
  );
}
