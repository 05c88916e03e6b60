import { styleText } from "util";
import { escapeInvisible, redactInput } from "../../../program/config/redaction";
import { forMarkdown, markdownCode } from "../../../program/outputText";
import { privilegeLabel } from "../../../program/permissions/privilegeLevel";
import { deployedMarkdown, deployedText } from "./formatDeployed";
import { otherConfigMarkdown, otherConfigText } from "./otherConfigChanges";
import { shown } from "./settingChange";
import { PermissionChange, StackReview } from "./stackReview";

/*
 * Every value that came from config (app keys, display names, permission and API names; setting
 * descriptions are built with `shown` already) is printed through `shown`: key material masked,
 * invisible and look-alike characters as \uXXXX, so two names that look the same print apart.
 * In Markdown each one then goes through `forMarkdown` (prose, cells) or `markdownCode` (code
 * spans): a name cannot mention a team, link, format, hide text or break the table
 * (program/outputText.ts).
 */

/** A review as Markdown, for a pull-request comment; the deployed section after the config one. */
export function reviewMarkdown(review: StackReview): string {
  const config = [configMarkdown(review), ...otherConfigMarkdown(review.otherConfig ?? [])].join(
    "\n",
  );
  if (!review.deployed) return config;
  return [config, "", ...deployedMarkdown(review.deployed)].join("\n").trimEnd();
}

function configMarkdown(review: StackReview): string {
  const lines = [
    `### Entra app permissions: ${markdownCode(shown(review.stackFile))} compared with ${markdownCode(shown(review.base))}`,
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
    lines.push(
      `#### ${markdownCode(shown(app.key))}: ${forMarkdown(shown(app.displayName))} (${app.status})`,
      "",
    );
    if (app.permissions.length > 0) {
      lines.push(
        "| | API | Permission | Kind | Privilege | Admin consent | Why it matters |",
        "|---|---|---|---|---|---|---|",
        ...app.permissions.map(
          (p) =>
            `| ${p.change === "added" ? "⚠️ added" : "removed"} | ${forMarkdown(shown(p.api))} | ${markdownCode(shown(p.permission))} | ${p.kind} | ${privilegeLabel(p.privilegeLevel)} | ${consentLabel(p)} | ${forMarkdown(p.reason ?? "")} |`,
        ),
        "",
      );
    }
    for (const setting of app.settings)
      lines.push(`- ${setting.gain ? "⚠️ " : ""}${forMarkdown(setting.description)}`);
    if (app.settings.length > 0) lines.push("");
  }
  return lines.join("\n").trimEnd();
}

/** A review for a terminal; colour only when `colour` is true (an interactive terminal). */
export function reviewText(review: StackReview, colour: boolean): string {
  const paint = (format: Parameters<typeof styleText>[0], text: string) =>
    colour ? styleText(format, text) : text;
  const config = [configText(review, paint), ...otherConfigText(review.otherConfig ?? [])].join(
    "\n",
  );
  return review.deployed ? [config, ...deployedText(review.deployed, paint)].join("\n") : config;
}

function configText(
  review: StackReview,
  paint: (format: Parameters<typeof styleText>[0], text: string) => string,
): string {
  const lines = [`${shown(review.stackFile)} compared with ${shown(review.base)}`];
  if (review.apps.length === 0) return [...lines, "  no app registration changes"].join("\n");
  lines.push(
    review.privilegeGained
      ? paint(["bold", "red"], "  PRIVILEGE GAINED")
      : paint("green", "  no privilege gained"),
  );
  for (const app of review.apps) {
    lines.push(
      "",
      `${paint("bold", shown(app.key))}  "${shown(app.displayName)}"  (${app.status})`,
    );
    for (const p of app.permissions) {
      const sign = p.change === "added" ? paint("red", "+") : paint("green", "-");
      const reason = p.reason ? `  ${paint("yellow", p.reason)}` : "";
      lines.push(
        `  ${sign} ${shown(p.api)} ${shown(p.permission)} (${p.kind}, ${privilegeLabel(p.privilegeLevel)}, consent ${consentLabel(p)})${reason}`,
      );
    }
    for (const setting of app.settings)
      lines.push(`  ${setting.gain ? paint("red", "!") : "~"} ${setting.description}`);
  }
  return lines.join("\n");
}

/**
 * JSON with every non-ASCII character as a \uXXXX escape: the same data for a JSON reader, and
 * nothing invisible for a person reading it. Key material in config values is masked.
 */
export function reviewJson(
  reviews: StackReview[],
  repository: { privilegeGained?: boolean } & Record<string, unknown> = {},
): string {
  const gained = reviews.some((review) => review.privilegeGained) || repository.privilegeGained;
  const json = JSON.stringify(
    { ...repository, privilegeGained: gained === true, stacks: reviews },
    null,
    2,
  );
  return redactInput(json).split("\n").map(escapeInvisible).join("\n");
}

function consentLabel(change: PermissionChange): string {
  return change.adminConsent ? "granted" : "not granted";
}
