/**
 * Existing Entra objects a `GraphApp` takes over on the first `pulumi up` instead of creating
 * them, through Pulumi's `import` resource option. Each value is the azuread provider's import ID.
 * Where the args differ from the live object, Pulumi imports it and then updates it to match
 * (pulumi/pulumi#19339): describe the object exactly as it is to take it over unchanged.
 */
export interface GraphAppExistingObjects {
  /**
   * The application: `/applications/{objectId}`.
   * @default create a new one
   */
  application?: string;
  /**
   * Its service principal: `/servicePrincipals/{objectId}`.
   * @default create a new one
   */
  servicePrincipal?: string;
  /**
   * `${resourceKey}/${permissionValue}` (e.g. `graph/Mail.Send`) →
   * `/servicePrincipals/{resourceSpObjectId}/appRoleAssignedTo/{assignmentId}`.
   * @default none
   */
  appRoleAssignments?: Record<string, string>;
  /**
   * `resourceKey` → `/oauth2PermissionGrants/{id}`.
   * @default none
   */
  delegatedPermissionGrants?: Record<string, string>;
  /**
   * Federated credential name → `{appObjectId}/federatedIdentityCredential/{credentialId}`.
   * @default none
   */
  federatedCredentials?: Record<string, string>;
}

/** The children a component will create, by the keys `GraphAppExistingObjects` uses. */
export interface AdoptableChildren {
  appRoleAssignments: string[];
  delegatedPermissionGrants: string[];
  federatedCredentials: string[];
}

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/**
 * The importers of terraform-provider-azuread v3.8.0: stable.ValidateApplicationID,
 * stable.ValidateServicePrincipalID, stable.ValidateServicePrincipalIdAppRoleAssignedToID,
 * stable.ValidateOAuth2PermissionGrantID (any non-empty segments) and
 * parse.FederatedIdentityCredentialID (internal/services/applications/parse, UUID segments).
 */
const IMPORT_ID_FORMATS = {
  application: { pattern: /^\/applications\/[^/]+$/, form: "/applications/{objectId}" },
  servicePrincipal: {
    pattern: /^\/servicePrincipals\/[^/]+$/,
    form: "/servicePrincipals/{objectId}",
  },
  appRoleAssignments: {
    pattern: /^\/servicePrincipals\/[^/]+\/appRoleAssignedTo\/[^/]+$/,
    form: "/servicePrincipals/{resourceSpObjectId}/appRoleAssignedTo/{assignmentId}",
  },
  delegatedPermissionGrants: {
    pattern: /^\/oauth2PermissionGrants\/[^/]+$/,
    form: "/oauth2PermissionGrants/{id}",
  },
  federatedCredentials: {
    pattern: new RegExp(`^${GUID}/federatedIdentityCredential/${GUID}$`),
    form: "{appObjectId}/federatedIdentityCredential/{credentialId}",
  },
} as const;

/**
 * Every problem with `existing`, at once: an import ID in the wrong form, an entry that names no
 * child of the component (it would be ignored and the object created anew), or a federated
 * credential of another application than the adopted one.
 */
export function existingObjectsProblems(
  existing: GraphAppExistingObjects,
  children: AdoptableChildren,
): string[] {
  const problems: string[] = [];
  for (const field of ["application", "servicePrincipal"] as const) {
    const id = existing[field];
    if (id !== undefined) problems.push(...formatProblem(`existing.${field}`, field, id));
  }
  for (const field of [
    "appRoleAssignments",
    "delegatedPermissionGrants",
    "federatedCredentials",
  ] as const) {
    for (const [key, id] of Object.entries(existing[field] ?? {})) {
      const path = `existing.${field}["${key}"]`;
      problems.push(...formatProblem(path, field, id));
      if (!children[field].includes(key)) {
        const known = children[field].length > 0 ? children[field].join(", ") : "none";
        problems.push(`${path} names nothing this app creates (its keys: ${known})`);
      }
    }
  }
  const applicationObjectId = existing.application?.split("/")[2]?.toLowerCase();
  for (const [key, id] of Object.entries(existing.federatedCredentials ?? {})) {
    const owner = id.split("/")[0].toLowerCase();
    if (applicationObjectId && owner !== applicationObjectId) {
      problems.push(
        `existing.federatedCredentials["${key}"] = "${id}" belongs to application ${owner}, not the adopted ${applicationObjectId}`,
      );
    }
  }
  return problems;
}

function formatProblem(path: string, field: keyof typeof IMPORT_ID_FORMATS, id: string): string[] {
  const { pattern, form } = IMPORT_ID_FORMATS[field];
  return pattern.test(id) ? [] : [`${path} = "${id}" is not an import ID of the form ${form}`];
}
