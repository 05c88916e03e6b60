import { z } from "zod";
import { closestNames, didYouMean } from "../permissions/didYouMean";
import { parseApiReference, WellKnownApi, wellKnownApis, MICROSOFT_GRAPH_APP_ID } from "../permissions/wellKnownApis";
import { APP_KEY_PATTERN, MAX_APP_KEY_LENGTH, AppSettings, appSettingsSchema } from "./appSettingsSchema";
import { ConfigProblem } from "./configProblem";
import { ClientSecretPolicy, DEFAULT_ROTATE_EVERY_DAYS } from "./secretPolicy";

/** Stack config as Pulumi hands it to the program (`entra-graph-apps:apps` and `:defaults`). */
export interface RawStackConfig {
  apps: unknown;
  defaults?: unknown;
}

/** Permissions an app asks of one resource API, as configured. */
export interface ApiPermissionRequest {
  /** The key as written in config, for error paths. */
  configKey: string;
  api: WellKnownApi;
  application: string[];
  delegated: string[];
}

/** One app after validation, with defaults applied. */
export interface AppConfig {
  key: string;
  displayName: string;
  signInAudience: "AzureADMyOrg" | "AzureADMultipleOrgs";
  redirectUris: string[];
  /** Configured owners (the deployer is added later, from the live client config). */
  owners: string[];
  notes?: string;
  permissions: ApiPermissionRequest[];
  adminConsent: boolean;
  clientSecret: ClientSecretPolicy;
}

export type ValidationResult =
  | { ok: true; apps: AppConfig[] }
  | { ok: false; problems: ConfigProblem[]; partialApps: AppConfig[] };

const settingNames = Object.keys(appSettingsSchema(new Date(0)).shape);

/**
 * Validates the whole stack config and reports every problem at once. `today` is passed in so
 * the same config always validates the same way at the same date.
 */
export function validateStackConfig(raw: RawStackConfig, today: Date): ValidationResult {
  const problems: ConfigProblem[] = [];
  const schema = appSettingsSchema(today);

  const defaults = raw.defaults === undefined ? {} : parseSettings(schema, raw.defaults, "defaults", problems);
  if (defaults && defaults.displayName !== undefined) {
    problems.push({
      path: "defaults.displayName",
      value: defaults.displayName,
      message: "is per app; set displayName under each app instead",
    });
  }

  if (raw.apps === undefined || raw.apps === null) {
    problems.push({
      path: "apps",
      value: undefined,
      message:
        "is not set; declare at least one app, e.g. `pulumi config set --path 'apps.mail-alerts.displayName' 'Mail Alerts'` (see README)",
    });
    return { ok: false, problems, partialApps: [] };
  }
  if (typeof raw.apps !== "object" || Array.isArray(raw.apps)) {
    problems.push({
      path: "apps",
      value: raw.apps,
      message: "must be a map of app key to settings (keys are names such as mail-alerts), not a list",
    });
    return { ok: false, problems, partialApps: [] };
  }

  const apps: AppConfig[] = [];
  for (const [key, rawSettings] of Object.entries(raw.apps as Record<string, unknown>)) {
    const appPath = `apps.${key}`;
    if (!APP_KEY_PATTERN.test(key) || key.length > MAX_APP_KEY_LENGTH) {
      problems.push({
        path: appPath,
        value: key,
        message: `app key must be lowercase letters, digits and dashes (at most ${MAX_APP_KEY_LENGTH}), e.g. ${suggestKey(key)}; it names the resources, so keep it stable`,
      });
    }
    const settings = parseSettings(schema, rawSettings, appPath, problems);
    if (!settings || !defaults) continue;
    const app = mergeWithDefaults(key, settings, defaults, problems);
    if (app) apps.push(app);
  }
  if (Object.keys(raw.apps as object).length === 0) {
    problems.push({ path: "apps", value: raw.apps, message: "declares no app; add at least one" });
  }
  return problems.length === 0 ? { ok: true, apps } : { ok: false, problems, partialApps: apps };
}

function parseSettings(
  schema: ReturnType<typeof appSettingsSchema>,
  value: unknown,
  basePath: string,
  problems: ConfigProblem[],
): AppSettings | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
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
  return undefined;
}

