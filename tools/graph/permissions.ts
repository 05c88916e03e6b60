/**
 * The least Microsoft Graph permissions the reader needs, per request, from each API's page on
 * learn.microsoft.com/graph/api (the "least privileged" column), and what a 403 on it means.
 */
export interface ReadPermission {
  /** What the request reads, in words. */
  reads: string;
  /** The least privileged application permission (app-only token: a pipeline identity). */
  application: string;
  /** Higher permissions that also do (any one). */
  alsoSufficient: string[];
}

const APPLICATIONS: ReadPermission = {
  reads: "app registrations, their owners and federated credentials",
  // application-list, application-get, application-list-owners, federatedidentitycredential-list
  application: "Application.Read.All",
  alsoSufficient: ["Application.ReadWrite.All", "Directory.Read.All"],
};

const SERVICE_PRINCIPALS: ReadPermission = {
  reads: "service principals and the app role assignments granted to them",
  // serviceprincipal-get, serviceprincipal-list, serviceprincipal-list-approleassignments
  application: "Application.Read.All",
  alsoSufficient: ["Application.ReadWrite.All", "Directory.Read.All"],
};

const GRANTS: ReadPermission = {
  reads: "delegated permission grants (admin consent for delegated scopes)",
  // oauth2permissiongrant-list: the permissions reference lists DelegatedPermissionGrant.Read.All
  // ("read all delegated permission grants"); the API page names Directory.Read.All as least.
  application: "DelegatedPermissionGrant.Read.All",
  alsoSufficient: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All"],
};

/** Every application permission the reader needs: what `adopt` and `drift` document. */
export const LEAST_GRAPH_PERMISSIONS: readonly string[] = [
  APPLICATIONS.application,
  GRANTS.application,
];

/** The permission a Graph path (after `/v1.0`) needs to be read. */
export function permissionFor(path: string): ReadPermission {
  const resource = path.replace(/^\/+/, "").split(/[/?(]/)[0].toLowerCase();
  if (resource === "oauth2permissiongrants") return GRANTS;
  if (resource === "serviceprincipals") return SERVICE_PRINCIPALS;
  return APPLICATIONS;
}

/** A 403 in words: what could not be read and the permission that is missing. */
export function explainForbidden(path: string, identity: string): string {
  const permission = permissionFor(path);
  return (
    `Graph refused to let ${identity} read ${permission.reads} (403). It needs the Microsoft ` +
    `Graph application permission ${permission.application} with admin consent (or one of ` +
    `${permission.alsoSufficient.join(", ")}); a person signed in with az login needs a ` +
    `directory role that can read applications, such as Global Reader.`
  );
}
