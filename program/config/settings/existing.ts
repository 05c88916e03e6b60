import { z } from "zod";
import { didYouMean } from "../../permissions/didYouMean";
import { AppConfig } from "../appConfig";
import { ConfigProblem } from "../configProblem";
import { isMap } from "../parseSettings";

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

/** Objects in a tenant are per app: one `existing:` under `defaults` would claim them for every app. */
export function refuseExistingInDefaults(rawDefaults: unknown, problems: ConfigProblem[]): void {
  if (isMap(rawDefaults) && rawDefaults.existing !== undefined) {
    problems.push({
      path: "defaults.existing",
      value: undefined,
      message:
        "names the objects one app takes over, so it belongs under that app (apps.<key>.existing), never under defaults",
    });
  }
}

/**
 * What the import IDs must agree with: the app's own declarations (a permission, API or
 * credential it does not declare would import nothing, or something else), and each other.
 */
export function checkExistingObjects(
  app: AppConfig,
  existing: ExistingObjects | undefined,
  problems: ConfigProblem[],
): void {
  if (!existing) return;
  const path = `apps.${app.key}.existing`;
  const problem = (at: string, value: unknown, message: string) =>
    problems.push({ path: `${path}${at}`, value, message });
  const hasChildren =
    Object.keys(existing.appRoleAssignments ?? {}).length +
      Object.keys(existing.delegatedPermissionGrants ?? {}).length >
    0;
  if (existing.servicePrincipal && !existing.application) {
    problem(
      ".servicePrincipal",
      existing.servicePrincipal,
      "is set without existing.application: a service principal belongs to its application; import both, or neither",
    );
  }
  if (hasChildren && !existing.servicePrincipal) {
    problem(
      "",
      undefined,
      "imports consent (appRoleAssignments or delegatedPermissionGrants) without existing.servicePrincipal, the principal it was granted to; add it",
    );
  }
  if (hasChildren && !app.adminConsent) {
    problem(
      "",
      undefined,
      "imports consent, but adminConsent is false, so the stack registers no consent to import it into; remove the consent import IDs or set adminConsent: true",
    );
  }
  checkAssignments(app, existing, problem);
  checkGrants(app, existing, problem);
  checkFederatedCredentials(app, existing, problem);
  checkPermissionOrder(app, existing, problem);
}

function checkPermissionOrder(app: AppConfig, existing: ExistingObjects, problem: Report): void {
  if (existing.permissionOrder && !existing.application) {
    problem(
      ".permissionOrder",
      undefined,
      "only matters when the application is imported; set existing.application or remove it",
    );
  }
  for (const [key, entries] of Object.entries(existing.permissionOrder ?? {})) {
    const request = app.permissions.find((candidate) => candidate.api.resourceKey === key);
    const declared = request
      ? [
          ...request.application.map((value) => `application ${value}`),
          ...request.delegated.map((value) => `delegated ${value}`),
        ]
      : [];
    if (!request) {
      const keys = app.permissions.map((candidate) => candidate.api.resourceKey);
      problem(
        ".permissionOrder",
        key,
        `is not an API this app declares permissions for.${didYouMean(key, keys) || ` It declares: ${keys.join(", ") || "none"}.`}`,
      );
      continue;
    }
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const at = `.permissionOrder.${key}[${index}]`;
      if (seen.has(entry)) problem(at, entry, "is listed twice; list each permission once");
      else if (!declared.includes(entry)) {
        problem(
          at,
          entry,
          `names no permission this app declares for ${key}.${didYouMean(entry, declared) || ` It declares: ${declared.join(", ")}.`}`,
        );
      }
      seen.add(entry);
    });
  }
}

type Report = (at: string, value: unknown, message: string) => void;

function checkAssignments(app: AppConfig, existing: ExistingObjects, problem: Report): void {
  const declared = app.permissions.flatMap((request) =>
    request.application.map((value) => `${request.api.resourceKey}/${value}`),
  );
  const resourceOf = new Map<string, { sp: string; key: string }>();
  for (const [key, id] of Object.entries(existing.appRoleAssignments ?? {})) {
    if (!declared.includes(key)) {
      problem(
        `.appRoleAssignments`,
        key,
        `is not an application permission this app declares (keys are <api key>/<permission>, e.g. graph/Mail.Send).${didYouMean(key, declared) || ` It declares: ${declared.join(", ") || "none"}.`}`,
      );
      continue;
    }
    const resourceKey = key.slice(0, key.indexOf("/"));
    const sp = APP_ROLE_ASSIGNMENT_ID.exec(id)![1];
    const earlier = resourceOf.get(resourceKey);
    if (earlier && earlier.sp !== sp) {
      problem(
        `.appRoleAssignments.${key}`,
        id,
        `names resource service principal ${sp}, but ${earlier.key} names ${earlier.sp}; one API has one service principal in a tenant`,
      );
    } else if (!earlier) resourceOf.set(resourceKey, { sp, key });
  }
}

function checkGrants(app: AppConfig, existing: ExistingObjects, problem: Report): void {
  const declared = app.permissions
    .filter((request) => request.delegated.length > 0)
    .map((request) => request.api.resourceKey);
  for (const key of Object.keys(existing.delegatedPermissionGrants ?? {})) {
    if (!declared.includes(key)) {
      problem(
        `.delegatedPermissionGrants`,
        key,
        `is not an API this app declares delegated permissions for (keys are API keys, e.g. graph).${didYouMean(key, declared) || ` It declares delegated permissions for: ${declared.join(", ") || "none"}.`}`,
      );
    }
  }
}

function checkFederatedCredentials(
  app: AppConfig,
  existing: ExistingObjects,
  problem: Report,
): void {
  const declared = app.federatedCredentials.map((credential) => credential.name);
  const appObjectId = existing.application && APPLICATION_ID.exec(existing.application)?.[1];
  for (const [name, id] of Object.entries(existing.federatedCredentials ?? {})) {
    if (!declared.includes(name)) {
      problem(
        `.federatedCredentials`,
        name,
        `is not a federated credential this app declares.${didYouMean(name, declared) || ` It declares: ${declared.join(", ") || "none"}.`}`,
      );
      continue;
    }
    const owner = FEDERATED_CREDENTIAL_ID.exec(id)![1];
    if (!existing.application) {
      problem(
        `.federatedCredentials.${name}`,
        id,
        "imports a credential of an application this app does not import; set existing.application too",
      );
    } else if (appObjectId && owner !== appObjectId) {
      problem(
        `.federatedCredentials.${name}`,
        id,
        `belongs to application ${owner}, but existing.application is /applications/${appObjectId}; a credential can only be taken over with its own application`,
      );
    }
  }
}
