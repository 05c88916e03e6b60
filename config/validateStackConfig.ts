import { z } from "zod";
import { catalogEntry } from "../permissions/catalog";
import { didYouMean } from "../permissions/didYouMean";
import { parseApiReference, WellKnownApi, wellKnownApis, MICROSOFT_GRAPH_APP_ID } from "../permissions/wellKnownApis";
import { APP_KEY_PATTERN, MAX_APP_KEY_LENGTH, AppSettings, appSettingsSchema } from "./appSettingsSchema";
import { ConfigProblem } from "./configProblem";
import { ClientSecretPolicy, DEFAULT_ROTATE_EVERY_DAYS } from "./secretPolicy";
import { bypassesMailboxScope, DEFAULT_EXCHANGE_ROLES, ExchangeScope } from "../exchange/exchangeScope";
import { CertificateCredential, parseCertificate } from "../credentials/certificate";
import {
  DEFAULT_AUDIENCE,
  FederatedCredential,
  GITHUB_ACTIONS_ISSUER,
  GitHubSubjectSpec,
  MAX_FEDERATED_CREDENTIALS,
  githubSubject,
  kubernetesSubject,
} from "../credentials/federatedCredential";
import * as fs from "fs";
import * as nodePath from "path";

/** Stack config as Pulumi hands it to the program (`entra-graph-apps:apps` and `:defaults`). */
export interface RawStackConfig {
  apps: unknown;
  defaults?: unknown;
}

/** Permissions an app asks of one resource API, as configured. */
export interface ApiPermissionRequest {
  /** The key as written in config. */
  configKey: string;
  /** Config path of this API's entry, e.g. `apps.mail-alerts.permissions.Microsoft Graph`. */
  path: string;
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
  /** Mailboxes the app is limited to through Exchange Online RBAC for Applications, when set. */
  exchange?: ExchangeScope;
  /** Public certificate credentials, parsed. */
  certificates: CertificateCredential[];
  /** Federated identity credentials (secretless sign-in from CI or workloads). */
  federatedCredentials: FederatedCredential[];
  /** Where to keep a copy of the current client secret, when set. */
  keyVault?: KeyVaultTarget;
}

/** A Key Vault that holds a copy of an app's current client secret. */
export interface KeyVaultTarget {
  resourceGroupName: string;
  vaultName: string;
  secretName: string;
}

/** Where relative paths in config (certificates' pemFile) are read from: the project folder. */
export interface ValidationOptions {
  projectDir?: string;
}

export interface ValidationResult {
  /** Every problem found; empty when the config is valid. */
  problems: ConfigProblem[];
  /** Worth telling the user, not worth failing for (e.g. an app without any credential). */
  warnings: ConfigProblem[];
  /**
   * Every app that could be read, defaults applied. When there are problems, apps with invalid
   * settings are included as far as they could be read, so permission names can still be checked.
   */
  apps: AppConfig[];
}

const settingNames = Object.keys(appSettingsSchema(new Date(0)).shape);

/**
 * Validates the whole stack config and reports every problem at once. `today` is passed in so
 * the same config always validates the same way at the same date.
 */
export function validateStackConfig(raw: RawStackConfig, today: Date, options: ValidationOptions = {}): ValidationResult {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const schema = appSettingsSchema(today);

  const defaults = raw.defaults === undefined ? {} : parseSettings(schema, raw.defaults, "defaults", problems);
  if (isMap(raw.defaults) && raw.defaults.displayName !== undefined) {
    problems.push({
      path: "defaults.displayName",
      value: raw.defaults.displayName,
      message: "is per app; set displayName under each app instead",
    });
  }
  const defaultRequests = isMap(raw.defaults)
    ? readPermissionRequests(raw.defaults.permissions, "defaults.permissions", problems)
    : [];

  if (!isMap(raw.apps)) {
    problems.push({
      path: "apps",
      value: raw.apps ?? undefined,
      message:
        raw.apps === undefined || raw.apps === null
          ? "is not set; declare at least one app under `entra-graph-apps:apps:` in Pulumi.<stack>.yaml (see README)"
          : "must be a map of app key to settings (keys are names such as mail-alerts), not a list",
    });
    return { problems, warnings, apps: [] };
  }

  const apps: AppConfig[] = [];
  for (const [key, rawSettings] of Object.entries(raw.apps)) {
    const appPath = `apps.${key}`;
    if (!APP_KEY_PATTERN.test(key) || key.length > MAX_APP_KEY_LENGTH) {
      problems.push({
        path: appPath,
        value: key,
        message: `app key must be lowercase letters, digits and dashes (at most ${MAX_APP_KEY_LENGTH}), e.g. ${suggestKey(key)}; it names the resources, so keep it stable`,
      });
    }
    const settings = parseSettings(schema, rawSettings, appPath, problems) ?? {};
    if (!isMap(rawSettings)) continue;
    if (rawSettings.displayName === undefined) {
      problems.push({
        path: `${appPath}.displayName`,
        value: undefined,
        message: `is required: the name shown in the Entra portal, e.g. displayName: "${titleFromKey(key)}"`,
      });
    }
    const requests =
      rawSettings.permissions !== undefined
        ? readPermissionRequests(rawSettings.permissions, `${appPath}.permissions`, problems)
        : defaultRequests;
    const merged = { ...(defaults ?? {}), ...settings };
    const credentials = {
      certificates: readCertificates(key, merged.certificates, today, options.projectDir ?? process.cwd(), problems),
      federatedCredentials: readFederatedCredentials(key, merged.federatedCredentials, problems),
    };
    const app = { ...toAppConfig(key, settings, defaults ?? {}, requests), ...credentials };
    checkMailboxScope(app, problems);
    checkCredentials(app, problems, warnings);
    apps.push(app);
  }
  return { problems, warnings, apps };
}

