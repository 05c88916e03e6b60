/** What drift found, per app. Shared by the comparison and the formats. */

export type FindingKind =
  | "app"
  | "service-principal"
  | "application-permission"
  | "delegated-permission"
  | "client-secret"
  | "certificate"
  | "federated-credential"
  | "service-principal-credential"
  | "owner"
  | "redirect-uri"
  | "audience"
  | "requested-permission";

/** How each kind reads in a report. */
export const KIND_LABELS: Record<FindingKind, string> = {
  app: "app registration",
  "service-principal": "service principal",
  "application-permission": "application permission",
  "delegated-permission": "delegated permission",
  "client-secret": "client secret",
  certificate: "certificate",
  "federated-credential": "federated credential",
  "service-principal-credential": "service principal credential",
  owner: "owner",
  "redirect-uri": "redirect URI",
  audience: "sign-in audience",
  "requested-permission": "requested permission",
};

/**
 * `outside-code`: in the tenant, not in the stack's state; `missing`: in the state, not in the
 * tenant; `changed`: both hold it, with different values.
 */
export type FindingChange = "outside-code" | "missing" | "changed";

export interface DriftFinding {
  kind: FindingKind;
  change: FindingChange;
  /** Whether it opens access the code did not grant (exit 3). */
  gain: boolean;
  /** What it is: `Microsoft Graph Mail.ReadWrite`, a key ID, a URI. */
  subject: string;
  /** Facts about it, in words. */
  detail: string;
  /** Its ID, in the provider's import format where there is one (empty when none). */
  reference: string;
}

export interface AppDrift {
  key: string;
  displayName: string;
  objectId: string;
  clientId: string;
  findings: DriftFinding[];
  /** Findings compared but not printed (printLimits.ts), and how many of them are gains. */
  omittedFindings?: number;
  omittedGains?: number;
}

export interface DriftReport {
  /** What the state came from: `stack dev` or a file name. */
  state: string;
  /** What the live objects came from: `Microsoft Graph (https://...)` or an export file. */
  live: string;
  tenantId: string;
  accessGained: boolean;
  apps: AppDrift[];
}

const KIND_ORDER = Object.keys(KIND_LABELS) as FindingKind[];

/** Gains first, then by kind, then by subject: the same findings always print the same. */
export function sortFindings(findings: DriftFinding[]): DriftFinding[] {
  return [...findings].sort(
    (a, b) =>
      Number(b.gain) - Number(a.gain) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.subject.localeCompare(b.subject) ||
      a.detail.localeCompare(b.detail),
  );
}

/** A finding; `gain` says whether it opens access (exit 3). */
export function finding(
  kind: DriftFinding["kind"],
  change: DriftFinding["change"],
  gain: boolean,
  subject: string,
  detail: string,
  reference = "",
): DriftFinding {
  return { kind, change, gain, subject, detail, reference };
}
