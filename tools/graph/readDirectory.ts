import {
  DirectoryExport,
  GraphAppRoleAssignment,
  GraphApplication,
  GraphDirectoryObject,
  GraphFederatedIdentityCredential,
  GraphOAuth2PermissionGrant,
  GraphServicePrincipal,
} from "../tenant/directory/graphTypes";
import { GraphApi } from "./graphClient";
import { GraphReadError } from "./graphErrors";
import { withoutSecrets } from "./exportBundle";

/** Which apps to read: by appId, object ID or display name; or every app visible. */
export type AppSelection =
  | { apps: string[] }
  | {
      all: true;
      /** Only apps whose display name starts with this (Graph's `startswith`, any case). */
      displayNameStartsWith?: string;
    };

/** What one `--app` value matched (none, one, or several apps sharing a display name). */
export interface AppMatch {
  query: string;
  /** Object IDs of the applications it names. */
  applicationIds: string[];
}

export interface DirectoryRead {
  /** Everything read, in Graph v1.0's shapes (secrets never included). */
  bundle: DirectoryExport;
  /** Per `--app` value, in order (empty for `--all`). */
  matches: AppMatch[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `$filter` text with a string literal quoted as OData wants it, URL-encoded for the path. */
function filter(property: string, operator: "eq" | "startswith", value: string): string {
  const literal = `'${value.replace(/'/g, "''")}'`;
  const clause =
    operator === "eq" ? `${property} eq ${literal}` : `startswith(${property},${literal})`;
  return `$filter=${encodeURIComponent(clause)}`;
}

/**
 * Reads the selected apps and everything that gives them access, as Graph v1.0 returns it:
 * each application, its service principal, owners, federated credentials, the app role
 * assignments granted to the service principal, the delegated grants where it is the client,
 * and the resource service principals those and the requested permissions name (with their
 * app roles and scopes). Any failed read throws GraphReadError: never a partial bundle.
 * `tenantId` is the token's tenant unless given.
 */
export async function readDirectory(
  graph: GraphApi,
  selection: AppSelection,
  tenantId?: string,
): Promise<DirectoryRead> {
  const { applications, matches } = await selectApplications(graph, selection);
  const owners: Record<string, GraphDirectoryObject[]> = {};
  const federated: Record<string, GraphFederatedIdentityCredential[]> = {};
  const clients: GraphServicePrincipal[] = [];
  const assignments: GraphAppRoleAssignment[] = [];
  const grants: GraphOAuth2PermissionGrant[] = [];
  for (const app of applications) {
    owners[app.id] = await graph.list(`/applications/${app.id}/owners`);
    federated[app.id] = await graph.list(`/applications/${app.id}/federatedIdentityCredentials`);
    const [sp] = await graph.list<GraphServicePrincipal>(
      `/servicePrincipals?${filter("appId", "eq", app.appId)}`,
    );
    if (!sp) continue;
    clients.push(sp);
    // The program gives the service principal the application's owners: adopt checks both.
    owners[sp.id] = await graph.list(`/servicePrincipals/${guid(sp.id)}/owners`);
    assignments.push(
      ...(await graph.list<GraphAppRoleAssignment>(
        `/servicePrincipals/${guid(sp.id)}/appRoleAssignments`,
      )),
    );
    grants.push(
      ...(await graph.list<GraphOAuth2PermissionGrant>(
        `/oauth2PermissionGrants?${filter("clientId", "eq", sp.id)}`,
      )),
    );
  }
  const resources = await resourceServicePrincipals(graph, applications, assignments, grants);
  const servicePrincipals = uniqueById([...clients, ...resources]);
  const tenant = tenantId ?? graph.tenantId();
  if (!tenant) throw new GraphReadError("graph", "could not tell which tenant was read");
  return {
    bundle: withoutSecrets({
      tenantId: tenant,
      applications,
      servicePrincipals,
      appRoleAssignments: assignments,
      oauth2PermissionGrants: grants,
      owners,
      federatedIdentityCredentials: federated,
    }),
    matches,
  };
}

async function selectApplications(
  graph: GraphApi,
  selection: AppSelection,
): Promise<{ applications: GraphApplication[]; matches: AppMatch[] }> {
  if ("all" in selection) {
    const prefix = selection.displayNameStartsWith;
    const query = prefix ? `?${filter("displayName", "startswith", prefix)}` : "";
    return { applications: await graph.list(`/applications${query}`), matches: [] };
  }
  const matches: AppMatch[] = [];
  const found: GraphApplication[] = [];
  for (const query of selection.apps) {
    const apps = await findApplications(graph, query.trim());
    matches.push({ query, applicationIds: apps.map((app) => app.id) });
    found.push(...apps);
  }
  return { applications: uniqueById(found), matches };
}

/** An app by appId or object ID (a GUID), else by exact display name (several may share it). */
async function findApplications(graph: GraphApi, query: string): Promise<GraphApplication[]> {
  if (GUID.test(query)) {
    const byAppId = await graph.list<GraphApplication>(
      `/applications?${filter("appId", "eq", query.toLowerCase())}`,
    );
    if (byAppId.length > 0) return byAppId;
    return graph.list<GraphApplication>(`/applications?${filter("id", "eq", query.toLowerCase())}`);
  }
  return graph.list<GraphApplication>(`/applications?${filter("displayName", "eq", query)}`);
}

/**
 * The APIs the apps reach: resource service principals named by assignments and grants (object
 * IDs) and by requested permissions (appIds; an API with no service principal in the tenant
 * is left out).
 */
async function resourceServicePrincipals(
  graph: GraphApi,
  applications: GraphApplication[],
  assignments: GraphAppRoleAssignment[],
  grants: GraphOAuth2PermissionGrant[],
): Promise<GraphServicePrincipal[]> {
  const byId = new Map<string, GraphServicePrincipal>();
  const ids = new Set([...assignments, ...grants].map((item) => item.resourceId.toLowerCase()));
  for (const id of ids) byId.set(id, await graph.get(`/servicePrincipals/${guid(id)}`));
  const appIds = new Set(
    applications.flatMap((app) =>
      (app.requiredResourceAccess ?? []).map((access) => access.resourceAppId.toLowerCase()),
    ),
  );
  const known = new Set([...byId.values()].map((sp) => sp.appId.toLowerCase()));
  for (const appId of appIds) {
    if (known.has(appId)) continue;
    const [sp] = await graph.list<GraphServicePrincipal>(
      `/servicePrincipals?${filter("appId", "eq", appId)}`,
    );
    if (sp) byId.set(sp.id, sp);
  }
  return [...byId.values()].map((sp) => withoutAnnotations(sp));
}

function guid(id: string): string {
  if (!GUID.test(id))
    throw new GraphReadError(
      "graph",
      `Graph returned an object ID that is not a GUID: ${JSON.stringify(id)}`,
    );
  return id.toLowerCase();
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

/** An entity read alone carries `@odata.context`: not part of the object. */
function withoutAnnotations<T extends object>(item: T): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => name !== "@odata.context"),
  ) as T;
}
