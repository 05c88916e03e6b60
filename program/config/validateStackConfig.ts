import { AppSettings, appSchema, appSettingsSchema, defaultsSchema } from "./appSettingsSchema";
import { ApiPermissionRequest, AppConfig, RawStackConfig } from "./appConfig";
import { ConfigProblem } from "./configProblem";
import { didYouMean } from "../permissions/didYouMean";
import { NAMESPACE_KEYS } from "./rawStackConfig";
import {
  checkCredentials,
  mutableSubjectWarnings,
  readCertificates,
  readFederatedCredentials,
  toKeyVaultTarget,
} from "./readCredentials";
import { isMap } from "./isMap";
import { parseSettings } from "./parseSettings";
import { readPermissionRequests } from "./readPermissionRequests";
import { checkExistingObjects, refuseExistingInDefaults } from "./checkExistingObjects";
import { registeredResources, resourceNameProblems } from "./resourceNames";
import { appCountProblem, resourceCountProblem, shapeProblems } from "./inputLimits";
import {
  checkDefaultsKeyVault,
  checkKeyVaultSecrets,
  checkOwnerCount,
  checkRenames,
} from "./stackChecks";
import { DEFAULT_ROTATE_EVERY_DAYS } from "./secretPolicy";
import { APP_KEY_PATTERN, MAX_APP_KEY_LENGTH } from "./settings/registration";
import { bypassesMailboxScope } from "../exchange/exchangeScope";

export type { ApiPermissionRequest, AppConfig, KeyVaultTarget, RawStackConfig } from "./appConfig";

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

/**
 * Validates the whole stack config and reports every problem at once. `today` is passed in so
 * the same config always validates the same way at the same date.
 */
export function validateStackConfig(
  raw: RawStackConfig,
  today: Date,
  options: ValidationOptions = {},
): ValidationResult {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const settingsSchema = appSettingsSchema(today);
  const shape = shapeProblems({ apps: raw.apps, defaults: raw.defaults });
  if (shape.fatal.length > 0) return { problems: shape.fatal, warnings, apps: [] };
  problems.push(...shape.problems);
  const tooMany = isMap(raw.apps) ? appCountProblem(Object.keys(raw.apps).length) : undefined;
  if (tooMany) return { problems: [tooMany], warnings, apps: [] };
  for (const key of raw.otherKeys ?? []) {
    problems.push({
      path: `entra-graph-apps:${key}`,
      value: undefined,
      message: `is not a key of this project, so everything under it would be ignored.${didYouMean(key, [...NAMESPACE_KEYS]) || " Use entra-graph-apps:apps and entra-graph-apps:defaults."}`,
    });
  }

  const defaults: AppSettings =
    raw.defaults === undefined
      ? {}
      : (parseSettings(defaultsSchema(settingsSchema), raw.defaults, "defaults", problems) ?? {});
  checkDefaultsKeyVault(defaults.keyVault, problems);
  refuseExistingInDefaults(raw.defaults, problems);
  const defaultRequests = readPermissionRequests(
    defaults.permissions ?? {},
    "defaults.permissions",
    problems,
  );

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
  const warnedSubjects = new Set<string>();
  for (const [key, rawSettings] of Object.entries(raw.apps)) {
    const appPath = `apps.${key}`;
    if (!APP_KEY_PATTERN.test(key) || key.length > MAX_APP_KEY_LENGTH) {
      problems.push({
        path: appPath,
        value: key,
        message: `app key must be lowercase letters, digits and dashes (at most ${MAX_APP_KEY_LENGTH}), e.g. ${suggestKey(key)}; it names the resources, so keep it stable`,
      });
    }
    const settings = parseSettings(appSchema(settingsSchema, key), rawSettings, appPath, problems);
    if (!settings) continue;
    const requests = settings.permissions
      ? readPermissionRequests(settings.permissions, `${appPath}.permissions`, problems)
      : defaultRequests;
    const merged = { ...defaults, ...settings };
    const credentials = {
      certificates: readCertificates(
        key,
        merged.certificates,
        today,
        options.projectDir ?? process.cwd(),
        problems,
      ),
      federatedCredentials: readFederatedCredentials(key, merged.federatedCredentials, problems),
    };
    const app = { ...toAppConfig(key, settings, defaults, requests), ...credentials };
    if (settings.existing) app.existing = settings.existing;
    checkExistingObjects(app, app.existing, problems);
    checkOwnerCount(app, settings.owners, defaults.owners, problems);
    checkMailboxScope(app, problems);
    checkCredentials(app, problems, warnings);
    const ownCredentials = settings.federatedCredentials !== undefined;
    warnings.push(
      ...mutableSubjectWarnings(
        ownCredentials ? appPath : "defaults",
        app.federatedCredentials,
        ownCredentials
          ? (rawSettings as Record<string, unknown>).federatedCredentials
          : isMap(raw.defaults) && raw.defaults.federatedCredentials,
        warnedSubjects,
      ),
    );
    apps.push(app);
  }
  checkRenames(apps, problems);
  checkKeyVaultSecrets(apps, problems);
  problems.push(...resourceNameProblems(apps));
  const tooLarge = resourceCountProblem(registeredResources(apps).length);
  if (tooLarge) problems.push(tooLarge);
  return { problems, warnings, apps };
}

/** One app's config: its own settings, else the defaults, else this project's defaults. */
function toAppConfig(
  key: string,
  settings: AppSettings,
  defaults: AppSettings,
  permissions: ApiPermissionRequest[],
): AppConfig {
  return {
    key,
    displayName: settings.displayName ?? "",
    signInAudience: settings.signInAudience ?? defaults.signInAudience ?? "AzureADMyOrg",
    redirectUris: settings.redirectUris ?? defaults.redirectUris ?? [],
    owners: [...new Set([...(defaults.owners ?? []), ...(settings.owners ?? [])])],
    notes: settings.notes ?? defaults.notes,
    permissions,
    adminConsent: settings.adminConsent ?? defaults.adminConsent ?? true,
    clientSecret: settings.clientSecret ??
      defaults.clientSecret ?? { kind: "rotating", rotateEveryDays: DEFAULT_ROTATE_EVERY_DAYS },
    exchange: settings.exchange ?? defaults.exchange,
    certificates: [],
    federatedCredentials: [],
    // A secretName under defaults is refused (checkDefaultsKeyVault): each app keeps its own.
    keyVault: toKeyVaultTarget(
      key,
      settings.keyVault ?? (defaults.keyVault && { ...defaults.keyVault, secretName: undefined }),
    ),
    renamedFrom: settings.renamedFrom ?? [],
  };
}

/** A mailbox scope only holds when no Entra grant reaches every mailbox anyway. */
function checkMailboxScope(app: AppConfig, problems: ConfigProblem[]): void {
  if (!app.exchange) return;
  for (const request of app.permissions) {
    for (const permission of request.application.filter((value) =>
      bypassesMailboxScope(request.api.appId, value),
    )) {
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

function suggestKey(key: string): string {
  const cleaned = key
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_APP_KEY_LENGTH);
  // A suggestion echoes the input: never for something long enough to be key material.
  return cleaned && key.length <= 40 ? cleaned : "mail-alerts";
}