function parseSettings(
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
  return undefined;
}

function problemsFromIssue(issue: z.core.$ZodIssue, basePath: string): ConfigProblem[] {
  const path = joinPath(basePath, issue.path);
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
    (path, segment) => (typeof segment === "number" ? `${path}[${segment}]` : `${path}.${String(segment)}`),
    basePath,
  );
}

function toAppConfig(
  key: string,
  settings: AppSettings,
  defaults: AppSettings,
  permissions: ApiPermissionRequest[],
): AppConfig {
  const secret = settings.clientSecret !== undefined ? settings.clientSecret : defaults.clientSecret;
  return {
    key,
    displayName: settings.displayName ?? "",
    signInAudience: settings.signInAudience ?? defaults.signInAudience ?? "AzureADMyOrg",
    redirectUris: settings.redirectUris ?? defaults.redirectUris ?? [],
    owners: [...new Set([...(defaults.owners ?? []), ...(settings.owners ?? [])])],
    notes: settings.notes ?? defaults.notes,
    permissions,
    adminConsent: settings.adminConsent ?? defaults.adminConsent ?? true,
    clientSecret: toSecretPolicy(secret),
    exchange: toExchangeScope(settings.exchange ?? defaults.exchange),
    certificates: [],
    federatedCredentials: [],
    keyVault: toKeyVaultTarget(key, settings.keyVault ?? defaults.keyVault),
  };
}

function toKeyVaultTarget(key: string, keyVault: AppSettings["keyVault"]): KeyVaultTarget | undefined {
  return keyVault && { ...keyVault, secretName: keyVault.secretName ?? `${key}-client-secret` };
}

