import { createHash } from "crypto";
import { catalogFor } from "../../program/permissions/catalog";
import {
  DirectoryExport,
  GraphAppRoleAssignment,
  GraphApplication,
  GraphServicePrincipal,
} from "../../tools/tenant/directory/graphTypes";
import { graphServicePrincipal, GRAPH_APP_ID, GRAPH_SP_ID, TENANT } from "./portalApps";

/*
 * Large export bundles and states, built directly (no program run, no simulated tenant), for the
 * work limits of drift and adopt: a tenant of thousands of portal apps, and the same with hostile
 * text in every string Graph lets an administrator set.
 */

/** A GUID from a kind (8 hex digits' worth) and a number: deterministic and distinct. */
export function guidOf(kind: number, n: number): string {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, "0");
  return `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;
}

/** An assignment's or tenant-wide grant's ID as Graph makes them: 32 bytes in base64url. */
function consentId(seed: string): string {
  return createHash("sha256").update(seed).digest("base64url");
}

const KIND = { app: 1, appId: 2, sp: 3, owner: 4, secret: 5, cert: 6, fic: 7 } as const;

export interface LargeTenantSpec {
  apps: number;
  /** Application permissions of Microsoft Graph each app requests and has consented (default 4). */
  roles?: number;
  /** Delegated scopes each app requests, consented in one tenant-wide grant (default 1). */
  scopes?: number;
  secrets?: number;
  owners?: number;
  federated?: number;
  /** Text put in every free-text field (display names of credentials, notes, subjects...). */
  text?: (app: number, field: string) => string;
}

/** A tenant of `apps` portal apps on Microsoft Graph, each with consent, secrets and owners. */
export function largeTenant(spec: LargeTenantSpec): DirectoryExport {
  const graph = catalogFor(GRAPH_APP_ID)!.permissions;
  const roles = graph.filter((p) => p.kind === "application").slice(0, spec.roles ?? 4);
  const scopes = graph.filter((p) => p.kind === "delegated").slice(0, spec.scopes ?? 1);
  const text = spec.text ?? ((app: number, field: string) => `${field} ${app}`);
  const bundle: DirectoryExport = {
    tenantId: TENANT,
    applications: [],
    servicePrincipals: [graphServicePrincipal()],
    appRoleAssignments: [],
    oauth2PermissionGrants: [],
    owners: {},
    federatedIdentityCredentials: {},
  };
  for (let n = 0; n < spec.apps; n++) {
    const id = guidOf(KIND.app, n);
    const appId = guidOf(KIND.appId, n);
    const spId = guidOf(KIND.sp, n);
    const owners = Array.from({ length: spec.owners ?? 2 }, (_, o) => ({
      "@odata.type": "#microsoft.graph.user" as const,
      id: guidOf(KIND.owner, o),
      displayName: text(n, `owner ${o}`),
    }));
    bundle.applications.push(application(n, id, appId, roles, scopes, spec, text));
    bundle.servicePrincipals.push({
      id: spId,
      appId,
      displayName: text(n, "displayName"),
      appRoles: [],
      oauth2PermissionScopes: [],
      passwordCredentials: [],
      keyCredentials: [],
    } as unknown as GraphServicePrincipal);
    bundle.owners[id] = owners;
    bundle.owners[spId] = owners;
    bundle.federatedIdentityCredentials[id] = Array.from(
      { length: spec.federated ?? 1 },
      (_, f) => ({
        id: guidOf(KIND.fic, n * 100 + f),
        name: `ci-${f}`,
        issuer: "https://token.actions.githubusercontent.com",
        subject: text(n, `subject ${f}`),
        audiences: ["api://AzureADTokenExchange"],
        description: null,
      }),
    );
    for (const [r, role] of roles.entries()) {
      bundle.appRoleAssignments.push({
        id: consentId(`assignment ${n} ${r}`),
        appRoleId: role.id,
        principalId: spId,
        principalDisplayName: text(n, "principalDisplayName"),
        principalType: "ServicePrincipal",
        resourceId: GRAPH_SP_ID,
        resourceDisplayName: "Microsoft Graph",
        createdDateTime: "2025-03-14T10:24:12Z",
        deletedDateTime: null,
      } as GraphAppRoleAssignment);
    }
    if (scopes.length > 0) {
      bundle.oauth2PermissionGrants.push({
        id: consentId(`grant ${n}`),
        clientId: spId,
        consentType: "AllPrincipals",
        principalId: null,
        resourceId: GRAPH_SP_ID,
        scope: scopes.map((p) => p.value).join(" "),
      });
    }
  }
  return bundle;
}

function application(
  n: number,
  id: string,
  appId: string,
  roles: { id: string }[],
  scopes: { id: string }[],
  spec: LargeTenantSpec,
  text: (app: number, field: string) => string,
): GraphApplication {
  return {
    id,
    appId,
    displayName: `App ${n} ${text(n, "displayName")}`.trim(),
    signInAudience: "AzureADMyOrg",
    notes: text(n, "notes"),
    requiredResourceAccess: [
      {
        resourceAppId: GRAPH_APP_ID,
        resourceAccess: [
          ...roles.map((p) => ({ id: p.id, type: "Role" as const })),
          ...scopes.map((p) => ({ id: p.id, type: "Scope" as const })),
        ],
      },
    ],
    web: { redirectUris: [`https://app${n}.contoso.com/callback`] },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    passwordCredentials: Array.from({ length: spec.secrets ?? 2 }, (_, s) => ({
      keyId: guidOf(KIND.secret, n * 100 + s),
      displayName: text(n, `secret ${s}`),
      startDateTime: "2025-03-14T10:25:40Z",
      endDateTime: "2027-03-14T10:25:40Z",
      hint: "Qv7",
      customKeyIdentifier: null,
      secretText: null,
    })),
    keyCredentials: [],
  } as unknown as GraphApplication;
}

