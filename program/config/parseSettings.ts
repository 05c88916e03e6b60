import { z } from "zod";
import { AppSettings, AppSettingsSchema, SETTING_NAMES } from "./appSettingsSchema";
import { ConfigProblem } from "./configProblem";
import { isMap } from "./isMap";
import { certificatesSchema } from "./settings/certificates";
import { federatedCredentialsSchema } from "./settings/federatedCredentials";
import { readablePermissionsSchema } from "./settings/permissions";
import { didYouMean } from "../permissions/didYouMean";

/**
 * Parses one app's settings (or `defaults`), reporting every schema issue as a ConfigProblem.
 * Returns the parsed settings, or when some are invalid, those that are valid on their own.
 */
export function parseSettings(
  schema: AppSettingsSchema,
  value: unknown,
  basePath: string,
  problems: ConfigProblem[],
): AppSettings | undefined {
  if (!isMap(value)) {
    problems.push({
      path: basePath,
      value,
      message: "must be a map of settings such as displayName, permissions and clientSecret",
    });
    return undefined;
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push(...problemsFromIssue(issue, basePath, schema));
  }
  return readableSettingsSchema(schema).parse(value);
}

/**
 * The settings that are valid on their own, so the checks that span settings and apps (resource
 * names, Key Vault secrets, owners, permission names) still see them when another is wrong: an
 * invalid setting is left out, except that maps of credentials keep their valid entries and
 * permissions what can still be read of them.
 */
function readableSettingsSchema({ shape }: AppSettingsSchema) {
  return z.object({
    displayName: shape.displayName.catch(undefined),
    signInAudience: shape.signInAudience.catch(undefined),
    redirectUris: shape.redirectUris.catch(undefined),
    owners: shape.owners.catch(undefined),
    notes: shape.notes.catch(undefined),
    permissions: shape.permissions.catch(({ value }) => readablePermissionsSchema.parse(value)),
    adminConsent: shape.adminConsent.catch(undefined),
    renamedFrom: shape.renamedFrom.catch(undefined),
    exchange: shape.exchange.catch(undefined),
    certificates: shape.certificates.catch(({ value }) => validEntries(certificatesSchema, value)),
    federatedCredentials: shape.federatedCredentials.catch(({ value }) =>
      validEntries(federatedCredentialsSchema, value),
    ),
    keyVault: shape.keyVault.catch(undefined),
    clientSecret: shape.clientSecret.catch(undefined),
    existing: shape.existing.catch(undefined),
  } satisfies Record<keyof AppSettingsSchema["shape"], z.ZodType>);
}

function validEntries<V extends z.ZodType>(
  record: z.ZodRecord<z.ZodType<string>, V>,
  value: unknown,
): Record<string, z.output<V>> {
  const entries = isMap(value) ? Object.entries(value) : [];
  return Object.fromEntries(
    entries.flatMap(([key, entry]): [string, z.output<V>][] => {
      const parsed = record.valueType.safeParse(entry);
      return record.keyType.safeParse(key).success && parsed.success ? [[key, parsed.data]] : [];
    }),
  );
}

function problemsFromIssue(
  issue: z.core.$ZodIssue,
  basePath: string,
  schema: z.ZodType,
  prefix: PropertyKey[] = [],
): ConfigProblem[] {
  const segments = [...prefix, ...issue.path];
  const path = joinPath(basePath, segments);
  if (issue.code === "invalid_key") {
    // A map key such as a credential name: the key's own message says what is wrong with it.
    return issue.issues.map((inner) => ({ path, value: issue.input, message: inner.message }));
  }
  if (issue.code === "invalid_union") {
    // `false` or a map: when a map was written, what is wrong inside it.
    const matching = issue.errors.filter((branch) => !branch.some(isTypeMismatchAt([])));
    if (matching.length === 1) {
      return matching[0].flatMap((inner) => problemsFromIssue(inner, basePath, schema, segments));
    }
  }
  if (issue.code === "unrecognized_keys") {
    const known = segments.length === 0 ? SETTING_NAMES : Object.keys(objectAt(schema, segments));
    return issue.keys.map((key) => ({
      path: `${path}.${key}`,
      value: undefined,
      message: `is not a setting.${didYouMean(key, known) || ` Known settings: ${known.join(", ")}.`}`,
    }));
  }
  return [{ path, value: issue.input, message: issue.message }];
}

/** An issue saying the value is not of the type a union's branch takes. */
function isTypeMismatchAt(path: PropertyKey[]) {
  return (issue: z.core.$ZodIssue) =>
    issue.path.length === path.length && ["invalid_type", "invalid_value"].includes(issue.code);
}

/** The shape of the map schema at `path`, for the names of its settings. */
function objectAt(schema: z.ZodType, path: PropertyKey[]): Record<string, unknown> {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    for (;;) {
      if (current instanceof z.ZodOptional) current = current.unwrap();
      else if (current instanceof z.ZodPipe) current = current.in;
      else break;
    }
    if (segment === undefined) break;
    if (current instanceof z.ZodObject) current = current.shape[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else if (current instanceof z.ZodArray) current = current.element;
    else return {};
  }
  return current instanceof z.ZodObject ? current.shape : {};
}

/** `apps.jira.redirectUris[0]`: list positions in brackets, keys after dots. */
function joinPath(basePath: string, segments: PropertyKey[]): string {
  return segments.reduce<string>(
    (path, segment) =>
      typeof segment === "number" ? `${path}[${segment}]` : `${path}.${String(segment)}`,
    basePath,
  );
}
