import { z } from "zod";

/*
 * `existing:`: the objects an app takes over on its first `pulumi up` (Pulumi's `import`
 * resource option), written by `npm run adopt`. Each value is an ID in the form the azuread
 * provider's importer parses (terraform-provider-azuread v3.8.0):
 * - application: stable.ValidateApplicationID, `/applications/{id}`
 *   (internal/services/applications/application_resource.go, Importer);
 * - servicePrincipal: stable.ValidateServicePrincipalID, `/servicePrincipals/{id}`
 *   (internal/services/serviceprincipals/service_principal_resource.go);
 * - appRoleAssignments: `/servicePrincipals/{resourceId}/appRoleAssignedTo/{assignmentId}`
 *   (internal/services/approleassignments/app_role_assignment_resource.go);
 * - delegatedPermissionGrants: `/oauth2PermissionGrants/{id}`
 *   (internal/services/serviceprincipals/service_principal_delegated_permission_grant_resource.go);
 * - federatedCredentials: `{appObjectId}/federatedIdentityCredential/{id}`, both UUIDs
 *   (parse.FederatedIdentityCredentialID in internal/services/applications/parse/object.go).
 * Object IDs must be lower case, as Graph returns them: the provider keeps an import ID as given,
 * and a credential's application_id (ForceNew) read back in lower case would replace it.
 */

const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** Graph's opaque IDs of assignments and grants: base64url (43 characters in practice). */
const OPAQUE = "[A-Za-z0-9_-]{1,128}";

/**
 * `permissionOrder` entries: the provider keeps each API's resource_access list in Graph's order
 * (application_resource.go, `required_resource_access`: a TypeList), so an adopted app lists its
 * permissions as the live app does, roles and scopes interleaved.
 */
export const ORDER_ENTRY = /^(application|delegated) (\S+)$/;

export const APPLICATION_ID = new RegExp(`^/applications/(${GUID})$`);
export const SERVICE_PRINCIPAL_ID = new RegExp(`^/servicePrincipals/(${GUID})$`);
export const APP_ROLE_ASSIGNMENT_ID = new RegExp(
  `^/servicePrincipals/(${GUID})/appRoleAssignedTo/(${OPAQUE})$`,
);
export const GRANT_ID = new RegExp(`^/oauth2PermissionGrants/(${OPAQUE})$`);
export const FEDERATED_CREDENTIAL_ID = new RegExp(
  `^(${GUID})/federatedIdentityCredential/(${GUID})$`,
);

function importId(pattern: RegExp, form: string) {
  return z
    .string({ error: `must be an import ID of the form ${form}` })
    .superRefine((value, ctx) => {
      if (pattern.test(value)) return;
      ctx.addIssue({
        code: "custom",
        message: pattern.test(value.toLowerCase())
          ? `must be written in lower case, as Graph returns object IDs (${form})`
          : `must be an import ID of the form ${form}, with object IDs as GUIDs`,
      });
    });
}

export const existingObjectsSchema = z.strictObject(
  {
    application: importId(APPLICATION_ID, "/applications/{objectId}").optional(),
    servicePrincipal: importId(SERVICE_PRINCIPAL_ID, "/servicePrincipals/{objectId}").optional(),
    appRoleAssignments: z
      .record(
        z.string(),
        importId(
          APP_ROLE_ASSIGNMENT_ID,
          "/servicePrincipals/{resourceServicePrincipalId}/appRoleAssignedTo/{assignmentId}",
        ),
        { error: "must be a map of <api key>/<permission> to an import ID" },
      )
      .optional(),
    delegatedPermissionGrants: z
      .record(z.string(), importId(GRANT_ID, "/oauth2PermissionGrants/{grantId}"), {
        error: "must be a map of <api key> to an import ID",
      })
      .optional(),
    federatedCredentials: z
      .record(
        z.string(),
        importId(
          FEDERATED_CREDENTIAL_ID,
          "{applicationObjectId}/federatedIdentityCredential/{credentialId}",
        ),
        { error: "must be a map of credential name to an import ID" },
      )
      .optional(),
    permissionOrder: z
      .record(
        z.string(),
        z.array(
          z.string().regex(ORDER_ENTRY, {
            error: 'must be "application <permission>" or "delegated <permission>"',
          }),
          { error: 'must be a list such as ["delegated User.Read", "application Mail.Send"]' },
        ),
        { error: "must be a map of <api key> to the live order of its permissions" },
      )
      .optional(),
  },
  {
    error:
      "must be a map of import IDs: application, servicePrincipal, appRoleAssignments, delegatedPermissionGrants, federatedCredentials, and permissionOrder (npm run adopt writes it)",
  },
);

export type ExistingObjects = z.infer<typeof existingObjectsSchema>;
