import { execFileSync } from "child_process";
import * as path from "path";

/** A git command failed or a ref does not exist: exit code 2. */
export class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new GitError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/** The file's text at `ref`, or undefined when it did not exist there (a new stack). */
export function fileAtRef(projectDir: string, ref: string, file: string): string | undefined {
  verifyRef(projectDir, ref);
  const relative = path.relative(
    git(projectDir, ["rev-parse", "--show-toplevel"]).trim(),
    path.resolve(projectDir, file),
  );
  try {
    return execFileSync("git", ["show", `${ref}:${relative.split(path.sep).join("/")}`], {
      cwd: projectDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch {
    return undefined;
  }
}

function verifyRef(projectDir: string, ref: string): void {
  try {
    git(projectDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new GitError(
      `"${ref}" is not a commit in this repository; pass --base <branch, tag or commit>`,
    );
  }
}

/**
 * Where a pull request starts: the merge base of HEAD with the default branch (origin's HEAD,
 * else origin/main, origin/master, main, master).
 */
export function defaultBase(projectDir: string): { commit: string; label: string } {
  const candidates: string[] = [];
  try {
    candidates.push(
      git(projectDir, ["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]).trim(),
    );
  } catch {
    // no remote HEAD recorded; try the usual names
  }
  candidates.push("origin/main", "origin/master", "main", "master");
  for (const candidate of candidates) {
    try {
      verifyRef(projectDir, candidate);
      const commit = git(projectDir, ["merge-base", "HEAD", candidate]).trim();
      return { commit, label: `${candidate} (merge base ${commit.slice(0, 7)})` };
    } catch {
      // try the next name
    }
  }
  throw new GitError(
    "found no default branch (origin/HEAD, origin/main, main, ...) to compare with; pass --base <ref>",
  );
}

/** Stack files (`Pulumi.<stack>.yaml` in the project folder) that differ from `base`, new ones included. */
export function changedStackFiles(projectDir: string, base: string): string[] {
  verifyRef(projectDir, base);
  const pattern = "Pulumi.*.yaml";
  const changed = git(projectDir, ["diff", "--name-only", "--relative", base, "--", pattern]);
  const untracked = git(projectDir, ["ls-files", "--others", "--exclude-standard", "--", pattern]);
  return [...new Set([...changed.split("\n"), ...untracked.split("\n")])]
    .filter((file) => /^Pulumi\.[^/]+\.yaml$/.test(file))
    .sort();
}
