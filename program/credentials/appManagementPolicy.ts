import { z } from "zod";

/*
 * Entra's app management policies (credential restrictions), as Microsoft Graph v1.0 returns them:
 * - tenantAppManagementPolicy, GET /policies/defaultAppManagementPolicy
 *   (https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy): `isEnabled`,
 *   `applicationRestrictions` (application objects, where this project's credentials live) and
 *   `servicePrincipalRestrictions` (service principals, to which it adds none);
 * - appManagementPolicy, GET /applications/{id}/appManagementPolicies
 *   (https://learn.microsoft.com/graph/api/resources/appmanagementpolicy): `isEnabled` and
 *   `restrictions`. One may be assigned to an app; it then "takes precedence and the assigned
 *   application ... doesn't inherit from the tenant default policy"
 *   (https://learn.microsoft.com/graph/api/resources/applicationauthenticationmethodpolicy).
 * - passwordCredentialConfiguration / keyCredentialConfiguration
 *   (https://learn.microsoft.com/graph/api/resources/passwordcredentialconfiguration,
 *   .../keycredentialconfiguration): `restrictionType`, `maxLifetime` (ISO 8601 duration),
 *   `restrictForAppsCreatedAfterDateTime` (apps created on or after it), `state` (enabled,
 *   disabled).
 * Unknown properties (excludeActors, certificateBasedApplicationConfigurationIds, @odata.*) are
 * kept as given, and restriction types this project does not know are reported, never refused:
 * Graph's enums grow (`unknownFutureValue`).
 */

/** Graph's Edm.Duration: days and a time part only (no years or months, which vary in length). */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DAY_MS = 86_400_000;

/** Milliseconds of an ISO 8601 duration as Graph writes it (`P90D`, `P4DT12H30M5S`), or undefined. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === "P" || text.endsWith("T")) return undefined;
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000;
}

/** `P90D (90 days)`, `P4DT12H (4.5 days)`: the policy's own text and what it means. */
export function describeDuration(text: string): string {
  const days = durationMs(text)! / DAY_MS;
  return `${text} (${Number.isInteger(days) ? days : days.toFixed(2)} day${days === 1 ? "" : "s"})`;
}

const dateTime = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), {
    error: "must be an RFC 3339 date and time, e.g. 2024-01-01T00:00:00Z",
  });

const restrictionSchema = z.looseObject({
  restrictionType: z.string({ error: "must be a restriction type such as passwordLifetime" }),
  maxLifetime: z
    .string()
    .refine((value) => durationMs(value) !== undefined, {
      error: "must be an ISO 8601 duration in days and time, e.g. P90D or P4DT12H30M5S",
    })
    .nullish(),
  restrictForAppsCreatedAfterDateTime: dateTime.nullish(),
  state: z.enum(["enabled", "disabled", "unknownFutureValue"]).nullish(),
});

const configurationSchema = z.looseObject({
  passwordCredentials: z.array(restrictionSchema).nullish(),
  keyCredentials: z.array(restrictionSchema).nullish(),
});

const isEnabled = z.boolean({
  error: "must be true or false (Graph always returns isEnabled; the policy is off when false)",
});

/** GET /policies/defaultAppManagementPolicy. */
export const tenantAppManagementPolicySchema = z.looseObject({
  id: z.string().nullish(),
  displayName: z.string().nullish(),
  isEnabled,
  applicationRestrictions: configurationSchema.nullish(),
  servicePrincipalRestrictions: configurationSchema.nullish(),
});

/** One item of GET /applications/{id}/appManagementPolicies. */
export const appManagementPolicySchema = z.looseObject({
  id: z.string().nullish(),
  displayName: z.string().nullish(),
  isEnabled,
  restrictions: configurationSchema.nullish(),
});

export type CredentialRestriction = z.infer<typeof restrictionSchema>;
export type TenantAppManagementPolicy = z.infer<typeof tenantAppManagementPolicySchema>;
export type AppManagementPolicy = z.infer<typeof appManagementPolicySchema>;

/** The restrictions that govern one app's credentials, and the policy they come from. */
export interface EffectiveRestrictions {
  /** For messages: `the tenant's default app management policy`, or the assigned one by name. */
  source: string;
  /** The policy's ID (Graph names it in its error), when known. */
  policyId?: string;
  passwordCredentials: CredentialRestriction[];
  keyCredentials: CredentialRestriction[];
}

/**
 * What governs an app: an enabled policy assigned to it, else the tenant default's
 * applicationRestrictions when that policy is enabled, else nothing. A disabled assigned policy is
 * taken to leave the tenant default in force (Microsoft's pages do not say; this is the stricter
 * reading).
 */
export function effectiveRestrictions(
  tenantDefault: TenantAppManagementPolicy | undefined,
  assigned: AppManagementPolicy[] = [],
): EffectiveRestrictions | undefined {
  const own = assigned.find((policy) => policy.isEnabled);
  if (own) {
    return {
      source: `the app management policy ${JSON.stringify(own.displayName ?? own.id ?? "")} assigned to the app`,
      ...(own.id ? { policyId: own.id } : {}),
      passwordCredentials: own.restrictions?.passwordCredentials ?? [],
      keyCredentials: own.restrictions?.keyCredentials ?? [],
    };
  }
  if (!tenantDefault?.isEnabled) return undefined;
  return {
    source: "the tenant's default app management policy",
    ...(tenantDefault.id ? { policyId: tenantDefault.id } : {}),
    passwordCredentials: tenantDefault.applicationRestrictions?.passwordCredentials ?? [],
    keyCredentials: tenantDefault.applicationRestrictions?.keyCredentials ?? [],
  };
}

/**
 * Whether a restriction is enforced on an app created at `created` (undefined: a date not known,
 * judged covered). A restriction with no state is taken as enabled, as in Microsoft's update
 * example, which omits it.
 */
export function restrictionCovers(
  restriction: CredentialRestriction,
  created: Date | undefined,
): boolean {
  if (restriction.state === "disabled" || restriction.state === "unknownFutureValue") return false;
  const since = restriction.restrictForAppsCreatedAfterDateTime;
  if (!since || !created) return true;
  return created.getTime() >= Date.parse(since);
}

/** The enforced restriction of one type for an app created at `created`, if any. */
export function coveringRestriction(
  restrictions: CredentialRestriction[],
  type: string,
  created: Date | undefined,
): CredentialRestriction | undefined {
  return restrictions.find(
    (restriction) =>
      restriction.restrictionType === type && restrictionCovers(restriction, created),
  );
}

/** `, for apps created from 2024-01-01` when the restriction is limited by date. */
export function sinceText(restriction: CredentialRestriction): string {
  const since = restriction.restrictForAppsCreatedAfterDateTime;
  return since ? `, for apps created from ${new Date(since).toISOString().slice(0, 10)}` : "";
}