function problemsFromIssue(issue: z.core.$ZodIssue, basePath: string): ConfigProblem[] {
  const path = [basePath, ...issue.path.map(String)].join(".");
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

function mergeWithDefaults(
  key: string,
  settings: AppSettings,
  defaults: AppSettings,
  problems: ConfigProblem[],
): AppConfig | undefined {
  const appPath = `apps.${key}`;
  if (settings.displayName === undefined) {
    problems.push({
      path: `${appPath}.displayName`,
      value: undefined,
      message: `is required: the name shown in the Entra portal, e.g. displayName: "${titleFromKey(key)}"`,
    });
    return undefined;
  }
  const permissions = settings.permissions ?? defaults.permissions ?? {};
  const permissionsPath = settings.permissions ? `${appPath}.permissions` : "defaults.permissions";
  const requests = parseApiRequests(permissions, permissionsPath, problems);
  const secret = settings.clientSecret !== undefined ? settings.clientSecret : defaults.clientSecret;
  return {
    key,
    displayName: settings.displayName,
    signInAudience: settings.signInAudience ?? defaults.signInAudience ?? "AzureADMyOrg",
    redirectUris: settings.redirectUris ?? defaults.redirectUris ?? [],
    owners: [...new Set([...(defaults.owners ?? []), ...(settings.owners ?? [])])],
    notes: settings.notes ?? defaults.notes,
    permissions: requests,
    adminConsent: settings.adminConsent ?? defaults.adminConsent ?? true,
    clientSecret: toSecretPolicy(secret),
  };
}

function parseApiRequests(
  permissions: NonNullable<AppSettings["permissions"]>,
  basePath: string,
  problems: ConfigProblem[],
): ApiPermissionRequest[] {
  const requests: ApiPermissionRequest[] = [];
  const seenAppIds = new Map<string, string>();
  for (const [configKey, lists] of Object.entries(permissions)) {
    const path = `${basePath}.${configKey}`;
    const reference = parseApiReference(configKey);
    if (reference.kind === "retired") {
      problems.push({
        path,
        value: configKey,
        message:
          "Azure AD Graph (00000002-0000-0000-c000-000000000000) is retired and no longer grants tokens. " +
          "The same permission names exist on Microsoft Graph: move these permissions under `Microsoft Graph:`",
      });
      continue;
    }
    if (reference.kind === "unknown") {
      const names = wellKnownApis.map((api) => api.name);
      problems.push({
        path,
        value: configKey,
        message:
          `is not a known API name.${didYouMean(configKey, names)} ` +
          `Use one of ${names.join(", ")}, or the API's appId (a GUID)`,
      });
      continue;
    }
    const earlier = seenAppIds.get(reference.api.appId);
    if (earlier !== undefined) {
      problems.push({
        path,
        value: configKey,
        message: `names the same API as "${earlier}"; merge the two entries`,
      });
      continue;
    }
    seenAppIds.set(reference.api.appId, configKey);
    requests.push({
      configKey,
      api: reference.api,
      application: lists.application ?? [],
      delegated: lists.delegated ?? [],
    });
  }
  // Graph first, then by appId: a stable order however the config lists them.
  return requests.sort((a, b) =>
    a.api.appId === b.api.appId ? 0 : a.api.appId === MICROSOFT_GRAPH_APP_ID ? -1 : b.api.appId === MICROSOFT_GRAPH_APP_ID ? 1 : a.api.appId < b.api.appId ? -1 : 1,
  );
}

function toSecretPolicy(value: unknown): ClientSecretPolicy {
  if (value === false) return { kind: "none" };
  if (value && typeof value === "object") {
    const settings = value as { expiresOn?: string; rotateEveryDays?: number };
    if (settings.expiresOn !== undefined) return { kind: "fixed", expiresOn: settings.expiresOn };
    if (settings.rotateEveryDays !== undefined) {
      return { kind: "rotating", rotateEveryDays: settings.rotateEveryDays };
    }
  }
  return { kind: "rotating", rotateEveryDays: DEFAULT_ROTATE_EVERY_DAYS };
}

function suggestKey(key: string): string {
  const cleaned = key
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_APP_KEY_LENGTH);
  return cleaned || "mail-alerts";
}

function titleFromKey(key: string): string {
  return key
    .split("-")
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(" ");
}

export { closestNames };
