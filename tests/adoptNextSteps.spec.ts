// adopt's "Next steps" run as printed: each `npm run …` line is parsed from the output and run
// in-process (the same command's main, in the same project folder, with the same export), and
// its exit code is the one that step gives before `pulumi up`. Lines for other CLIs (pulumi, az)
// are listed exactly: they are not this project's to run.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { main as drift } from "../tools/commands/drift/cli";
import { main as plan } from "../tools/commands/plan/cli";
import { main as review } from "../tools/commands/review/cli";
import { ADOPT_DAY, adopt, projectWith } from "./support/adoptRun";
import { exportOf } from "./support/portalApps";
import { jiraMail } from "./support/seedExports";

const COMMANDS = { drift, plan, review } as const;

/** The words of a command line as a POSIX shell splits them (plain words and '…' quoting). */
function words(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : m[2],
  );
}

/** The indented command lines under "Next steps:", each `a && b` split in two. */
function printedCommands(stdout: string): string[] {
  const steps = stdout.slice(stdout.indexOf("Next steps:\n"));
  return steps
    .split("\n")
    .filter((line) => line.startsWith("       "))
    .flatMap((line) => line.trim().split(" && "));
}

/** Runs each `npm run <command> -- …` line in `dir`; git is on PATH, pulumi not (nothing deployed). */
async function runNpmLines(dir: string, lines: string[]) {
  const runs: { line: string; code: number; stderr: string }[] = [];
  for (const line of lines.filter((l) => l.startsWith("npm run "))) {
    const [, , command, dashes, ...args] = words(line);
    expect(dashes).toBe("--");
    const io = capturedIo({ cwd: dir, now: () => ADOPT_DAY, env: { PATH: "/usr/bin:/bin" } });
    const code = await COMMANDS[command as keyof typeof COMMANDS](["node", command, ...args], io);
    runs.push({ line, code, stderr: io.err.join("") });
  }
  return runs;
}

let dir: string;
beforeAll(() => {
  dir = projectWith(exportOf(jiraMail()));
  // The project is a checkout with a commit, as a user's is when they adopt.
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "--quiet");
  git(
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.com",
    "commit",
    "--quiet",
    "--allow-empty",
    "-m",
    "start",
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("--stack dev: review against HEAD exits 3 (the stack gains the app), plan with the export 0, drift reaches the state read (7: no pulumi yet)", async () => {
  const run = await adopt(dir, ["--all", "--stack", "dev", "--from-export", "tenant.json"]);
  expect(run.code).toBe(0);
  const lines = printedCommands(run.stdout);
  expect(lines.filter((line) => !line.startsWith("npm run "))).toEqual([
    "pulumi up --stack dev",
    "pulumi stack output clientSecrets --show-secrets --stack dev",
    "az ad app credential delete --id b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60 --key-id 6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6",
  ]);
  const runs = await runNpmLines(dir, lines);
  expect(runs.map(({ line, code }) => [line, code])).toEqual([
    ["npm run review -- --stack dev --base HEAD", 3],
    ["npm run plan -- --stack dev --from-export tenant.json", 0],
    ["npm run drift -- --stack dev", 7],
  ]);
  expect(runs[2].stderr).toMatch(/^drift: the Pulumi CLI \(pulumi\) is not on PATH/);
});

it("--config-out to a path with a space: review of the new file exits 3, plan --config 0, drift waits for the state file pulumi stack export writes (2)", async () => {
  fs.mkdirSync(path.join(dir, "new stacks"));
  const run = await adopt(dir, [
    "--all",
    "--config-out",
    "new stacks/jira.yaml",
    "--from-export",
    "tenant.json",
  ]);
  expect(run.code).toBe(0);
  const lines = printedCommands(run.stdout);
  expect(lines.filter((line) => !line.startsWith("npm run "))).toEqual([
    "pulumi up --config-file 'new stacks/jira.yaml'",
    "pulumi stack output clientSecrets --show-secrets",
    "az ad app credential delete --id b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60 --key-id 6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6",
    "pulumi stack export --file state.json",
  ]);
  const runs = await runNpmLines(dir, lines);
  expect(runs.map(({ line, code }) => [line, code])).toEqual([
    ["npm run review -- --after 'new stacks/jira.yaml'", 3],
    ["npm run plan -- --config 'new stacks/jira.yaml' --from-export tenant.json", 0],
    ["npm run drift -- --state state.json", 2],
  ]);
  expect(runs[2].stderr).toMatch(/state\.json/);
});