const STACK = "urn:pulumi:dev::entra-graph-apps::pulumi:pulumi:Stack::entra-graph-apps-dev";
const urn = (type: string, name: string) =>
  `urn:pulumi:dev::entra-graph-apps::entra-graph-apps:apps:GraphApp$${type}::${name}`;

/**
 * What `pulumi stack export` prints for a stack managing the first `apps` applications of
 * `bundle` exactly (same IDs, consent, secrets and federated credentials): drift finds nothing.
 */
export function largeState(
  bundle: DirectoryExport,
  apps: number,
  /** Only the applications and service principals: every consent and credential is drift. */
  bare = false,
) {
  const resources: Record<string, unknown>[] = [
    { urn: STACK, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
  ];
  const custom = (type: string, name: string, id: string, outputs: object, parent: string) =>
    resources.push({ urn: urn(type, name), custom: true, id, type, outputs, parent });
  for (const app of bundle.applications.slice(0, apps)) {
    const key = `app-${app.id.slice(-6)}`;
    const component = `urn:pulumi:dev::entra-graph-apps::entra-graph-apps:apps:GraphApp::${key}`;
    resources.push({ urn: component, custom: false, type: "entra-graph-apps:apps:GraphApp" });
    const sp = bundle.servicePrincipals.find((candidate) => candidate.appId === app.appId)!;
    const owners = bare ? [] : (bundle.owners[app.id] ?? []).map((owner) => owner.id);
    custom(
      "azuread:index/application:Application",
      key,
      `/applications/${app.id}`,
      {
        objectId: app.id,
        clientId: app.appId,
        displayName: app.displayName,
        signInAudience: app.signInAudience,
        owners,
        web: { redirectUris: app.web.redirectUris },
        requiredResourceAccesses: app.requiredResourceAccess.map((access) => ({
          resourceAppId: access.resourceAppId,
          resourceAccesses: access.resourceAccess,
        })),
      },
      component,
    );
    custom(
      "azuread:index/servicePrincipal:ServicePrincipal",
      key,
      `/servicePrincipals/${sp.id}`,
      {
        objectId: sp.id,
        clientId: app.appId,
      },
      component,
    );
    if (bare) continue;
    for (const a of bundle.appRoleAssignments.filter((item) => item.principalId === sp.id)) {
      custom(
        "azuread:index/appRoleAssignment:AppRoleAssignment",
        `${key}-${a.appRoleId}`,
        `/servicePrincipals/${a.resourceId}/appRoleAssignedTo/${a.id}`,
        { appRoleId: a.appRoleId, principalObjectId: sp.id, resourceObjectId: a.resourceId },
        component,
      );
    }
    for (const g of bundle.oauth2PermissionGrants.filter((item) => item.clientId === sp.id)) {
      custom(
        "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
        `${key}-grant`,
        `/oauth2PermissionGrants/${g.id}`,
        {
          servicePrincipalObjectId: sp.id,
          resourceServicePrincipalObjectId: g.resourceId,
          claimValues: (g.scope ?? "").split(" ").filter(Boolean),
        },
        component,
      );
    }
    for (const p of app.passwordCredentials) {
      custom(
        "azuread:index/applicationPassword:ApplicationPassword",
        `${key}-${p.keyId}`,
        `${app.id}/password/${p.keyId}`,
        { keyId: p.keyId },
        component,
      );
    }
    for (const f of bundle.federatedIdentityCredentials[app.id] ?? []) {
      custom(
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        `${key}-${f.name}`,
        `${app.id}/federatedIdentityCredential/${f.id}`,
        { displayName: f.name },
        component,
      );
    }
  }
  return { version: 3, deployment: { manifest: {}, resources } };
}
