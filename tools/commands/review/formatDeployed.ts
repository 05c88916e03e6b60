import { forMarkdown, markdownCode } from "../../../program/outputText";
import { DeployedChange } from "./deployedChangeBasics";
import { DeployedReview } from "./stackReview";
import { shown } from "./settingChange";

/*
 * The deployed-level section of a review: a summary of what the base and head would register,
 * compared, and each gain the config-level review did not explain (every change is in the JSON;
 * the rest is what the config review above already says). Descriptions are built with
 * `shown` already (deployedChangeBasics.ts); names go through `shown` here, and in Markdown
 * through forMarkdown / markdownCode (program/outputText.ts).
 */

const HEADING = "What each side would deploy";
const UNEXPLAINED = "Deployed but not explained by the config diff";

function summary(deployed: DeployedReview): string {
  if (deployed.notCompared !== undefined)
    return `Not compared: ${deployed.notCompared}. Counted as privilege gained: a human must review what this stack would deploy.`;
  if (deployed.baseRefused !== undefined) {
    const reason = deployed.baseRefused.split("\n")[0];
    return `The base would not deploy (${reason}), so what the head would deploy is not compared: the config review stands alone.`;
  }
  if (deployed.changes.length === 0)
    return "The program, run on each side's config, registers the same resources with the same inputs.";
  const gains = deployed.changes.filter((change) => change.gain).length;
  return `The program, run on each side's config: ${deployed.changes.length} resource change(s), ${gains} gaining privilege, ${deployed.unexplained.length} not explained by the config diff.`;
}

/** `app · Type name input` for a change, unescaped (callers escape for their format). */
function where(change: DeployedChange): { app?: string; name: string; input?: string } {
  return {
    ...(change.appKey === undefined ? {} : { app: shown(change.appKey) }),
    name: shown(change.resource),
    ...(change.input === undefined ? {} : { input: shown(change.input) }),
  };
}

function markdownRow(change: DeployedChange): string {
  const place = where(change);
  const app = place.app === undefined ? "" : `${markdownCode(place.app)} · `;
  const input = place.input === undefined ? "" : ` ${markdownCode(place.input)}`;
  const resource = `${forMarkdown(change.resourceType)} ${markdownCode(place.name)}`;
  return `- ⚠️ ${app}${resource}${input}: ${forMarkdown(change.description)}`;
}

/** The section as Markdown, for the pull-request comment. */
export function deployedMarkdown(deployed: DeployedReview): string[] {
  const lines = [`#### ${HEADING}`, "", forMarkdown(summary(deployed)), ""];
  if (deployed.unexplained.length > 0) {
    lines.push(
      "> [!CAUTION]",
      `> **${UNEXPLAINED}** (${deployed.unexplained.length}): the head would deploy this and the config review above does not show it. Find the route (an un-namespaced or merged key, a default, a moved or linked file) before approving.`,
      "",
      ...deployed.unexplained.map(markdownRow),
      "",
    );
  }
  return lines;
}

function textRow(change: DeployedChange, mark: string): string {
  const place = where(change);
  const app = place.app === undefined ? "" : `${place.app} · `;
  const input = place.input === undefined ? "" : ` ${place.input}`;
  return `  ${mark} ${app}${change.resourceType} ${place.name}${input}: ${change.description}`;
}

/** The section for a terminal; `paint` colours when the terminal is interactive. */
export function deployedText(
  deployed: DeployedReview,
  paint: (format: "bold" | "red", text: string) => string,
): string[] {
  const lines = ["", paint("bold", HEADING), `  ${summary(deployed)}`];
  if (deployed.unexplained.length > 0) {
    lines.push(
      paint("red", `  ${UNEXPLAINED.toUpperCase()} (${deployed.unexplained.length}):`),
      ...deployed.unexplained.map((change) => textRow(change, paint("red", "!"))),
    );
  }
  return lines;
}
