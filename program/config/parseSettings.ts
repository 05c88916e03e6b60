import { z } from "zod";
import { AppSettings, appSettingsSchema } from "./appSettingsSchema";
import { ConfigProblem } from "./configProblem";
import { isMap } from "./readPermissionRequests";
import { didYouMean } from "../permissions/didYouMean";

const settingNames = Object.keys(appSettingsSchema(new Date(0)).shape);

/**
 * Parses one app's settings (or `defaults`), reporting every schema issue as a ConfigProblem.
 * Returns the settings, or when some are invalid, those that are valid on their own.
 */
export function parseSettings(
  schema: ReturnType<typeof appSettingsSchema>,
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
  for (const issue of result.error.issues) problems.push(...problemsFromIssue(issue, basePath));
  return validSettings(schema, value);
}

/**
 * The settings that are valid on their own, so the checks that span settings and apps (resource
 * names, Key Vault secrets, owners) still see them when another setting is wrong.
 */
function validSettings(
  schema: ReturnType<typeof appSettingsSchema>,
  value: Record<string, unknown>,
): AppSettings {
  const valid: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(schema.shape)) {
    if (value[name] === undefined) continue;
    const result = setting.safeParse(value[name]);
    if (result.success) valid[name] = result.data;
    else if (setting instanceof z.ZodOptional && setting.unwrap() instanceof z.ZodRecord) {
      // A map of credentials: keep the valid entries.
      valid[name] = validEntries(setting.unwrap() as z.ZodRecord, value[name]);
    }
  }
  return valid as AppSettings;
}

function validEntries(record: z.ZodRecord, value: unknown): Record<string, unknown> {
  const entries = isMap(value) ? Object.entries(value) : [];
  return Object.fromEntries(
    entries.flatMap(([key, entry]) => {
      const parsed = z.safeParse(record.valueType, entry);
      return z.safeParse(record.keyType, key).success && parsed.success ? [[key, parsed.data]] : [];
    }),
  );
}

function problemsFromIssue(issue: z.core.$ZodIssue, basePath: string): ConfigProblem[] {
  const path = joinPath(basePath, issue.path);
  if (issue.code === "invalid_key") {
    // A map key such as a credential name: the key's own message says what is wrong with it.
    return issue.issues.map((inner) => ({ path, value: issue.input, message: inner.message }));
  }
  if (issue.code === "unrecognized_keys") {
    const known = path === basePath ? settingNames : ["application", "delegated"];
    return issue.keys.map((key) => ({
      path: `${path}.${key}`,
      value: undefined,
      message: `is not a setting.${didYouMean(key, known) || ` Known settings: ${known.join(", ")}.`}`,
    }));
  }
  return [{ path, value: issue.input, message: issue.message }];
}

/** `apps.jira.redirectUris[0]`: list positions in brackets, keys after dots. */
function joinPath(basePath: string, segments: PropertyKey[]): string {
  return segments.reduce<string>(
    (path, segment) =>
      typeof segment === "number" ? `${path}[${segment}]` : `${path}.${String(segment)}`,
    basePath,
  );
}
