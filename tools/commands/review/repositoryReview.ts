import { styleText } from "util";
import { forMarkdown, markdownCode } from "../../../program/outputText";
import { reviewCodeChanges } from "./codeChanges";
import { GitPlace } from "./gitFiles";
import { GuardrailChange, reviewGuardrailConfig } from "./guardrailChanges";
import {
  commitRevision,
  projectPrefix,
  resolveCommit,
  Revision,
  workingTreeRevision,
} from "./revisionFiles";
import { shown } from "./settingChange";

/*
 * The part of a review that is about the repository rather than one stack: code that changed
 * (codeChanges.ts) and guardrail config that changed (guardrailChanges.ts), between the base and
 * the head (a commit given with --head, else the working tree).
 */

export interface RepositoryReview {
  base: string;
  head: string;
  /** Paths that are run, not read as data: each needs a human review (exit 3). */
  codeChanged: { path: string; why?: string }[];
  guardrailChanges: GuardrailChange[];
  /** A head guardrail config Pulumi would refuse, or one review cannot read as a file (exit 1). */
  problems: string[];
}

export const CODE_CHANGED_HEADLINE =
  "code that decides what deploys (or how it is checked) changed: needs a human review";

/** The repository review between `base` (a commit) and `headRef` (a commit, or the working tree). */
export function reviewRepository(
  place: GitPlace,
  base: { commit: string; label: string },
  headRef: string | undefined,
): RepositoryReview {
  const baseSide = commitRevision(place, resolveCommit(place, base.commit, "--base"), base.label);
  const head: Revision =
    headRef === undefined
      ? workingTreeRevision(place)
      : commitRevision(place, resolveCommit(place, headRef, "--head"), headRef);
  const prefix = projectPrefix(place);
  const paths = reviewCodeChanges(place, baseSide as Revision & { commit: string }, head, prefix);
  const guardrailChanges: GuardrailChange[] = [];
  const problems: string[] = [];
  for (const file of paths.guardrail) {
    const kind = head.kind(file);
    if (kind !== undefined && kind !== "file") {
      problems.push(
        `${file} at ${head.label} is a ${kind}, not a file: Pulumi reads what it points at, which review does not follow; make it a regular JSON file`,
      );
      continue;
    }
    const review = reviewGuardrailConfig(file, baseSide.read(file), head.read(file));
    guardrailChanges.push(...review.changes);
    problems.push(...review.problems);
  }
  return {
    base: base.label,
    head: head.label,
    codeChanged: paths.code,
    guardrailChanges,
    problems,
  };
}

/** Whether this part of the review gains privilege: any code change, any guardrail relaxation. */
export function repositoryGainsPrivilege(review: RepositoryReview | undefined): boolean {
  return (
    review !== undefined &&
    (review.codeChanged.length > 0 || review.guardrailChanges.some((change) => change.gain))
  );
}

export function repositoryMarkdown(review: RepositoryReview | undefined): string {
  if (!review) return "";
  const lines: string[] = [];
  if (review.guardrailChanges.length > 0) {
    lines.push(
      `### Guardrail policy config compared with ${markdownCode(shown(review.base))}`,
      "",
      ...review.guardrailChanges.map(
        (change) =>
          `- ${change.gain ? "⚠️ " : ""}${markdownCode(shown(change.file))}: ${forMarkdown(change.description)}`,
      ),
      "",
    );
  }
  if (review.codeChanged.length > 0) {
    lines.push(
      `### ⚠️ ${forMarkdown(CODE_CHANGED_HEADLINE)}`,
      "",
      "> [!WARNING]",
      "> These files are run, not read as data: this review cannot tell what they grant. Read each one before approving.",
      "",
      ...review.codeChanged.map(
        (change) =>
          `- ${markdownCode(shown(change.path))}${change.why ? `: ${forMarkdown(change.why)}` : ""}`,
      ),
      "",
    );
  }
  return lines.join("\n").trimEnd();
}

export function repositoryText(review: RepositoryReview | undefined, colour: boolean): string {
  if (!review) return "";
  const red = (text: string) => (colour ? styleText(["bold", "red"], text) : text);
  const lines: string[] = [];
  if (review.guardrailChanges.length > 0) {
    lines.push(`guardrail policy config compared with ${shown(review.base)}`);
    for (const change of review.guardrailChanges)
      lines.push(`  ${change.gain ? red("!") : "~"} ${shown(change.file)}: ${change.description}`);
  }
  if (review.codeChanged.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(red(`  ${CODE_CHANGED_HEADLINE.toUpperCase()}`));
    for (const change of review.codeChanged)
      lines.push(`  ! ${shown(change.path)}${change.why ? `: ${change.why}` : ""}`);
  }
  return lines.join("\n");
}

/** The fields a JSON review gains (redacted and escaped with the rest by reviewJson). */
export function repositoryJson(review: RepositoryReview | undefined): Record<string, unknown> {
  if (!review) return {};
  return {
    privilegeGained: repositoryGainsPrivilege(review),
    codeChanged: review.codeChanged,
    needsHumanReview: review.codeChanged.length > 0,
    guardrailChanges: review.guardrailChanges,
  };
}
