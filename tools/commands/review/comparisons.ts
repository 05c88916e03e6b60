import * as fs from "fs";
import * as path from "path";
import { showValue } from "../../../program/config/redaction";
import { stackFilePath } from "../../stack-files/readStackFile";
import { changedStackFiles, defaultBase, fileAtRef, GitError, GitPlace } from "./gitFiles";
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
    // Read first: a stack that does not exist is an error, whatever the base holds.
    const afterText = readFile(
      place.dir,
      file,
      `pick an existing stack (ls Pulumi.*.yaml), or use --all-stacks to review deleted ones`,
    );
    return [versions(place, baseOf(options, place), file, afterText)];
  }
  const base = baseOf(options, place);
  const changed = changedStackFiles(place, base.commit);
  // A stack file whose certificate files changed is a changed stack too.
  const certificatesChanged = fs
    .readdirSync(place.dir)
    .filter((file) => /^Pulumi\.[^/]+\.yaml$/.test(file) && !changed.includes(file))
    .filter((file) => pemFilesChanged(place, base.commit, readFile(place.dir, file)));
  return [...changed, ...certificatesChanged].sort().map((file) =>
    versions(
      place,
      base,
      file,
      // A stack file deleted since the base: every app in it is reviewed as removed.
      fs.existsSync(path.join(place.dir, file)) ? readFile(place.dir, file) : undefined,
    ),
  );
}

/** One stack file at the base (its certificate files read at the base too) and now. */
function versions(
  place: GitPlace,
  base: { commit: string; label: string },
  file: string,
  afterText: string | undefined,
): Comparison {
  const before = inlinePemFiles(
    fileAtRef(place, base.commit, file),
    baseReader(place, base.commit),
  );
  const after = inlinePemFiles(afterText, workingTreeReader(place.dir));
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

function pemFilesChanged(place: GitPlace, commit: string, text: string): boolean {
  const now = workingTreeReader(place.dir);
  const then = baseReader(place, commit);
  return pemFilesIn(text).some((file) => now(file) !== then(file));
}

function baseOf(options: ComparisonOptions, place: GitPlace): { commit: string; label: string } {
  return options.base ? { commit: options.base, label: options.base } : defaultBase(place);
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
