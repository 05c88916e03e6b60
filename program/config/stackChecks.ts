import { AppConfig } from "./appConfig";
import { AppSettings } from "./appSettingsSchema";
import { ConfigProblem } from "./configProblem";
import { MAX_OWNERS, OWNERS_LIMIT } from "./settings/owners";

/*
 * Checks that need more than one app's settings, or an app's settings with the defaults.
 */

/** An old key names one app's old resources: it cannot be in use, nor claimed by two apps. */
export function checkRenames(apps: AppConfig[], problems: ConfigProblem[]): void {
  const current = new Set(apps.map((app) => app.key));
  const claimedBy = new Map<string, string>();
  for (const app of apps) {
    for (const oldKey of app.renamedFrom) {
      const path = `apps.${app.key}.renamedFrom`;
      if (current.has(oldKey)) {
        problems.push({
          path,
          value: oldKey,
          message: `is still the key of an app; list a key only after renaming it`,
        });
      } else if (claimedBy.has(oldKey)) {
        problems.push({
          path,
          value: oldKey,
          message: `is already claimed by apps.${claimedBy.get(oldKey)}; one app keeps an old key's resources`,
        });
      } else {
        claimedBy.set(oldKey, app.key);
      }
    }
  }
}

/**
 * Application owners: MaxItems 100 (terraform-provider-azuread v3.8.0,
 * internal/services/applications/application_resource.go). The app gets defaults.owners and its
 * own, de-duplicated without case; each list alone is checked by the schema.
 */
export function checkOwnerCount(
  app: AppConfig,
  own: string[] | undefined,
  shared: string[] | undefined,
  problems: ConfigProblem[],
): void {
  // Parsed owners are in lower case (settings/owners.ts), so one ID appears once.
  const distinct = (list: string[] | undefined) => new Set(list).size;
  if (app.owners.length <= MAX_OWNERS) return;
  if (distinct(own) > MAX_OWNERS || distinct(shared) > MAX_OWNERS) return;
  problems.push({
    path: `apps.${app.key}.owners`,
    value: undefined,
    message: `together with defaults.owners makes ${app.owners.length} owners; an application can have at most ${MAX_OWNERS} (${OWNERS_LIMIT}). Remove ${app.owners.length - MAX_OWNERS} here or in defaults.owners`,
  });
}

/** A secretName shared through defaults would have every app overwrite one vault secret. */
export function checkDefaultsKeyVault(
  keyVault: AppSettings["keyVault"],
  problems: ConfigProblem[],
): void {
  if (keyVault?.secretName === undefined) return;
  problems.push({
    path: "defaults.keyVault.secretName",
    value: keyVault.secretName,
    message:
      "would make every app write this one Key Vault secret, each overwriting the others' client secret; " +
      "set secretName under each app's keyVault instead, or leave it out for the default <app>-client-secret",
  });
}

/**
 * Two apps must not write the same vault secret. Key Vault compares vault and secret names
 * without case ("Object identifiers",
 * https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates).
 */
export function checkKeyVaultSecrets(apps: AppConfig[], problems: ConfigProblem[]): void {
  const writer = new Map<string, string>();
  for (const app of apps) {
    if (!app.keyVault || app.clientSecret.kind === "none") continue;
    const { vaultName, secretName } = app.keyVault;
    const id = `${vaultName}/${secretName}`.toLowerCase();
    const earlier = writer.get(id);
    if (earlier === undefined) {
      writer.set(id, app.key);
      continue;
    }
    const explicit = secretName !== `${app.key}-client-secret`;
    problems.push({
      path: `apps.${app.key}.keyVault${explicit ? ".secretName" : ""}`,
      value: secretName,
      message: `is also the secret apps.${earlier} writes in vault ${vaultName}: each app would overwrite the other's client secret. Give one of them another keyVault.secretName`,
    });
  }
}