function readCertificates(
  key: string,
  certificates: AppSettings["certificates"],
  now: Date,
  projectDir: string,
  problems: ConfigProblem[],
): CertificateCredential[] {
  const parsed: CertificateCredential[] = [];
  for (const [name, source] of Object.entries(certificates ?? {})) {
    const path = `apps.${key}.certificates.${name}`;
    let pem = source.pem;
    if (source.pemFile !== undefined) {
      try {
        pem = fs.readFileSync(nodePath.resolve(projectDir, source.pemFile), "utf8");
      } catch (error) {
        problems.push({
          path: `${path}.pemFile`,
          value: source.pemFile,
          message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); give a path relative to the project folder`,
        });
        continue;
      }
    }
    const result = parseCertificate(name, pem ?? "", now);
    if (result.ok) parsed.push(result.certificate);
    else problems.push({ path: `${path}.${source.pemFile !== undefined ? "pemFile" : "pem"}`, value: source.pemFile, message: result.message });
  }
  return parsed;
}

function readFederatedCredentials(
  key: string,
  credentials: AppSettings["federatedCredentials"],
  problems: ConfigProblem[],
): FederatedCredential[] {
  const result: FederatedCredential[] = [];
  const seen = new Map<string, string>();
  for (const [name, spec] of Object.entries(credentials ?? {})) {
    const issuer = spec.github ? GITHUB_ACTIONS_ISSUER : spec.kubernetes ? spec.kubernetes.issuer : spec.issuer!;
    const subject = spec.github
      ? githubSubject(spec.github.repository, spec.github as GitHubSubjectSpec)
      : spec.kubernetes
        ? kubernetesSubject(spec.kubernetes.namespace, spec.kubernetes.serviceAccount)
        : spec.subject!;
    const pair = `${issuer} ${subject}`;
    const earlier = seen.get(pair);
    if (earlier !== undefined) {
      problems.push({
        path: `apps.${key}.federatedCredentials.${name}`,
        value: subject,
        message: `has the same issuer and subject as "${earlier}"; Entra allows each pair once, remove one`,
      });
      continue;
    }
    seen.set(pair, name);
    result.push({ name, issuer, subject, audiences: spec.audiences ?? [DEFAULT_AUDIENCE] });
  }
  if (result.length > MAX_FEDERATED_CREDENTIALS) {
    problems.push({
      path: `apps.${key}.federatedCredentials`,
      value: undefined,
      message: `has ${result.length} credentials; Entra allows at most ${MAX_FEDERATED_CREDENTIALS} per app. Use a broader subject (e.g. an environment) or a second app`,
    });
  }
  return result;
}

/** A Key Vault copy needs a secret to copy; an app with no credential at all cannot sign in. */
function checkCredentials(app: AppConfig, problems: ConfigProblem[], warnings: ConfigProblem[]): void {
  if (app.keyVault && app.clientSecret.kind === "none") {
    problems.push({
      path: `apps.${app.key}.keyVault`,
      value: undefined,
      message: "copies the client secret, but clientSecret is false; remove keyVault or set clientSecret",
    });
  }
  if (app.clientSecret.kind === "none" && app.certificates.length === 0 && app.federatedCredentials.length === 0) {
    warnings.push({
      path: `apps.${app.key}`,
      value: undefined,
      message: "has no credential (clientSecret: false, no certificates, no federatedCredentials): nothing can sign in as it until one is added",
    });
  }
}

function toExchangeScope(exchange: AppSettings["exchange"]): ExchangeScope | undefined {
  return exchange ? { mailboxes: exchange.mailboxes, roles: exchange.roles ?? DEFAULT_EXCHANGE_ROLES } : undefined;
}

/** A mailbox scope only holds when no Entra grant reaches every mailbox anyway. */
function checkMailboxScope(app: AppConfig, problems: ConfigProblem[]): void {
  if (!app.exchange) return;
  for (const request of app.permissions) {
    for (const permission of request.application.filter((value) => bypassesMailboxScope(request.api.appId, value))) {
      problems.push({
        path: `${request.path}.application`,
        value: permission,
        message:
          `is tenant-wide: as an Entra grant it reaches every mailbox and bypasses the mailbox scope in apps.${app.key}.exchange ` +
          "(Entra and Exchange grants add up). Remove it; exchange.roles grants the matching Exchange role on the listed mailboxes only",
      });
    }
  }
}

/**
 * Reads `permissions:` leniently (shape errors are the schema's to report) and checks each API
 * key: a well-known name or appId, never the retired Azure AD Graph, each API once.
 */
function readPermissionRequests(value: unknown, basePath: string, problems: ConfigProblem[]): ApiPermissionRequest[] {
  if (!isMap(value)) return [];
  const requests: ApiPermissionRequest[] = [];
  const seenAppIds = new Map<string, string>();
  for (const [configKey, lists] of Object.entries(value)) {
    const path = `${basePath}.${configKey}`;
    const reference = parseApiReference(configKey);
    if (reference.kind === "retired") {
      problems.push({ path, value: configKey, message: retiredApiMessage(lists) });
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
      problems.push({ path, value: configKey, message: `names the same API as "${earlier}"; merge the two entries` });
      continue;
    }
    seenAppIds.set(reference.api.appId, configKey);
    requests.push({
      configKey,
      path,
      api: reference.api,
      application: uniqueStrings(isMap(lists) ? lists.application : undefined),
      delegated: uniqueStrings(isMap(lists) ? lists.delegated : undefined),
    });
  }
  // Graph first, then by appId: a stable order however the config lists them.
  const rank = (request: ApiPermissionRequest) => (request.api.appId === MICROSOFT_GRAPH_APP_ID ? "" : request.api.appId);
  return requests.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** Names, per permission, what to use on Microsoft Graph instead of the retired Azure AD Graph. */
function retiredApiMessage(lists: unknown): string {
  const found: string[] = [];
  const missing: string[] = [];
  for (const kind of ["application", "delegated"] as const) {
    for (const name of uniqueStrings(isMap(lists) ? lists[kind] : undefined)) {
      (catalogEntry(MICROSOFT_GRAPH_APP_ID, name, kind) ? found : missing).push(`${name} (${kind})`);
    }
  }
  return [
    "Azure AD Graph (00000002-0000-0000-c000-000000000000) is retired and no longer issues tokens.",
    found.length > 0 ? `Microsoft Graph has the same permissions: move ${found.join(", ")} under \`Microsoft Graph:\`.` : "",
    missing.length > 0 ? `Microsoft Graph has no permission of the same name and kind for ${missing.join(", ")}; pick its Graph equivalent.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

function uniqueStrings(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.filter((item): item is string => typeof item === "string"))] : [];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

