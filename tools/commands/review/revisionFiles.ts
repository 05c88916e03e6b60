import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GitError, GitPlace } from "./gitFiles";

/*
 * The two sides of a review read as data: a commit through `git show` / `git ls-tree`, or the
 * working tree. Nothing here runs a file it reads, so the head of a pull request can be reviewed
 * by the base's code without checking it out. Paths are repository-relative POSIX paths, as git
 * prints them.
 */

/** What a path holds on one side: a regular file, a symbolic link, a submodule, or nothing. */
export type EntryKind = "file" | "symlink" | "submodule" | "other" | undefined;

/** One side of a review. */
export interface Revision {
  /** A commit, or undefined for the working tree. */
  commit: string | undefined;
  /** For messages: the ref as given, or "working tree". */
  label: string;
  kind(repoPath: string): EntryKind;
  /** A regular file's text (a symbolic link's own text, its target, at a commit). */
  read(repoPath: string): string | undefined;
}

/** A path that differs between base and head, with its mode on each side ("000000": absent). */
export interface ChangedEntry {
  path: string;
  oldMode: string;
  newMode: string;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

export function git(place: GitPlace, args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: place.dir,
      env: place.env,
      encoding: "utf8",
      maxBuffer: MAX_OUTPUT,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new GitError("git is not on PATH; install git to review against a git ref");
    const stderr = String((error as { stderr?: string }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new GitError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/** The project folder's path inside its repository ("" at the top, else "sub/dir/"). */
export function projectPrefix(place: GitPlace): string {
  return git(place, ["rev-parse", "--show-prefix"]).trim();
}

export function repositoryTop(place: GitPlace): string {
  return git(place, ["rev-parse", "--show-toplevel"]).trim();
}

/** A commit of this repository, resolved to its full hash; GitError naming the option when not. */
export function resolveCommit(place: GitPlace, ref: string, option: string): string {
  try {
    return git(place, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(
      `"${ref}" is not a commit in this repository; pass ${option} <branch, tag or commit>`,
    );
  }
}

const KINDS: Record<string, EntryKind> = {
  "100644": "file",
  "100755": "file",
  "120000": "symlink",
  "160000": "submodule",
};

/** A commit read as data. */
export function commitRevision(place: GitPlace, commit: string, label = commit): Revision {
  const kind = (repoPath: string): EntryKind => {
    // Literal: a path is never read as pathspec magic (":(glob)...").
    const listed = git(place, [
      "--literal-pathspecs",
      "ls-tree",
      "-z",
      "--full-tree",
      commit,
      "--",
      repoPath,
    ]);
    if (listed === "") return undefined;
    return KINDS[listed.split(" ")[0]] ?? "other";
  };
  return {
    commit,
    label,
    kind,
    read: (repoPath) => {
      const found = kind(repoPath);
      if (found !== "file" && found !== "symlink") return undefined;
      return git(place, ["show", `${commit}:${repoPath}`]);
    },
  };
}

/** The working tree of the repository `place` is in. */
export function workingTreeRevision(place: GitPlace): Revision {
  const top = repositoryTop(place);
  const kind = (repoPath: string): EntryKind => {
    try {
      const stat = fs.lstatSync(path.join(top, repoPath));
      if (stat.isSymbolicLink()) return "symlink";
      if (stat.isFile()) return "file";
      return stat.isDirectory() ? "submodule" : "other";
    } catch {
      return undefined;
    }
  };
  return {
    commit: undefined,
    label: "working tree",
    kind,
    read: (repoPath) =>
      kind(repoPath) === "file" ? fs.readFileSync(path.join(top, repoPath), "utf8") : undefined,
  };
}

/**
 * Every path that differs between `base` and the head (a commit, or the working tree with its
 * untracked files), mode changes included (a file turned into a symbolic link), rename
 * detection off so a moved file lists both its old and its new path.
 */
export function changedEntries(place: GitPlace, base: string, head: Revision): ChangedEntry[] {
  const range = head.commit === undefined ? [base] : [base, head.commit];
  const raw = git(place, [
    "diff",
    "--raw",
    "-z",
    "--no-renames",
    "--no-relative",
    "--no-ext-diff",
    "--ignore-submodules=none",
    ...range,
    "--",
  ]).split("\0");
  const entries: ChangedEntry[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const [oldMode, newMode] = raw[index].replace(/^:/, "").split(" ");
    entries.push({ path: raw[index + 1], oldMode, newMode });
  }
  if (head.commit === undefined) {
    const untracked = git(place, [
      "ls-files",
      "-z",
      "--others",
      "--exclude-standard",
      "--full-name",
      "--",
      ":/",
    ]);
    for (const file of untracked.split("\0").filter(Boolean)) {
      const kind = head.kind(file);
      entries.push({
        path: file,
        oldMode: "000000",
        newMode: kind === "symlink" ? "120000" : "100644",
      });
    }
  }
  return [...new Map(entries.map((entry) => [entry.path, entry])).values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}
