import { ClientSecretPolicy } from "../../config/secretPolicy";
import { ExchangeScope } from "../../exchange/exchangeScope";
import { AppConfig } from "../../config/validateStackConfig";
import { catalogEntry } from "../../permissions/catalog";
import { sensitivityReason } from "../../permissions/sensitivePermissions";

/** One permission added to or removed from an app. */
export interface PermissionChange {
  change: "added" | "removed";
  api: string;
  permission: string;
  kind: "application" | "delegated";
  /** Catalog privilege level (1 low … 4 critical), null when unrated or unknown. */
  privilegeLevel: number | null;
  /** Whether admin consent is granted for it (after the change for additions, before for removals). */
  adminConsent: boolean;
  /** Why a reviewer should look twice (tenant takeover, everyone's data), when it applies. */
  reason?: string;
  gain: boolean;
}

/** A change to anything other than permissions: audience, redirect URIs, owners, consent, secret. */
export interface SettingChange {
  setting: string;
  description: string;
  gain: boolean;
}

export interface AppReview {
  key: string;
  displayName: string;
  status: "added" | "removed" | "changed" | "renamed";
  permissions: PermissionChange[];
  settings: SettingChange[];
}

export interface StackReview {
  /** What was compared, for the heading: e.g. `Pulumi.prod.yaml` and `origin/main`. */
  stackFile: string;
  base: string;
  apps: AppReview[];
  privilegeGained: boolean;
}

/**
 * Compares two validated versions of a stack's apps. Pure: sets are compared, so reordering
 * apps, APIs, permissions, owners or URIs reports nothing.
 */
export function reviewStack(
  before: AppConfig[],
  after: AppConfig[],
  stackFile: string,
  base: string,
): StackReview {
  const beforeByKey = new Map(before.map((app) => [app.key, app]));
  const afterByKey = new Map(after.map((app) => [app.key, app]));
  // An app renamed with `renamedFrom` is the same registration: compare it with its old self.
  const previousKey = new Map<string, string>();
  for (const app of after) {
    const old = app.renamedFrom.find((key) => beforeByKey.has(key) && !afterByKey.has(key));
    if (old) previousKey.set(app.key, old);
  }
  const renamedAway = new Set(previousKey.values());
  const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])]
    .filter((key) => !renamedAway.has(key))
    .sort();
  const apps = keys
    .map((key) =>
      reviewApp(
        key,
        beforeByKey.get(previousKey.get(key) ?? key),
        afterByKey.get(key),
        previousKey.get(key),
      ),
    )
    .filter((app) => app.permissions.length + app.settings.length > 0 || app.status !== "changed");
  const privilegeGained = apps.some(
    (app) => app.permissions.some((p) => p.gain) || app.settings.some((s) => s.gain),
  );
  return { stackFile, base, apps, privilegeGained };
}

function reviewApp(
  key: string,
  before: AppConfig | undefined,
  after: AppConfig | undefined,
  previousKey?: string,
): AppReview {
  const status = !before ? "added" : !after ? "removed" : previousKey ? "renamed" : "changed";
  const displayName = (after ?? before)!.displayName;
  const rename: SettingChange[] = previousKey
    ? [
        {
          setting: "key",
          description: `renamed from ${previousKey}: the same app registration, kept by alias`,
          gain: false,
        },
      ]
    : [];
  return {
    key,
    displayName,
    status,
    permissions: permissionChanges(before, after),
    settings: status === "removed" ? [] : [...rename, ...settingChanges(before, after!)],
  };
}

interface PermissionRef {
  api: string;
  appId: string;
  permission: string;
  kind: "application" | "delegated";
}

function permissionRefs(app: AppConfig | undefined): Map<string, PermissionRef> {
  const refs = new Map<string, PermissionRef>();
  for (const request of app?.permissions ?? []) {
    for (const kind of ["application", "delegated"] as const) {
      for (const permission of request[kind]) {
        const ref = { api: request.api.name, appId: request.api.appId, permission, kind };
        refs.set(`${ref.appId}|${kind}|${permission}`, ref);
      }
    }
  }
  return refs;
}

