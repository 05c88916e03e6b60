import { z } from "zod";
import { DirectoryExport } from "../tenant/directory/graphTypes";

/**
 * The export bundle's shape, checked when a file is read: the properties `adopt` and `drift`
 * rely on, in Graph v1.0's types; every other property Graph returns is kept as it is.
 */
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: "not a GUID",
  });
const text = z.string().max(4096);
const nullableText = text.nullable().optional();
const date = z.string().max(64).nullable().optional();

const passwordCredential = z.looseObject({
  keyId: guid,
  displayName: nullableText,
  startDateTime: date,
  endDateTime: date,
  hint: nullableText,
});

const keyCredential = z.looseObject({
  keyId: guid,
  displayName: nullableText,
  type: nullableText,
  usage: nullableText,
  startDateTime: date,
  endDateTime: date,
});

const application = z.looseObject({
  id: guid,
  appId: guid,
  displayName: text,
  signInAudience: text,
  // adopt writes it into the stack (Entra keeps at most 1,024 characters).
  notes: nullableText,
  requiredResourceAccess: z.array(
    z.looseObject({
      resourceAppId: guid,
      resourceAccess: z.array(z.looseObject({ id: guid, type: z.enum(["Role", "Scope"]) })),
    }),
  ),
  web: z.looseObject({ redirectUris: z.array(text) }).optional(),
  spa: z.looseObject({ redirectUris: z.array(text) }).optional(),
  publicClient: z.looseObject({ redirectUris: z.array(text) }).optional(),
  passwordCredentials: z.array(passwordCredential),
  keyCredentials: z.array(keyCredential),
});

const permission = z.looseObject({
  id: guid,
  value: nullableText,
  isEnabled: z.boolean().optional(),
});

const servicePrincipal = z.looseObject({
  id: guid,
  appId: guid,
  displayName: nullableText,
  appRoles: z.array(permission).optional(),
  oauth2PermissionScopes: z.array(permission).optional(),
  passwordCredentials: z.array(passwordCredential).optional(),
  keyCredentials: z.array(keyCredential).optional(),
});

const appRoleAssignment = z.looseObject({
  id: z.string().min(1).max(200),
  appRoleId: guid,
  principalId: guid,
  resourceId: guid,
  resourceDisplayName: nullableText,
});

const grant = z.looseObject({
  id: z.string().min(1).max(200),
  clientId: guid,
  consentType: text,
  principalId: guid.nullable().optional(),
  resourceId: guid,
  scope: text.nullable(),
});

const owner = z.looseObject({
  id: guid,
  "@odata.type": text.optional(),
  displayName: nullableText,
  // drift names an owner by it: a string, as Graph returns it for a user.
  userPrincipalName: nullableText,
});

const federatedCredential = z.looseObject({
  id: guid,
  name: text,
  issuer: text,
  subject: text.nullable(),
  audiences: z.array(text),
});

export const directoryExportSchema = z.object({
  tenantId: guid,
  applications: z.array(application),
  servicePrincipals: z.array(servicePrincipal),
  appRoleAssignments: z.array(appRoleAssignment),
  oauth2PermissionGrants: z.array(grant),
  owners: z.record(guid, z.array(owner)),
  federatedIdentityCredentials: z.record(guid, z.array(federatedCredential)),
});

/** One element schema per list and per map value of the bundle. */
const LISTS = {
  applications: application,
  servicePrincipals: servicePrincipal,
  appRoleAssignments: appRoleAssignment,
  oauth2PermissionGrants: grant,
} as const;
const MAPS = { owners: owner, federatedIdentityCredentials: federatedCredential } as const;

/**
 * The bundle as checked: the schema's properties plus everything else Graph returned. Typed as
 * DirectoryExport, but only the properties above are guaranteed (a bundle written by hand from
 * Graph's documentation may leave others out): readers of a loaded bundle use only those.
 *
 * Checked object by object, and what is returned is the parsed JSON itself (its seven top-level
 * properties), not the schema's copy: a copy of the whole bundle at once took a 64 MiB export
 * past 512 MB. The problems are directoryExportSchema's, with the same paths.
 */
export function parseDirectoryExport(
  value: unknown,
): { success: true; data: DirectoryExport } | { success: false; error: z.ZodError } {
  const shell = z
    .object({
      tenantId: guid,
      ...Object.fromEntries(Object.keys(LISTS).map((name) => [name, z.array(z.unknown())])),
      ...Object.fromEntries(Object.keys(MAPS).map((name) => [name, z.record(guid, z.unknown())])),
    })
    .safeParse(value);
  const issues: z.core.$ZodIssue[] = shell.success ? [] : [...shell.error.issues];
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { success: false, error: new z.ZodError(issues) };
  const bundle = value as Record<string, unknown>;
  const check = (schema: z.ZodType, item: unknown, path: (string | number)[]) => {
    const result = schema.safeParse(item);
    if (!result.success)
      for (const issue of result.error.issues)
        issues.push({ ...issue, path: [...path, ...issue.path] });
  };
  for (const [name, schema] of Object.entries(LISTS)) {
    const list = bundle[name];
    if (Array.isArray(list))
      for (const [index, item] of list.entries()) check(schema, item, [name, index]);
  }
  for (const [name, schema] of Object.entries(MAPS)) {
    const map = bundle[name];
    if (map === null || typeof map !== "object" || Array.isArray(map)) continue;
    for (const [key, list] of Object.entries(map)) check(z.array(schema), list, [name, key]);
  }
  if (issues.length > 0) return { success: false, error: new z.ZodError(issues) };
  const data = Object.fromEntries(
    ["tenantId", ...Object.keys(LISTS), ...Object.keys(MAPS)].map((name) => [name, bundle[name]]),
  );
  return { success: true, data: data as unknown as DirectoryExport };
}
