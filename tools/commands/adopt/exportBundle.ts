import * as fs from "fs";
import { z } from "zod";
import { DirectoryExport } from "../../tenant/directory/graphTypes";

/** An export bundle that cannot be read: exit 2 (a file or Graph read error). */
export class ExportReadError extends Error {}

/** An export of a few hundred apps is a few megabytes; refuse what could exhaust memory. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

const id = z.string().min(1);
const list = <T extends z.ZodType>(item: T) => z.array(item);
const bundleSchema = z.looseObject({
  tenantId: z.string().regex(/^[0-9a-fA-F-]{36}$/),
  applications: list(
    z.looseObject({
      id,
      appId: id,
      displayName: z.string(),
      requiredResourceAccess: list(
        z.looseObject({
          resourceAppId: id,
          resourceAccess: list(z.looseObject({ id, type: z.enum(["Role", "Scope"]) })),
        }),
      ),
    }),
  ),
  servicePrincipals: list(z.looseObject({ id, appId: id, displayName: z.string().nullable() })),
  appRoleAssignments: list(z.looseObject({ id, appRoleId: id, principalId: id, resourceId: id })),
  oauth2PermissionGrants: list(
    z.looseObject({ id, clientId: id, resourceId: id, consentType: z.string(), scope: z.string() }),
  ),
  owners: z.record(z.string(), list(z.looseObject({ id }))),
  federatedIdentityCredentials: z.record(
    z.string(),
    list(z.looseObject({ id, name: z.string(), issuer: z.string(), subject: z.string() })),
  ),
});

/** Reads an export bundle (`--from-export`), checking the parts adopt relies on. */
export function readExportBundle(file: string): DirectoryExport {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_EXPORT_BYTES) {
      throw new ExportReadError(
        `${file} is larger than ${MAX_EXPORT_BYTES} bytes; export fewer apps (--filter)`,
      );
    }
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof ExportReadError) throw error;
    throw new ExportReadError(
      `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); give the file written by --save-export`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ExportReadError(`${file} is not JSON; give the file written by --save-export`);
  }
  const parsed = bundleSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportReadError(
      `${file} is not an export bundle: ${issue.path.join(".") || "(top level)"}: ${issue.message} (expected Graph v1.0 shapes: { tenantId, applications, servicePrincipals, appRoleAssignments, oauth2PermissionGrants, owners, federatedIdentityCredentials })`,
    );
  }
  return parsed.data as unknown as DirectoryExport;
}