function permissionChanges(
  before: AppConfig | undefined,
  after: AppConfig | undefined,
): PermissionChange[] {
  const was = permissionRefs(before);
  const is = permissionRefs(after);
  const describe = (
    ref: PermissionRef,
    change: "added" | "removed",
    consent: boolean,
  ): PermissionChange => ({
    change,
    api: ref.api,
    permission: ref.permission,
    kind: ref.kind,
    privilegeLevel: catalogEntry(ref.appId, ref.permission, ref.kind)?.privilegeLevel ?? null,
    adminConsent: consent,
    reason: sensitivityReason(ref.permission, ref.kind),
    gain: change === "added",
  });
  const added = [...is]
    .filter(([id]) => !was.has(id))
    .map(([, ref]) => describe(ref, "added", after!.adminConsent));
  const removed = [...was]
    .filter(([id]) => !is.has(id))
    .map(([, ref]) => describe(ref, "removed", before!.adminConsent));
  return [...added, ...removed].sort(
    (a, b) =>
      a.change.localeCompare(b.change) ||
      a.api.localeCompare(b.api) ||
      a.kind.localeCompare(b.kind) ||
      a.permission.localeCompare(b.permission),
  );
}

function settingChanges(before: AppConfig | undefined, after: AppConfig): SettingChange[] {
  const changes: SettingChange[] = [];
  const old = before;
  if (!old) {
    if (after.signInAudience === "AzureADMultipleOrgs") {
      changes.push({
        setting: "signInAudience",
        description: "multi-tenant (AzureADMultipleOrgs): accounts of any Entra tenant can sign in",
        gain: true,
      });
    }
    for (const uri of after.redirectUris)
      changes.push({
        setting: "redirectUris",
        description: `redirect URI added: ${uri}`,
        gain: true,
      });
    for (const owner of after.owners)
      changes.push({ setting: "owners", description: `owner added: ${owner}`, gain: false });
    if (!after.adminConsent)
      changes.push({
        setting: "adminConsent",
        description: "admin consent not granted (requested only)",
        gain: false,
      });
    if (after.clientSecret.kind !== "none") {
      changes.push({
        setting: "clientSecret",
        description: `client secret added: ${describeSecret(after.clientSecret)}`,
        gain: true,
      });
    }
    changes.push(...mailboxScopeChanges(undefined, after.exchange));
    changes.push(...credentialChanges(undefined, after));
    return changes;
  }
  if (old.displayName !== after.displayName) {
    changes.push({
      setting: "displayName",
      description: `display name "${old.displayName}" → "${after.displayName}"`,
      gain: false,
    });
  }
  if (old.signInAudience !== after.signInAudience) {
    const widened = after.signInAudience === "AzureADMultipleOrgs";
    changes.push({
      setting: "signInAudience",
      description: `sign-in audience ${widened ? "widened" : "narrowed"}: ${old.signInAudience} → ${after.signInAudience}${widened ? " (accounts of any Entra tenant can sign in)" : ""}`,
      gain: widened,
    });
  }
  changes.push(
    ...setChanges("redirectUris", "redirect URI", old.redirectUris, after.redirectUris, true),
  );
  changes.push(...setChanges("owners", "owner", old.owners, after.owners, false));
  if (old.adminConsent !== after.adminConsent) {
    changes.push(
      after.adminConsent
        ? {
            setting: "adminConsent",
            description: "admin consent turned on: every requested permission is granted",
            gain: true,
          }
        : {
            setting: "adminConsent",
            description: "admin consent turned off: permissions are requested only",
            gain: false,
          },
    );
  }
  if (old.notes !== after.notes)
    changes.push({ setting: "notes", description: "notes changed", gain: false });
  changes.push(...secretChanges(old.clientSecret, after.clientSecret));
  changes.push(...mailboxScopeChanges(old.exchange, after.exchange));
  changes.push(...credentialChanges(old, after));
  return changes;
}

