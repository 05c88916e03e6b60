/**
 * The rules both the program's config validation and the CrossGuard policy pack apply, as plain
 * functions over plain values: one place decides, each caller words its own message.
 */
import { catalogEntry } from "../permissions/catalog";
import { sensitiveApplicationPermissions } from "../permissions/sensitivePermissions";
import { MICROSOFT_GRAPH_APP_ID } from "../permissions/wellKnownApis";

const DAY_MS = 86_400_000;

/**
 * The longest a client secret may live, everywhere: config validation (`plan`, `pulumi up`) and
 * the guardrail policy's default. Microsoft's portal allows 24 months and recommends under 12;
 * this project holds to 12. The policy's `maxDays` can only lower it.
 */
export const MAX_SECRET_LIFETIME_DAYS = 365;

export { isRetiredApi } from "../permissions/wellKnownApis";

/** What granting one Microsoft Graph application permission exposes. */
export interface PermissionRisk {
  value: string;
  /** Catalog privilege level (1 low … 4 critical), null when unrated. */
  privilegeLevel: number | null;
  /** Our reason for the broad-access and takeover permissions. */
  reason?: string;
  takeover: boolean;
}

/**
 * Risk of a Microsoft Graph application permission, by value or app role ID (Graph's role IDs
 * are the same in every tenant). Undefined when it is not a Graph application permission.
 */
export function graphApplicationPermissionRisk(valueOrRoleId: string): PermissionRisk | undefined {
  const entry = catalogEntry(MICROSOFT_GRAPH_APP_ID, valueOrRoleId, "application");
  if (!entry) return undefined;
  const sensitivity = sensitiveApplicationPermissions[entry.value];
  return {
    value: entry.value,
    privilegeLevel: entry.privilegeLevel,
    reason: sensitivity?.reason,
    takeover: sensitivity?.takeover ?? false,
  };
}

/** Above what an organisation allows without a documented exception: a higher level, or takeover. */
export function exceedsAllowedPrivilege(risk: PermissionRisk, maxPrivilegeLevel: number): boolean {
  return risk.takeover || (risk.privilegeLevel ?? 0) > maxPrivilegeLevel;
}

/** An exception for one permission, with the reason someone accepted the risk. */
export interface AllowListEntry {
  permission: string;
  justification?: string;
}

/** "allowed" with a justification, "unjustified" when listed without one, "absent" otherwise. */
export function allowListStatus(
  permission: string,
  allow: AllowListEntry[],
): "allowed" | "unjustified" | "absent" {
  const entry = allow.find((candidate) => candidate.permission === permission);
  if (!entry) return "absent";
  return entry.justification && entry.justification.trim().length >= 10 ? "allowed" : "unjustified";
}

export type SecretEndCheck =
  | { ok: true }
  | { ok: false; problem: "missing" | "unparsable" | "past" | "tooFar"; latest: Date };

/**
 * Whether a client secret's end is acceptable at `now`: present, a real date, in the future and
 * at most `maxDays` ahead. `endDateRelative` (Go duration in hours, e.g. "8760h") also counts.
 */
export function checkSecretEnd(
  end: { endDate?: string; endDateRelative?: string },
  now: Date,
  maxDays: number,
): SecretEndCheck {
  const latest = new Date(now.getTime() + maxDays * DAY_MS);
  let endTime: number;
  if (end.endDate) {
    endTime = Date.parse(end.endDate);
  } else if (end.endDateRelative) {
    const hours = /^(\d+(?:\.\d+)?)h$/.exec(end.endDateRelative.trim());
    endTime = hours ? now.getTime() + Number(hours[1]) * 3_600_000 : Number.NaN;
  } else {
    return { ok: false, problem: "missing", latest };
  }
  if (Number.isNaN(endTime)) return { ok: false, problem: "unparsable", latest };
  if (endTime <= now.getTime()) return { ok: false, problem: "past", latest };
  if (endTime > latest.getTime()) return { ok: false, problem: "tooFar", latest };
  return { ok: true };
}

/** Whole days from `from` to `to`, rounded up: turns a calendar limit into a day limit. */
export function daysBetween(from: Date, to: Date): number {
  return Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
}

/** The provider's `requiredResourceAccesses` shape, as policies and components see it. */
export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccesses: { id: string; type: string }[];
}

/** Whether an app requests any application permission (an app role, `type: Role`). */
export function requestsApplicationPermissions(
  accesses: RequiredResourceAccess[] | undefined,
): boolean {
  return (accesses ?? []).some((access) =>
    access.resourceAccesses.some((entry) => entry.type === "Role"),
  );
}

/** Whether an app requests only application permissions: a daemon, which signs in no user. */
export function isDaemonApp(accesses: RequiredResourceAccess[] | undefined): boolean {
  const entries = (accesses ?? []).flatMap((access) => access.resourceAccesses);
  return entries.length > 0 && entries.every((entry) => entry.type === "Role");
}

/** Single tenant is the only audience an app holding application permissions should have. */
export function isSingleTenant(signInAudience: string | undefined): boolean {
  return (signInAudience ?? "AzureADMyOrg") === "AzureADMyOrg";
}
