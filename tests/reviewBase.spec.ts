// review says which commit it compares with and why, and when commits of the user's own (on no
// remote) make an app they added show as added, that --base HEAD reviews only what changed since.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/review/cli";
import { writeProjectFile } from "./support/projectFolder";

const STACK = `config:
  entra-graph-apps:apps:
    alerts:
      displayName: Alerts
      permissions:
        Microsoft Graph:
          application: [Mail.Send]
`;

let dir: string;
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: dir, stdio: "pipe", encoding: "utf8" }).trim();

async function review(...args: string[]) {
  const io = capturedIo({ cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const code = await main(["node", "review", "--stack", "dev", "--now", "2026-11-22", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

beforeAll(() => {
  dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "review-base-")));
  git("init", "-q", "-b", "main");
  git("config", "user.email", "t@example.com");
  git("config", "user.name", "T");
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
  git("add", ".");
  git("commit", "-q", "-m", "start");
  // main as the remote has it; then a local commit adding an app, as a newcomer makes one.
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), STACK);
  git("commit", "-q", "-am", "add alerts");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("names the default base and why; with a local commit, says the app shows as added and that --base HEAD reviews since the last commit", async () => {
  const start = git("rev-parse", "--short=7", "origin/main");
  const run = await review();
  expect(run.code).toBe(EXIT.privilegeGained);
  expect(run.stdout).toContain("alerts");
  expect(run.stderr).toBe(
    `review: base origin/main at ${start}, where HEAD and origin/main last met (no --base given): this is what a pull request into origin/main would change. Pass --base <ref> to compare with another commit.\n` +
      `review: 1 commit since ${start} is on no remote, so what it adds shows as added (a new app as a whole). To review only what changed since your last commit: --base HEAD.\n`,
  );
  const since = await review("--base", "HEAD");
  expect(since).toEqual({
    code: EXIT.ok,
    stdout: expect.stringMatching(
      /^Pulumi\.dev\.yaml compared with HEAD\n {2}no app registration changes\n/,
    ),
    stderr: "",
  });
});

it("once pushed, names the base without the local-commit hint", async () => {
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  const run = await review();
  expect(run.code).toBe(EXIT.ok);
  expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
});
