import * as fs from "fs";
import { z } from "zod";
import { escapeInvisible, redactInput, showValue } from "../../program/config/redaction";

/** Where outputs came from and what to do when they cannot be used, for messages. */
export interface OutputsSource {
  /** The command, which starts every message: `verify`, `expiry`. */
  command: string;
  /** `outputs.json`, or `the outputs of stack prod`. */
  source: string;
  /** How to get outputs that can be read, e.g. how to save them again. */
  fix: string;
}

/** Outputs a command cannot use: exit 2, or 1 when all that is wrong is a date it cannot read. */
export class StackOutputsError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "StackOutputsError";
  }
}

/** Reads a saved outputs file: exit 2 when it cannot be read. */
export function readOutputsFile(file: string, from: OutputsSource): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const what = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : code;
    throw new StackOutputsError(
      `${from.command}: cannot read ${from.source}: ${what}; ${from.fix}`,
      2,
    );
  }
}

/**
 * Parses outputs JSON with `schema`, reporting every problem at once, each with its path. The
 * text may hold secrets (--show-secrets): it is never echoed, and a value only when it is short
 * and plain (a date, a number, a word) and not under `clientSecrets`.
 */
export function parseStackOutputs<S extends z.ZodType>(
  text: string,
  schema: S,
  from: OutputsSource,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StackOutputsError(`${from.command}: ${from.source} is not JSON; ${from.fix}`, 2);
  }
  const result = schema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const allDates = issues.every(
    (issue) => issue.code === "custom" && issue.params?.unreadableDate === true,
  );
  throw new StackOutputsError(
    [
      `${from.command}: ${from.source} cannot be used (${count}); ${from.fix}:`,
      ...issues.map((issue) => `  - ${describe(issue)}`),
    ].join("\n"),
    allDates ? 1 : 2,
  );
}

/** What may be shown of a value from the outputs: numbers, booleans and short plain words. */
const PLAIN_SHORT = /^[A-Za-z0-9 :.+-]{0,30}$/;

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (joined, segment) =>
      typeof segment === "number"
        ? `${joined}[${segment}]`
        : `${joined}${joined ? "." : ""}${escapeInvisible(redactInput(String(segment)))}`,
    "",
  );
  const value = issue.input;
  const echo =
    issue.path[0] !== "clientSecrets" &&
    (typeof value === "number" ||
      typeof value === "boolean" ||
      value === null ||
      (typeof value === "string" && PLAIN_SHORT.test(value)));
  return `${path || "(the whole file)"}${echo ? ` = ${showValue(value)}` : ""}: ${issue.message}`;
}
