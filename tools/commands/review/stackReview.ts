import { AppConfig } from "../../../program/config/appConfig";
import { ConfigProblem } from "../../../program/config/configProblem";
import { catalogEntry } from "../../../program/permissions/catalog";
import { sensitivityReason } from "../../../program/permissions/sensitivePermissions";
import { isGain } from "./changeKinds";
import type { OtherConfigChange } from "./otherConfigChanges";
import type { DeployedChange } from "./deployedChangeBasics";
import { change, SettingChange, shown } from "./settingChange";
import { emptyApp, settingChanges } from "./settingChanges";

export type { SettingChange } from "./settingChange";

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

export interface AppReview {
  key: string;
  displayName: string;
  status: "added" | "removed" | "changed" | "renamed";
  permissions: PermissionChange[];
  settings: SettingChange[];
}

/** What review says of the two deployments, beside the config-level review
 * (deployedReview.ts fills it in). */
export interface DeployedReview {
  /** Every difference between what the base and the head would register. */
  changes: DeployedChange[];
  /** The gains among them that the config-level review did not report. */
  unexplained: DeployedChange[];
  /** Why the base would not deploy, when it would not: then nothing is compared. */
  baseRefused?: string;
  /** Why the two sides were not run at all (the review's work budget): a human must look. */
  notCompared?: string;
}

export interface StackReview {
  /** What was compared, for the heading: e.g. `Pulumi.prod.yaml` and `origin/main`. */
  stackFile: string;
  base: string;
  apps: AppReview[];
  /** True when a change gains privilege, or the deployed review found a gain this review missed. */
  privilegeGained: boolean;
  /** What the base and head would register, compared (set by review's cli, deployedReview.ts). */
  deployed?: DeployedReview;
  /** Config keys outside the project's namespace that changed (otherConfigChanges.ts): gains. */
  otherConfig?: OtherConfigChange[];
}

/**
 * Which base app each new-version app continues, the way the Pulumi engine decides it: the app
 * with the same key if the base has one (a resource is matched by its own URN before its
 * aliases), otherwise the first `renamedFrom` key the base has. Any other `renamedFrom` key the
 * base has is merged in: that app's registration is deleted and its permissions land on the
 * continued one, which keeps its own credentials.
 */
interface AppMatch {
  after: AppConfig;
  before?: AppConfig;
  merged: string[];
}

function matchApps(before: AppConfig[], after: AppConfig[]): AppMatch[] {
  const beforeByKey = new Map(before.map((app) => [app.key, app]));
  const afterKeys = new Set(after.map((app) => app.key));
  return after.map((app) => {
    const olderKeys = app.renamedFrom.filter((key) => beforeByKey.has(key) && !afterKeys.has(key));
    const continued = beforeByKey.get(app.key) ?? beforeByKey.get(olderKeys[0]);
    return {
      after: app,
      before: continued,
      merged: olderKeys.filter((key) => key !== continued?.key),
    };
  });
}

/**
 * Refuses what review cannot honestly call a rename: a `renamedFrom` key that still existed
 * beside the app it would be folded into.
 */
export function mergeProblems(
  before: AppConfig[],
  after: AppConfig[],
  base: string,
): ConfigProblem[] {
  return matchApps(before, after).flatMap(({ after: app, before: continued, merged }) =>
    merged.map((key) => ({
      path: `apps.${app.key}.renamedFrom`,
      value: key,
      message:
        `names apps.${key}, which existed beside apps.${continued!.key} in ${base}. Pulumi matches a resource ` +
        `by its own name before its aliases, so apps.${app.key} keeps apps.${continued!.key}'s registration and ` +
        `secrets, apps.${key}'s registration is deleted, and its permissions move onto the kept one. ` +
        `Remove "${key}" from renamedFrom; to give apps.${app.key} those permissions, list them under its ` +
        `permissions, where review shows them as added`,
    })),
  );
}

/**
 * Compares two validated versions of a stack's apps. Pure: sets are compared, so reordering
 * apps, APIs, permissions, owners or URIs reports nothing. A new app is compared with an empty
 * one, so it goes through the same diff as a changed app.
 */
export function reviewStack(
  before: AppConfig[],
  after: AppConfig[],
  stackFile: string,
  base: string,
): StackReview {
  const matches = matchApps(before, after);
  const continued = new Set(matches.map((m) => m.before?.key).filter((key) => key !== undefined));
  const reviews = [
    ...matches.map(reviewApp),
    ...before.filter((app) => !continued.has(app.key)).map(removedApp),
  ];
  const apps = reviews
    .filter((app) => app.permissions.length + app.settings.length > 0 || app.status !== "changed")
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const privilegeGained = apps.some(
    (app) => app.permissions.some((p) => p.gain) || app.settings.some((s) => s.gain),
  );
  return { stackFile, base, apps, privilegeGained };
}

function reviewApp({ after, before, merged }: AppMatch): AppReview {
  const renamedFrom = before && before.key !== after.key ? before.key : undefined;
  const notes: SettingChange[] = [
    ...(renamedFrom
      ? [
          change(
            "key",
            "app-renamed",
            `renamed from ${shown(renamedFrom)}: the same app registration, kept by alias`,
          ),
        ]
      : []),
    ...merged.map((key) =>
      change(
        "renamedFrom",
        "apps-merged",
        `merges apps.${shown(key)}, which still existed beside it: this registration and its secrets take its permissions`,
      ),
    ),
  ];
  return {
    key: after.key,
    displayName: after.displayName,
    status: !before ? "added" : renamedFrom ? "renamed" : "changed",
    permissions: permissionChanges(before, after),
    settings: [...notes, ...settingChanges(before ?? emptyApp(after), after)],
  };
}

function removedApp(app: AppConfig): AppReview {
  return {
    key: app.key,
    displayName: app.displayName,
    status: "removed",
    permissions: permissionChanges(app, undefined),
    settings: [],
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

function privilegeOf(ref: PermissionRef): number | null {
  return catalogEntry(ref.appId, ref.permission, ref.kind)?.privilegeLevel ?? null;
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
    privilegeLevel: privilegeOf(ref),
    adminConsent: consent,
    reason: sensitivityReason(ref.permission, ref.kind, privilegeOf(ref)),
    gain: isGain(change === "added" ? "permission-added" : "permission-removed"),
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
