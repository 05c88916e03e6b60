import { styleText } from "util";
import { privilegeLabel } from "../../permissions/privilegeLevel";
import { PermissionChange, StackReview } from "./stackReview";

/** A review as Markdown, for a pull-request comment. */
export function reviewMarkdown(review: StackReview): string {
  const lines = [
    `### Entra app permissions: \`${review.stackFile}\` compared with \`${review.base}\``,
    "",
  ];
  if (review.apps.length === 0) {
    lines.push("No app registration changes.");
    return lines.join("\n");
  }
  lines.push(
    review.privilegeGained
      ? "> [!WARNING]\n> **Privilege gained**: this change grants permissions or opens a new way in. Review each ⚠️ row before approving."
      : "No privilege gained: only removals or neutral changes.",
    "",
  );
  for (const app of review.apps) {
    lines.push(`#### \`${app.key}\`: ${escapeMarkdown(app.displayName)} (${app.status})`, "");
    if (app.permissions.length > 0) {
      lines.push(
        "| | API | Permission | Kind | Privilege | Admin consent | Why it matters |",
        "|---|---|---|---|---|---|---|",
        ...app.permissions.map(
          (p) =>
            `| ${p.change === "added" ? "⚠️ added" : "removed"} | ${p.api} | \`${p.permission}\` | ${p.kind} | ${privilegeLabel(p.privilegeLevel)} | ${consentLabel(p)} | ${p.reason ?? ""} |`,
        ),
        "",
      );
    }
    for (const setting of app.settings)
      lines.push(`- ${setting.gain ? "⚠️ " : ""}${escapeMarkdown(setting.description)}`);
    if (app.settings.length > 0) lines.push("");
  }
  return lines.join("\n").trimEnd();
}

/** A review for a terminal; colour only when `colour` is true (an interactive terminal). */
export function reviewText(review: StackReview, colour: boolean): string {
  const paint = (format: Parameters<typeof styleText>[0], text: string) =>
    colour ? styleText(format, text) : text;
  const lines = [`${review.stackFile} compared with ${review.base}`];
  if (review.apps.length === 0) return [...lines, "  no app registration changes"].join("\n");
  lines.push(
    review.privilegeGained
      ? paint(["bold", "red"], "  PRIVILEGE GAINED")
      : paint("green", "  no privilege gained"),
  );
  for (const app of review.apps) {
    lines.push("", `${paint("bold", app.key)}  "${app.displayName}"  (${app.status})`);
    for (const p of app.permissions) {
      const sign = p.change === "added" ? paint("red", "+") : paint("green", "-");
      const reason = p.reason ? `  ${paint("yellow", p.reason)}` : "";
      lines.push(
        `  ${sign} ${p.api} ${p.permission} (${p.kind}, ${privilegeLabel(p.privilegeLevel)}, consent ${consentLabel(p)})${reason}`,
      );
    }
    for (const setting of app.settings)
      lines.push(`  ${setting.gain ? paint("red", "!") : "~"} ${setting.description}`);
  }
  return lines.join("\n");
}

export function reviewJson(reviews: StackReview[]): string {
  return JSON.stringify(
    { privilegeGained: reviews.some((review) => review.privilegeGained), stacks: reviews },
    null,
    2,
  );
}

function consentLabel(change: PermissionChange): string {
  return change.adminConsent ? "granted" : "not granted";
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_|<>[\]])/g, "\\$1");
}
