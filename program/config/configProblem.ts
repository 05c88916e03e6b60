import { forTerminal } from "../outputText";
import { escapeInvisible, mayEcho, redactInput, showValue } from "./redaction";

/** One thing wrong with the stack config: where, what was found, and what to do instead. */
export interface ConfigProblem {
  /** Path under the `entra-graph-apps` namespace, e.g. `apps.mail-alerts.clientSecret.expiresOn`. */
  path: string;
  /** The offending value as written, or undefined when a required setting is missing. */
  value: unknown;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * `path = value: message`, through the one redaction rule: no value under a credential setting,
 * key material masked wherever it appears (paths too: they hold map keys the user wrote). Then
 * the one escaping rule (program/outputText.ts): one line, whatever a message quotes, with no
 * control or invisible character and no GitHub workflow command, since `pulumi up` prints it
 * in CI logs with no guard of ours in between.
 */
export function formatProblem(problem: ConfigProblem): string {
  const path = escapeInvisible(redactInput(problem.path));
  const hidden = problem.value === undefined || !mayEcho(problem.path, problem.value);
  const shown = hidden ? "" : ` = ${showValue(problem.value)}`;
  return forTerminal(`${path}${shown}: ${redactInput(problem.message)}`);
}

/** Problems printed in full; past this a mistake repeated thousands of times is only counted. */
export const MAX_PROBLEMS_SHOWN = 500;

export function formatProblems(problems: ConfigProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const more = problems.length - MAX_PROBLEMS_SHOWN;
  return [
    `entra-graph-apps: stack config has ${count}; nothing was created or changed:`,
    ...problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `  - ${formatProblem(problem)}`),
    ...(more > 0 ? [`  ... and ${more} more (fix these first, then run again)`] : []),
  ].join("\n");
}

/**
 * Thrown by config reading for user mistakes. The program turns it into a StackConfigError (a
 * Pulumi RunError: no stack trace under `pulumi up`); commands print its message. Kept free of
 * the Pulumi SDK, so the tools that only read config do not load it.
 */
export class ConfigProblemsError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigProblemsError";
  }
}
