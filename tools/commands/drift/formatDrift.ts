import { styleText } from "util";
import { escapeInvisible, redactInput } from "../../../program/config/redaction";
import { forMarkdown, markdownCode } from "../../../program/outputText";
import { shown } from "../review/settingChange";
import { textTable } from "../textTable";
import { AppDrift, DriftFinding, DriftReport, KIND_LABELS } from "./findings";
import { omittedLine } from "./printLimits";

/*
 * Everything that came from the tenant or the state (display names, URIs, credential names) is
 * printed through `shown` (key material masked, invisible and control characters as \uXXXX)
 * and, in Markdown, through `forMarkdown` or `markdownCode` (program/outputText.ts): a name
 * cannot break a table, mention a team, link, format or hide text.
 */

const CHANGE_LABELS: Record<DriftFinding["change"], string> = {
  "outside-code": "outside the code",
  missing: "missing",
  changed: "changed",
};

/** A drift report as Markdown (an issue, a job summary). */
export function driftMarkdown(report: DriftReport): string {
  const lines = [
    `### Entra drift: ${forMarkdown(shown(report.state))} compared with ${forMarkdown(shown(report.live))}`,
    "",
    `Tenant ${markdownCode(shown(report.tenantId))}, ${report.apps.length} app registration${report.apps.length === 1 ? "" : "s"} in the state.`,
    "",
  ];
  const drifted = report.apps.filter(drifts);
  if (drifted.length === 0) {
    lines.push("No drift: the tenant holds exactly what the stack manages.");
    return lines.join("\n");
  }
  lines.push(
    report.accessGained
      ? "> [!WARNING]\n> **Access gained outside the code**: each ⚠️ row gives an app access that no reviewed change granted. Remove it in the portal, or add it to the stack's config through a pull request."
      : "No access gained outside the code; what the tenant lacks is listed (the next `pulumi up --refresh` restores it).",
    "",
  );
  for (const app of drifted) {
    lines.push(`#### ${markdownCode(shown(app.key))}: ${forMarkdown(shown(app.displayName))}`, "");
    if (app.findings.length > 0) {
      lines.push(
        "| | Kind | What | Detail | ID |",
        "|---|---|---|---|---|",
        ...app.findings.map(
          (f) =>
            `| ${f.gain ? "⚠️ " : ""}${CHANGE_LABELS[f.change]} | ${KIND_LABELS[f.kind]} | ${cell(f.subject)} | ${cell(f.detail)} | ${reference(f.reference)} |`,
        ),
        "",
      );
    }
    const omitted = omittedLine(app);
    if (omitted) lines.push(forMarkdown(omitted), "");
  }
  return lines.join("\n").trimEnd();
}

/** A drift report for a terminal; colour only when `colour` is true. */
export function driftText(report: DriftReport, colour: boolean): string {
  const paint = (format: Parameters<typeof styleText>[0], text: string) =>
    colour ? styleText(format, text) : text;
  const lines = [`${shown(report.state)} compared with ${shown(report.live)}`];
  lines.push(`  tenant ${shown(report.tenantId)}, ${report.apps.length} app(s) in the state`);
  const drifted = report.apps.filter(drifts);
  if (drifted.length === 0) return [...lines, paint("green", "  no drift")].join("\n");
  lines.push(
    report.accessGained
      ? paint(["bold", "red"], "  ACCESS GAINED OUTSIDE THE CODE")
      : paint("green", "  no access gained outside the code"),
  );
  for (const app of drifted) {
    lines.push("", `${paint("bold", shown(app.key))}  "${shown(app.displayName)}"`);
    const rows = app.findings.map((f) => [
      f.gain ? "!" : f.change === "missing" ? "-" : "~",
      CHANGE_LABELS[f.change],
      KIND_LABELS[f.kind],
      shown(f.subject),
      shown(f.detail),
      shown(f.reference),
    ]);
    const table =
      rows.length > 0 ? textTable(["", "change", "kind", "what", "detail", "id"], rows) : [];
    lines.push(
      ...table.map((line, index) =>
        index >= 2 && rows[index - 2][0] === "!" ? paint("red", `  ${line}`) : `  ${line}`,
      ),
    );
    const omitted = omittedLine(app);
    if (omitted) lines.push(`  ${omitted}`);
  }
  return lines.join("\n");
}

/** JSON, every non-ASCII character as \uXXXX and key material masked. */
export function driftJson(report: DriftReport): string {
  const json = JSON.stringify(report, null, 2);
  return redactInput(json).split("\n").map(escapeInvisible).join("\n");
}

export function hasFindings(apps: AppDrift[]): boolean {
  return apps.some(drifts);
}

function drifts(app: AppDrift): boolean {
  return app.findings.length > 0 || (app.omittedFindings ?? 0) > 0;
}

/** An ID in a code span when it is made of ID characters only; else escaped text. */
function reference(id: string): string {
  if (id === "") return "";
  return /^[A-Za-z0-9/_.:-]+$/.test(id) ? markdownCode(id) : cell(id);
}

function cell(text: string): string {
  return forMarkdown(shown(text));
}
