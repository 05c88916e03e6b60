import { redactKeyMaterial } from "../../../program/config/redaction";
import { AppDrift, DriftFinding, DriftReport } from "./findings";

/**
 * What a drift report prints, bounded whatever the tenant or the state holds: at most
 * MAX_PRINTED_FINDINGS findings in full (gains first, as sorted), the rest counted per app; and
 * no value longer than MAX_PRINTED_CHARACTERS. Everything is still compared: the exit code and
 * the counts are those of every finding.
 */
export const MAX_PRINTED_FINDINGS = 500;
/** Entra's longest names are 600 characters (a federated credential's subject or issuer). */
export const MAX_PRINTED_CHARACTERS = 1_000;
/**
 * Key material is masked in a window this much longer than what is kept, so a secret that
 * straddles the cut is masked as a whole before the cut (the longest fixed-length shape, an
 * older client secret, is 48 characters; a longer random run is judged on its first 256).
 */
const MASK_WINDOW = 256;

/** `text` as printed: unchanged when short; else its masked start and its length. */
export function boundedText(text: string): string {
  if (text.length <= MAX_PRINTED_CHARACTERS) return text;
  const start = redactKeyMaterial(text.slice(0, MAX_PRINTED_CHARACTERS + MASK_WINDOW));
  return `${start.slice(0, MAX_PRINTED_CHARACTERS)}… (${text.length} characters)`;
}

/** The report as printed: findings past the limit counted, every value bounded. */
export function printedReport(report: DriftReport): DriftReport {
  let budget = MAX_PRINTED_FINDINGS;
  const apps = report.apps.map((app): AppDrift => {
    const shown = app.findings.slice(0, Math.max(0, budget));
    budget -= shown.length;
    const omitted = app.findings.slice(shown.length);
    return {
      key: boundedText(app.key),
      displayName: boundedText(app.displayName),
      objectId: boundedText(app.objectId),
      clientId: boundedText(app.clientId),
      findings: shown.map(boundedFinding),
      ...(omitted.length > 0
        ? {
            omittedFindings: omitted.length,
            omittedGains: omitted.filter((finding) => finding.gain).length,
          }
        : {}),
    };
  });
  return {
    ...report,
    state: boundedText(report.state),
    live: boundedText(report.live),
    tenantId: boundedText(report.tenantId),
    apps,
  };
}

function boundedFinding(finding: DriftFinding): DriftFinding {
  return {
    ...finding,
    subject: boundedText(finding.subject),
    detail: boundedText(finding.detail),
    reference: boundedText(finding.reference),
  };
}

/** `… and 1,200 more findings (1,150 gaining access), not printed: at most 500 are`. */
export function omittedLine(app: AppDrift): string | undefined {
  if (!app.omittedFindings) return undefined;
  const count = (n: number) => n.toLocaleString("en-US");
  return `… and ${count(app.omittedFindings)} more finding${app.omittedFindings === 1 ? "" : "s"} (${count(app.omittedGains ?? 0)} gaining access), not printed: a report prints at most ${MAX_PRINTED_FINDINGS}`;
}
