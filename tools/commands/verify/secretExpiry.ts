import { credentialExpiry } from "../expiry/credentialExpiry";

/** Days before expiry from which `verify` warns, as `npm run expiry` does by default. */
export const DEFAULT_WARN_DAYS = 60;

/** The current client secret's end as `verify` reports it. */
export type SecretExpiry =
  | { status: "unknown" }
  | { status: "ok" | "warning" | "expired"; expiresOn: string; daysLeft: number; note: string };

/**
 * Judges the secret `verify` signed in with by the same rules as `npm run expiry`: a fixed secret
 * warns inside `warnDays`; a rotating one (`rotateEveryDays` given) only once rotation is overdue,
 * since the scheduled `pulumi up` replaces it with its rotation period still left.
 */
export function secretExpiry(
  app: string,
  expiresOn: string | undefined,
  rotateEveryDays: number | undefined,
  now: Date,
  warnDays: number,
): SecretExpiry {
  if (!expiresOn || Number.isNaN(Date.parse(expiresOn))) return { status: "unknown" };
  const rotation =
    rotateEveryDays !== undefined ? { rotation: "current" as const, rotateEveryDays } : {};
  const [judged] = credentialExpiry(
    { [app]: { credentials: [{ kind: "password", name: app, expiresOn, ...rotation }] } },
    now,
    warnDays,
  );
  const status = judged.status === "not applicable" ? "ok" : judged.status;
  return {
    status,
    expiresOn: new Date(expiresOn).toISOString().slice(0, 10),
    daysLeft: judged.daysLeft ?? 0,
    note: judged.note,
  };
}

/** The table cell: `2027-01-02 (41 days left) WARNING`. */
export function describeExpiry(expiry: SecretExpiry): string {
  if (expiry.status === "unknown") return "-";
  if (expiry.status === "expired") return `${expiry.expiresOn} (expired) WARNING`;
  const days = `${expiry.daysLeft} day${expiry.daysLeft === 1 ? "" : "s"} left`;
  return `${expiry.expiresOn} (${days})${expiry.status === "warning" ? " WARNING" : ""}`;
}
