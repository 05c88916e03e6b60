import * as fs from "fs";
import * as path from "path";
import { showValue } from "../../../program/config/redaction";
import { stackFilePath } from "../../stack-files/readStackFile";
import { changedStackFiles, defaultBase, fileAtRef, GitError, GitPlace } from "./gitFiles";
import { git } from "./revisionFiles";
import { inlinePemFiles, pemFilesIn, ReadProjectFile, workingTreeReader } from "./pemFiles";

/** A comparison to make: the two texts (undefined = the file did not exist) and their labels. */
export interface Comparison {
  stackFile: string;
  base: string;
  beforeText: string | undefined;
  afterText: string | undefined;
  /** Certificates of the new version read from their pemFile (see pemFiles.ts). */
  afterPemFiles: string[];
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

/** What to compare, read from the working tree, git, or two files (relative to `place.dir`). */
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
    if (!options.before || !options.after)
      throw new UsageError("review: --before and --after go together");
    if (options.head !== undefined)
      throw new UsageError("review: --head reads from git; it does not go with --before/--after");
    return [
      {
        stackFile: options.after,
        base: options.before,
        beforeText: readFile(place.dir, options.before),
        afterText: readFile(place.dir, options.after),
        afterPemFiles: [],
      },
    ];
  }
  if (options.stack !== undefined) {
    if (!/^[A-Za-z0-9_.-]+$/.test(options.stack) || /^\.+$/.test(options.stack))
      throw new UsageError(
        `review: --stack takes a stack name as in Pulumi.<name>.yaml (letters, digits, - _ .), not ${showValue(options.stack)}`,
      );
    const file = path.relative(place.dir, stackFilePath(place.dir, options.stack));
    const fix = `pick an existing stack (ls Pulumi.*.yaml), or use --all-stacks to review deleted ones`;
    // Read first: a stack that does not exist is an error, whatever the base holds.
    const afterText =
      options.head === undefined
        ? readFile(place.dir, file, fix)
        : headFile(place, options.head, file, fix);
    return [versions(place, baseOf(options, place), file, afterText, options.head)];
  }
  const base = baseOf(options, place);
  const head = options.head;
  const changed = changedStackFiles(place, base.commit, head);
  const now = (file: string) =>
    head === undefined
      ? fs.existsSync(path.join(place.dir, file))
        ? readFile(place.dir, file)
        : undefined
      : fileAtRef(place, head, file);
  // A stack file whose certificate files changed is a changed stack too.
  const certificatesChanged = stackFilesAt(place, head)
    .filter((file) => !changed.includes(file))
    .filter((file) => pemFilesChanged(place, base.commit, now(file) ?? "", head));
  return [...changed, ...certificatesChanged].sort().map((file) =>
    // A stack file deleted since the base: every app in it is reviewed as removed.
    versions(place, base, file, now(file), head),
  );
}

/**
 * The git range a review covers: undefined for --before/--after (two files, no repository).
 * Code and guardrail changes are reviewed over the same range (repositoryReview.ts).
 */
export function reviewRange(
  options: ComparisonOptions,
  place: GitPlace,
): { base: { commit: string; label: string }; head?: string } | undefined {
  if (options.before !== undefined || options.after !== undefined) return undefined;
  return { base: baseOf(options, place), head: options.head };
}

function stackFilesAt(place: GitPlace, head: string | undefined): string[] {
  const names =
    head === undefined
      ? fs.readdirSync(place.dir)
      : git(place, ["ls-tree", "--name-only", head, "--", "."]).split("\n");
  return names.filter((file) => /^Pulumi\.[^/]+\.yaml$/.test(file));
}

function headFile(place: GitPlace, head: string, file: string, fix: string): string {
  const text = fileAtRef(place, head, file);
  if (text === undefined)
    throw new FileReadError(`review: cannot read ${file}: does not exist at ${head}; ${fix}`);
  return text;
}

/** One stack file at the base (its certificate files read at the base too) and now. */
function versions(
  place: GitPlace,
  base: { commit: string; label: string },
  file: string,
  afterText: string | undefined,
  head: string | undefined,
): Comparison {
  const before = inlinePemFiles(
    fileAtRef(place, base.commit, file),
    baseReader(place, base.commit),
  );
  const after = inlinePemFiles(
    afterText,
    head === undefined ? workingTreeReader(place.dir) : baseReader(place, head),
  );
  return {
    stackFile: file,
    base: base.label,
    beforeText: before.text,
    afterText: after.text,
    afterPemFiles: after.inlined,
  };
}

/**
 * Reads a certificate file at the base. One it cannot read there becomes an empty certificate
 * (invalid, so left out of the old version): never the working tree's, which would hide a new one.
 */
function baseReader(place: GitPlace, commit: string): ReadProjectFile {
  return (file) => {
    try {
      return fileAtRef(place, commit, file) ?? "";
    } catch {
      return "";
    }
  };
}

function pemFilesChanged(
  place: GitPlace,
  commit: string,
  text: string,
  head: string | undefined,
): boolean {
  const now = head === undefined ? workingTreeReader(place.dir) : baseReader(place, head);
  const then = baseReader(place, commit);
  return pemFilesIn(text).some((file) => now(file) !== then(file));
}

function baseOf(options: ComparisonOptions, place: GitPlace): { commit: string; label: string } {
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
