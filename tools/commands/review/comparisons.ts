import * as fs from "fs";
import * as path from "path";
import { showValue } from "../../../program/config/redaction";
import { stackFileConfig } from "../../stack-files/loadStackConfig";
import { StackFileError } from "../../stack-files/stackFileError";
import { defaultBase, GitError, GitPlace, verifyRef } from "./gitFiles";
import { inlinePemFiles } from "./pemFiles";
import { resolveCommit } from "./revisionFiles";
import { commitSide, loadSide, ReviewSide, workingTreeSide } from "./stackSides";

/**
 * A comparison to make: each side's config as `pulumi up` would hand it to the program there
 * (undefined = the stack did not exist), certificate files inlined, and labels.
 */
export interface Comparison {
  stackFile: string;
  base: string;
  beforeConfig: Record<string, string> | undefined;
  afterConfig: Record<string, string> | undefined;
  /** Certificates of the new version read from their pemFile (see pemFiles.ts). */
  afterPemFiles: string[];
  /** Keys whose values are encrypted on each side (compared by presence only). */
  beforeSecureKeys: string[];
  afterSecureKeys: string[];
}

export interface ComparisonOptions {
  stack?: string;
  base?: string;
  before?: string;
  after?: string;
  allStacks?: boolean;
  /** Read the new version from this commit (as data, never checked out) instead of the working tree. */
  head?: string;
}

/** A usage mistake found while choosing what to compare: exit 1. */
export class UsageError extends Error {}

/** A file that does not exist or cannot be read: exit 2 (GitError is the same class). */
export class FileReadError extends GitError {}

/** What to compare: two sides of a git range read as Pulumi reads a project, or two files. */
export function chooseComparisons(options: ComparisonOptions, place: GitPlace): Comparison[] {
  const modes = [
    options.stack !== undefined,
    options.before !== undefined || options.after !== undefined,
    options.allStacks === true,
  ];
  if (modes.filter(Boolean).length !== 1) {
    throw new UsageError(
      "review: give one of --stack <name>, --before <file> --after <file>, or --all-stacks",
    );
  }
  if (options.before !== undefined || options.after !== undefined) {
    // --after alone reviews a new stack file (adopt --config-out's): every app in it is new.
    if (!options.after) throw new UsageError("review: --before and --after go together");
    if (options.head !== undefined)
      throw new UsageError("review: --head reads from git; it does not go with --before/--after");
    const was = options.before
      ? stackFileConfig(readFile(place.dir, options.before), options.before)
      : { config: undefined, secureKeys: [] };
    const is = stackFileConfig(readFile(place.dir, options.after), options.after);
    return [
      {
        stackFile: options.after,
        base: options.before ?? "no file (a new stack file)",
        beforeConfig: was.config,
        afterConfig: is.config,
        afterPemFiles: [],
        beforeSecureKeys: was.secureKeys,
        afterSecureKeys: is.secureKeys,
      },
    ];
  }
  const range = reviewRange(options, place)!;
  // A missing repository or ref is named as such, before any file is read.
  verifyRef(place, range.base.commit, "--base");
  if (range.head !== undefined) verifyRef(place, range.head, "--head");
  const base = commitSide(
    place,
    resolveCommit(place, range.base.commit, "--base"),
    range.base.label,
  );
  const head =
    range.head === undefined
      ? workingTreeSide(place)
      : commitSide(place, resolveCommit(place, range.head, "--head"), range.head);
  if (options.stack !== undefined) {
    if (!/^[A-Za-z0-9_.-]+$/.test(options.stack) || /^\.+$/.test(options.stack))
      throw new UsageError(
        `review: --stack takes a stack name as in Pulumi.<name>.yaml (letters, digits, - _ .), not ${showValue(options.stack)}`,
      );
    const comparison = compare(base, head, options.stack, range.base.label);
    // A stack that does not exist is an error, whatever the base holds.
    if (comparison.afterConfig === undefined)
      throw new FileReadError(
        `review: cannot read ${comparison.stackFile}: does not exist (${head.label}); pick an existing stack (ls Pulumi.*.yaml), or use --all-stacks to review deleted ones`,
      );
    return [comparison];
  }
  // Every stack either side has; a stack whose deployed config is the same on both is unchanged.
  const stacks = [...new Set([...base.stackNames(), ...head.stackNames()])].sort();
  return stacks
    .map((stack) => compare(base, head, stack, range.base.label))
    .filter(
      (c) =>
        !sameConfig(c.beforeConfig, c.afterConfig) ||
        c.beforeSecureKeys.join() !== c.afterSecureKeys.join(),
    );
}

/**
 * The git range a review covers: undefined for --before/--after (two files, no repository).
 * Code and guardrail changes are reviewed over the same range (repositoryReview.ts).
 */
export function reviewRange(
  options: ComparisonOptions,
  place: GitPlace,
): { base: { commit: string; label: string; why?: string[] }; head?: string } | undefined {
  if (options.before !== undefined || options.after !== undefined) return undefined;
  return { base: baseOf(options, place), head: options.head };
}

function compare(base: ReviewSide, head: ReviewSide, stack: string, baseLabel: string): Comparison {
  const is = loadSide(head, stack);
  let was: ReturnType<typeof loadSide>;
  try {
    was = loadSide(base, stack);
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    // A base this loader refuses (written before it, say) must not block the pull request that
    // fixes it: the head is reviewed against nothing, so every app and way in is a gain.
    const after = inlinePemFiles(is?.config, head.readPem);
    return {
      stackFile: is?.stackFile ?? `Pulumi.${stack}.yaml`,
      base: `${baseLabel}, where it cannot be read as Pulumi reads it: every app is reviewed as new`,
      beforeConfig: undefined,
      afterConfig: after.config,
      afterPemFiles: after.inlined,
      beforeSecureKeys: [],
      afterSecureKeys: is?.secureKeys ?? [],
    };
  }
  const before = inlinePemFiles(was?.config, base.readPem);
  const after = inlinePemFiles(is?.config, head.readPem);
  return {
    stackFile: is?.stackFile ?? was?.stackFile ?? `Pulumi.${stack}.yaml`,
    base: baseLabel,
    beforeConfig: before.config,
    afterConfig: after.config,
    afterPemFiles: after.inlined,
    beforeSecureKeys: was?.secureKeys ?? [],
    afterSecureKeys: is?.secureKeys ?? [],
  };
}

function sameConfig(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = Object.keys(a).sort();
  return (
    JSON.stringify(keys) === JSON.stringify(Object.keys(b).sort()) &&
    keys.every((key) => a[key] === b[key])
  );
}

function baseOf(
  options: ComparisonOptions,
  place: GitPlace,
): { commit: string; label: string; why?: string[] } {
  return options.base
    ? { commit: options.base, label: options.base }
    : defaultBase(place, options.head);
}

function readFile(dir: string, file: string, fix = "check the path"): string {
  try {
    return fs.readFileSync(path.resolve(dir, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const what = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : "";
    throw new FileReadError(
      `review: cannot read ${file}: ${what ? `${what} (${code})` : code}; ${fix}`,
    );
  }
}
