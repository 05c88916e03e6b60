import { CredentialSummary } from "../../../program/stackOutputs";
import { parseIsoDate } from "../../../program/isoDate";

export type ExpiryStatus = "ok" | "warning" | "expired" | "not applicable";

/** One credential's standing at a given moment. */
export interface CredentialExpiry {
  app: string;
  name: string;
  kind: CredentialSummary["kind"];
  expiresOn: string | null;
  /** Whole days left (negative once expired); null when the credential does not expire. */
  daysLeft: number | null;
  status: ExpiryStatus;
  note: string;
}

const DAY_MS = 86_400_000;

/**
 * Judges each credential of each app at `now`. A fixed secret or a certificate warns inside
 * `warnDays`. A rotating secret always has at least its rotation period left while the scheduled
 * `pulumi up` runs, so it warns only below min(warnDays, rotateEveryDays): rotation is overdue.
 * The previous rotation slot is listed but never warns: it is meant to run out.
 */
export function credentialExpiry(
  apps: Record<string, { credentials?: CredentialSummary[] }>,
  now: Date,
  warnDays: number,
): CredentialExpiry[] {
  return Object.entries(apps).flatMap(([app, outputs]) =>
    (outputs.credentials ?? []).map((credential) => judge(app, credential, now, warnDays)),
  );
}

function judge(
  app: string,
  credential: CredentialSummary,
  now: Date,
  warnDays: number,
): CredentialExpiry {
  const base = {
    app,
    name: credential.name,
    kind: credential.kind,
    expiresOn: credential.expiresOn,
  };
  if (credential.expiresOn === null)
    return { ...base, daysLeft: null, status: "not applicable", note: "does not expire" };
  const expires = parseIsoDate(credential.expiresOn)?.getTime() ?? Date.parse(credential.expiresOn);
  // Callers refuse unreadable dates first; a NaN here must never fall through to "ok".
  if (Number.isNaN(expires) || Number.isNaN(now.getTime()))
    throw new Error(`cannot judge ${credential.name}: unreadable date`);
  const daysLeft = Math.floor((expires - now.getTime()) / DAY_MS);
  if (credential.rotation === "previous") {
    return {
      ...base,
      daysLeft,
      status: "not applicable",
      note: "previous rotation slot, runs out as planned",
    };
  }
  if (daysLeft < 0 || expires <= now.getTime()) {
    return { ...base, daysLeft, status: "expired", note: renewal(credential) };
  }
  const threshold =
    credential.rotation === "current"
      ? Math.min(warnDays, credential.rotateEveryDays ?? warnDays)
      : warnDays;
  if (daysLeft < threshold) {
    return {
      ...base,
      daysLeft,
      status: "warning",
      note:
        credential.rotation === "current"
          ? "rotation overdue: run `pulumi up` (the scheduled run has not replaced it)"
          : `inside ${warnDays} days: ${renewal(credential)}`,
    };
  }
  return { ...base, daysLeft, status: "ok", note: "" };
}

function renewal(credential: CredentialSummary): string {
  if (credential.kind === "certificate")
    return "upload a new certificate under certificates: and run `pulumi up`";
  if (credential.rotation) return "run `pulumi up` to rotate";
  return "move clientSecret.expiresOn forward (or switch to rotateEveryDays) and run `pulumi up`";
}
