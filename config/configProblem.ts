import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with the stack config: where, what was found, and what to do instead. */
export interface ConfigProblem {
  /** Path under the `entra-graph-apps` namespace, e.g. `apps.mail-alerts.clientSecret.expiresOn`. */
  path: string;
  /** The offending value as written, or undefined when a required setting is missing. */
  value: unknown;
  /** What is wrong and how to fix it. */
  message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const shown = problem.value === undefined ? "" : ` = ${showValue(problem.value)}`;
  return `${problem.path}${shown}: ${problem.message}`;
}

export function formatProblems(problems: ConfigProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return [
    `entra-graph-apps: stack config has ${count}; nothing was created or changed:`,
    ...problems.map((problem) => `  - ${formatProblem(problem)}`),
  ].join("\n");
}

/**
 * Thrown for user mistakes in stack config. A RunError, so `pulumi up` prints the message
 * without a stack trace.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "StackConfigError";
  }
}

function showValue(value: unknown): string {
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
