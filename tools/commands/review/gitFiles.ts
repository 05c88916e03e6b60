import { execFileSync } from "child_process";
import * as path from "path";

/** A git command failed or a ref does not exist: exit code 2. */
export class GitError extends Error {}

/** Where git runs: the project folder, with the command's environment (never process.env). */
export interface GitPlace {
  dir: string;
  env: NodeJS.ProcessEnv;
}

function git(place: GitPlace, args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: place.dir,
      env: place.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new GitError(
        "git is not on PATH; install git, or compare two files with --before/--after",
      );
    const stderr = String((error as { stderr?: string }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new GitError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/**
 * The file's text at `ref`, or undefined when it did not exist there (a new stack). Any other git
 * failure is an error: a file git could not show is never taken for a new stack.
 */
export function fileAtRef(place: GitPlace, ref: string, file: string): string | undefined {
  verifyRef(place, ref);
  const inDir = path.relative(place.dir, path.resolve(place.dir, file)).split(path.sep).join("/");
  const relative = path.posix.normalize(git(place, ["rev-parse", "--show-prefix"]).trim() + inDir);
  if (relative.startsWith("../") || path.isAbsolute(inDir))
    throw new GitError(`${file} is outside the git repository of ${place.dir}`);
  const listed = git(place, ["ls-tree", "--full-tree", "--name-only", ref, "--", relative]);
  if (listed.trim() === "") return undefined;
  return git(place, ["show", `${ref}:${relative}`]);
}

export function verifyRef(place: GitPlace, ref: string, option = "--base"): void {
  try {
    git(place, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch (error) {
    if (/not a git repository/i.test((error as Error).message))
      throw new GitError(
        `${place.dir} is not in a git repository; run review in a checkout, or use --before/--after`,
      );
    throw new GitError(
      `"${ref}" is not a commit in this repository; pass ${option} <branch, tag or commit>`,
    );
  }
}

/**
 * Where a pull request starts: the merge base of HEAD with the default branch (origin's HEAD,
 * else origin/main, origin/master, main, master). `why` says so in words, for stderr: a newcomer
 * who committed an app locally and reviews it sees every app of that commit as added, and is told
 * that --base HEAD reviews only what changed since.
 */
export function defaultBase(
  place: GitPlace,
  head = "HEAD",
): { commit: string; label: string; why: string[] } {
  const candidates: string[] = [];
  try {
    candidates.push(
      git(place, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]).trim(),
    );
  } catch {
    // no remote HEAD recorded; try the usual names
  }
  candidates.push("origin/main", "origin/master", "main", "master");
  for (const candidate of candidates) {
    try {
      verifyRef(place, candidate);
      const commit = git(place, ["merge-base", head, candidate]).trim();
      return {
        commit,
        label: `${candidate} (merge base ${commit.slice(0, 7)})`,
        why: baseReasons(place, candidate, commit, head),
      };
    } catch {
      // try the next name
    }
  }
  throw new GitError(
    "found no default branch (origin/HEAD, origin/main, main, ...) to compare with; pass --base <ref>",
  );
}

function baseReasons(place: GitPlace, branch: string, commit: string, head: string): string[] {
  const short = commit.slice(0, 7);
  const why = [
    `review: base ${branch} at ${short}, where ${head} and ${branch} last met (no --base given): this is what a pull request into ${branch} would change. Pass --base <ref> to compare with another commit.`,
  ];
  // Commits no remote has are the user's own: whatever they add is reviewed as new.
  const local = Number(
    git(place, ["rev-list", "--count", `${commit}..${head}`, "--not", "--remotes"]).trim(),
  );
  if (local > 0) {
    why.push(
      `review: ${local} commit${local === 1 ? "" : "s"} since ${short} ${local === 1 ? "is" : "are"} on no remote, so what ${local === 1 ? "it adds" : "they add"} shows as added (a new app as a whole). To review only what changed since your last commit: --base HEAD.`,
    );
  }
  return why;
}

/**
 * Stack files (`Pulumi.<stack>.yaml` in the project folder) that differ from `base`, new ones
 * included: in the working tree, or at the commit `head`.
 */
export function changedStackFiles(place: GitPlace, base: string, head?: string): string[] {
  verifyRef(place, base);
  if (head !== undefined) verifyRef(place, head, "--head");
  const pattern = "Pulumi.*.yaml";
  const range = head === undefined ? [base] : [base, head];
  const changed = git(place, ["diff", "--name-only", "--relative", ...range, "--", pattern]);
  const untracked =
    head === undefined
      ? git(place, ["ls-files", "--others", "--exclude-standard", "--", pattern])
      : "";
  return [...new Set([...changed.split("\n"), ...untracked.split("\n")])]
    .filter((file) => /^Pulumi\.[^/]+\.yaml$/.test(file))
    .sort();
}