/** A new certificate or federated subject is a new way to sign in as the app. */
function credentialChanges(before: AppConfig | undefined, after: AppConfig): SettingChange[] {
  const certificates = (app: AppConfig | undefined) =>
    (app?.certificates ?? []).map(
      (c) => `${c.name} (thumbprint ${c.thumbprint}, until ${c.endDate.slice(0, 10)})`,
    );
  const subjects = (app: AppConfig | undefined) =>
    (app?.federatedCredentials ?? []).map((f) => `${f.subject} from ${f.issuer}`);
  const vault = (app: AppConfig | undefined) =>
    app?.keyVault ? [`${app.keyVault.vaultName}/${app.keyVault.secretName}`] : [];
  return [
    ...setChanges("certificates", "certificate", certificates(before), certificates(after), true),
    ...setChanges(
      "federatedCredentials",
      "federated credential",
      subjects(before),
      subjects(after),
      true,
    ),
    ...setChanges("keyVault", "Key Vault copy", vault(before), vault(after), false),
  ];
}

/** Exchange RBAC for Applications: a new mailbox or role is a new reach; removals are not. */
function mailboxScopeChanges(
  before: ExchangeScope | undefined,
  after: ExchangeScope | undefined,
): SettingChange[] {
  if (!before && !after) return [];
  if (!before) {
    return [
      {
        setting: "exchange",
        description: `Exchange mailbox scope added: ${after!.roles.join(", ")} on ${after!.mailboxes.join(", ")}`,
        gain: true,
      },
    ];
  }
  if (!after) {
    return [
      {
        setting: "exchange",
        description: `Exchange mailbox scope removed (was ${before.mailboxes.join(", ")})`,
        gain: false,
      },
    ];
  }
  return [
    ...setChanges("exchange", "Exchange mailbox", before.mailboxes, after.mailboxes, true),
    ...setChanges("exchange", "Exchange role", before.roles, after.roles, true),
  ];
}

function setChanges(
  setting: string,
  noun: string,
  before: string[],
  after: string[],
  gainOnAdd: boolean,
): SettingChange[] {
  const was = new Set(before);
  const is = new Set(after);
  return [
    ...after
      .filter((value) => !was.has(value))
      .sort()
      .map((value) => ({ setting, description: `${noun} added: ${value}`, gain: gainOnAdd })),
    ...before
      .filter((value) => !is.has(value))
      .sort()
      .map((value) => ({ setting, description: `${noun} removed: ${value}`, gain: false })),
  ];
}

function secretChanges(before: ClientSecretPolicy, after: ClientSecretPolicy): SettingChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before.kind === "none") {
    return [
      {
        setting: "clientSecret",
        description: `client secret added: ${describeSecret(after)}`,
        gain: true,
      },
    ];
  }
  if (after.kind === "none") {
    return [
      {
        setting: "clientSecret",
        description: `client secret removed (was: ${describeSecret(before)})`,
        gain: false,
      },
    ];
  }
  const longer = livesLonger(before, after) ? " (longer-lived secret)" : "";
  return [
    {
      setting: "clientSecret",
      description: `client secret policy: ${describeSecret(before)} → ${describeSecret(after)}${longer}`,
      gain: false,
    },
  ];
}

export function describeSecret(policy: ClientSecretPolicy): string {
  switch (policy.kind) {
    case "none":
      return "none";
    case "fixed":
      return `one secret expiring ${policy.expiresOn}`;
    case "rotating":
      return `rotates every ${policy.rotateEveryDays} days, each secret valid ${2 * policy.rotateEveryDays} days`;
  }
}

/** Whether the new policy keeps a secret alive longer than the old one, for the same kind of policy. */
function livesLonger(before: ClientSecretPolicy, after: ClientSecretPolicy): boolean {
  if (before.kind === "rotating" && after.kind === "rotating")
    return after.rotateEveryDays > before.rotateEveryDays;
  if (before.kind === "fixed" && after.kind === "fixed") return after.expiresOn > before.expiresOn;
  return false;
}
