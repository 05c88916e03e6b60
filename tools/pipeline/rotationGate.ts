/**
 * Whether the scheduled rotation may run `pulumi up` on a stack with main's code:
 *
 *   npx ts-node --transpile-only pipeline/rotationGate.ts <stack>     (after az login and the Pulumi CLI)
 *
 * The rotation signs in with the main-branch credential, which the deploy identity trusts for
 * every stack, prod included, without the production environment's approval. So for a stack
 * that deploy.yml deploys behind an environment (prod), the rotation applies main only when
 * main holds nothing that stack has not already run: it reads the commit of the stack's last
 * update (`git.head` in `pulumi stack history`, recorded by every `pulumi up`) and compares it
 * with main over the paths that trigger deploy.yml. A change still waiting for (or refused) its
 * approval therefore never reaches prod through the rotation; the rotation waits (a warning),
 * and the expiry check after it still warns long before a secret ends. Stacks deployed without
 * approval (dev) always rotate.
 *
 * Writes `rotate=true|false` to $GITHUB_OUTPUT. Exit 0, or 1 when the history cannot be read.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** What the gate decided, and why (a GitHub annotation). */
export interface GateDecision {
  rotate: boolean;
  level: "notice" | "warning";
  message: string;
}

/** The git questions the gate asks about a commit, against the checked-out main. */
export interface GitQueries {
  /** The commit exists in this clone and is in main's history. */
  onMain(sha: string): boolean;
  /** Files matching the pathspecs that differ between the commit and HEAD. */
  changedSince(sha: string, pathspecs: string[]): string[];
}

/** The approval environment of the deploy.yml job that deploys `stack`, if any. */
export function approvalEnvironment(deployWorkflow: string, stack: string): string | undefined {
  const jobs = (parse(deployWorkflow)?.jobs ?? {}) as Record<
    string,
    { env?: Record<string, string>; environment?: string | { name: string } }
  >;
  const job = Object.values(jobs).find((candidate) => candidate.env?.STACK === stack);
  const environment = job?.environment;
  return typeof environment === "string" ? environment : environment?.name;
}

/** deploy.yml's push paths (what a deployment depends on) as git pathspecs, the workflow itself left out. */
export function deployPathspecs(deployWorkflow: string): string[] {
  const paths: string[] = parse(deployWorkflow)?.on?.push?.paths ?? [];
  return paths
    .filter((pattern) => !pattern.startsWith(".github/"))
    .map((pattern) => `:(glob)${pattern}`);
}

/** The decision, from the stack's newest history entry (`pulumi stack history --json --page-size 1`). */
export function rotationGate(
  stack: string,
  environment: string | undefined,
  history: unknown,
  pathspecs: string[],
  git: GitQueries,
): GateDecision {
  if (!environment)
    return {
      rotate: true,
      level: "notice",
      message: `${stack} deploys without approval: the rotation applies main`,
    };
  const latest = Array.isArray(history) ? history[0] : undefined;
  if (!latest) {
    return {
      rotate: false,
      level: "warning",
      message: `${stack} has no update yet: nothing to rotate until deploy.yml has deployed it (in the ${environment} environment)`,
    };
  }
  const env = (latest as { environment?: Record<string, string> }).environment ?? {};
  const sha = env["git.head"] ?? "";
  if (!/^[0-9a-f]{40}$/.test(sha) || env["git.dirty"] === "true") {
    return {
      rotate: false,
      level: "warning",
      message: `the last update of ${stack} did not run a clean commit (${sha ? `git.head ${sha}, dirty` : "no git.head"}): someone ran pulumi outside the pipeline. The rotation waits until deploy.yml deploys ${stack} again (approved in ${environment})`,
    };
  }
  if (!git.onMain(sha)) {
    return {
      rotate: false,
      level: "warning",
      message: `the last update of ${stack} ran ${sha}, which is not on main: the rotation waits until deploy.yml deploys ${stack} from main (approved in ${environment})`,
    };
  }
  const changed = git.changedSince(sha, pathspecs);
  if (changed.length > 0) {
    const shown = changed.slice(0, 10).join(", ") + (changed.length > 10 ? ", ..." : "");
    return {
      rotate: false,
      level: "warning",
      message: `main changed what ${stack} deploys since its last update (${sha.slice(0, 12)}): ${shown}. Those changes need their approval in ${environment}; the rotation of ${stack} waits for that deploy (approve it, or revert the change)`,
    };
  }
  return {
    rotate: true,
    level: "notice",
    message: `main deploys to ${stack} exactly what its last update ran (${sha.slice(0, 12)}): rotating`,
  };
}

/** The gate against this clone, the Pulumi CLI and deploy.yml; returns the exit code. */
export function main(
  argv: string[],
  projectDir: string,
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
  run: (command: string, args: string[]) => string = (command, args) =>
    execFileSync(command, args, {
      cwd: projectDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
): number {
  const stack = argv[2];
  if (!stack || !/^[A-Za-z0-9_.-]+$/.test(stack)) {
    write("usage: rotationGate.ts <stack>\n");
    return 2;
  }
  const deploy = fs.readFileSync(
    path.join(projectDir, ".github", "workflows", "deploy.yml"),
    "utf8",
  );
  const environment = approvalEnvironment(deploy, stack);
  let history: unknown = [];
  if (environment) {
    try {
      history = JSON.parse(
        run("pulumi", ["stack", "history", "--stack", stack, "--json", "--page-size", "1"]),
      );
    } catch (error) {
      write(
        `::error::cannot read the history of stack ${stack}: ${(error as Error).message.split("\n")[0]}\n`,
      );
      return 1;
    }
  }
  const succeeds = (args: string[]) => {
    try {
      run("git", args);
      return true;
    } catch {
      return false;
    }
  };
  const decision = rotationGate(stack, environment, history, deployPathspecs(deploy), {
    onMain: (sha) =>
      succeeds(["cat-file", "-e", `${sha}^{commit}`]) &&
      succeeds(["merge-base", "--is-ancestor", sha, "HEAD"]),
    changedSince: (sha, pathspecs) =>
      run("git", ["diff", "--name-only", sha, "HEAD", "--", ...pathspecs])
        .split("\n")
        .filter(Boolean),
  });
  write(`::${decision.level}::${decision.message}\n`);
  const output = env.GITHUB_OUTPUT;
  if (output) fs.appendFileSync(output, `rotate=${decision.rotate}\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv, path.resolve(__dirname, "..", ".."), process.env, (text) =>
    process.stdout.write(text),
  );
}
