import { execFileSync, spawnSync } from "child_process";
import { generateKeyPairSync, X509Certificate } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/review/cli";
import { makeCertificate } from "./support/testCertificates";
import { writeProjectFile } from "./support/projectFolder";

const NOW = "2026-11-22";
const mailAlerts = {
  displayName: "Mail Alerts",
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
};

async function runReview(args: string[], cwd = process.cwd(), now = NOW) {
  const io = capturedIo({ cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const code = await main(["node", "review", ...args, "--now", now], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "review-git-"));
const stackYaml = (apps: Record<string, unknown>) =>
  stringify({
    config: {
      "azuread:tenantId": "11111111-2222-3333-4444-555555555555",
      "entra-graph-apps:apps": apps,
    },
  });
function writeFile(dir: string, name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

/** The review command as `npm run review` starts it: a child process, with the real io. */
function spawnReview(args: string[], cwd: string) {
  const tsNode = path.join(__dirname, "..", "node_modules", ".bin", "ts-node");
  const cli = path.join(__dirname, "..", "tools", "commands", "review", "cli.ts");
  const run = spawnSync(tsNode, ["--transpile-only", cli, ...args, "--now", NOW], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "", NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A repository with main holding Pulumi.dev.yaml and Pulumi.prod.yaml, and a feature branch checked out. */
function repository(): string {
  const dir = tempDir();
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "Test");
  writeProjectFile(dir);
  writeFile(dir, "Pulumi.dev.yaml", stackYaml({ "mail-alerts": mailAlerts }));
  writeFile(dir, "Pulumi.prod.yaml", stackYaml({ "mail-alerts": mailAlerts }));
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
  return dir;
}

describe("npm run review in git mode", () => {
  it("compares the working tree with the merge base of the default branch", async () => {
    const dir = repository();
    const uri = "https://alerts.contoso.com/cb";
    writeFile(
      dir,
      "Pulumi.dev.yaml",
      stackYaml({ "mail-alerts": { ...mailAlerts, redirectUris: [uri] } }),
    );
    const { code, stdout } = await runReview(["--stack", "dev"], dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toMatch(
      /^Pulumi\.dev\.yaml compared with main \(merge base [0-9a-f]{7}\)\n  PRIVILEGE GAINED\n/,
    );
    expect(stdout).toContain(`  ! redirect URI added: ${uri}`);
  });

  it("accepts --base, and reviews only the stacks that changed with --all-stacks (new and deleted ones included)", async () => {
    const dir = repository();
    fs.rmSync(path.join(dir, "Pulumi.prod.yaml"));
    writeFile(dir, "Pulumi.staging.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const { code, stdout } = await runReview(
      ["--all-stacks", "--base", "main", "--format", "json"],
      dir,
    );
    expect(code).toBe(EXIT.privilegeGained);
    const stacks = JSON.parse(stdout).stacks as { stackFile: string; privilegeGained: boolean }[];
    expect(stacks.map((s) => [s.stackFile, s.privilegeGained])).toEqual([
      ["Pulumi.prod.yaml", false],
      ["Pulumi.staging.yaml", true],
    ]);
    expect(await runReview(["--stack", "dev", "--base", "main"], dir)).toEqual({
      code: EXIT.ok,
      stdout:
        "Pulumi.dev.yaml compared with main\n  no app registration changes\n\nWhat each side would deploy\n" +
        "  The program, run on each side's config, registers the same resources with the same inputs.\n",
      stderr: "",
    });
  });

  it("exits 2 for a stack file that does not exist, a ref that does not exist, or no repository", async () => {
    const dir = repository();
    const missingStack = {
      code: EXIT.gitOrFile,
      stdout: "",
      stderr:
        "review: cannot read Pulumi.no-such-stack.yaml: does not exist (working tree); pick an existing stack (ls Pulumi.*.yaml), or use --all-stacks to review deleted ones\n",
    };
    expect(await runReview(["--stack", "no-such-stack"], dir)).toEqual(missingStack);
    expect(await runReview(["--stack", "no-such-stack", "--base", "main"], dir)).toEqual(
      missingStack,
    );
    fs.rmSync(path.join(dir, "Pulumi.prod.yaml"));
    expect((await runReview(["--stack", "prod"], dir)).code).toBe(EXIT.gitOrFile);
    expect(await runReview(["--stack", "dev", "--base", "no-such-branch"], dir)).toEqual({
      code: EXIT.gitOrFile,
      stdout: "",
      stderr:
        'review: "no-such-branch" is not a commit in this repository; pass --base <branch, tag or commit>\n',
    });
    const bare = tempDir();
    writeFile(bare, "Pulumi.dev.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    expect(await runReview(["--stack", "dev", "--base", "main"], bare)).toEqual({
      code: EXIT.gitOrFile,
      stdout: "",
      stderr: `review: ${bare} is not in a git repository; run review in a checkout, or use --before/--after\n`,
    });
    expect((await runReview(["--stack", "../etc"], dir)).code).toBe(EXIT.invalid);
  });

  it("exits 2 end to end for a stack that does not exist (one child process)", () => {
    expect(spawnReview(["--stack", "no-such-stack"], repository())).toEqual({
      code: EXIT.gitOrFile,
      stdout: "",
      stderr:
        "review: cannot read Pulumi.no-such-stack.yaml: does not exist (working tree); pick an existing stack (ls Pulumi.*.yaml), or use --all-stacks to review deleted ones\n",
    });
  });
});

describe("certificates read from a pemFile", () => {
  it("are read at the base for the old version, so a new certificate in the same file is a gain", async () => {
    const [old, renewed] = [makeCertificate(365), makeCertificate(365)];
    const now = new Date(
      Date.parse(new X509Certificate(renewed.certificatePem).validFrom) + 60_000,
    );
    const thumbprint = (pem: string) =>
      new X509Certificate(pem).fingerprint.replace(/:/g, "").toUpperCase();
    const dir = repository();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    fs.mkdirSync(path.join(dir, "certs"));
    writeFile(dir, "certs/signing.pem", old.certificatePem);
    const app = { ...mailAlerts, certificates: { signing: { pemFile: "certs/signing.pem" } } };
    writeFile(dir, "Pulumi.dev.yaml", stackYaml({ "mail-alerts": app }));
    git("add", ".");
    git("commit", "-q", "-m", "certificate");
    git("branch", "-f", "main");
    writeFile(dir, "certs/signing.pem", renewed.certificatePem);
    const iso = now.toISOString();
    const single = await runReview(["--stack", "dev", "--base", "main"], dir, iso);
    expect(single.code).toBe(EXIT.privilegeGained);
    expect(single.stdout).toContain(
      `  ! certificate added: signing (thumbprint ${thumbprint(renewed.certificatePem)}`,
    );
    expect(single.stdout).toContain(
      `  ~ certificate removed: signing (thumbprint ${thumbprint(old.certificatePem)}`,
    );
    const all = await runReview(["--all-stacks", "--base", "main", "--format", "json"], dir, iso);
    expect(all.code).toBe(EXIT.privilegeGained);
    expect(JSON.parse(all.stdout).stacks.map((s: { stackFile: string }) => s.stackFile)).toEqual([
      "Pulumi.dev.yaml",
    ]);
  });
});

describe("a private key in a certificate's pemFile", () => {
  it("is refused at the pemFile path the user wrote, and never printed", async () => {
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const dir = repository();
    writeFile(dir, "key.pem", privateKey);
    const app = { ...mailAlerts, certificates: { signing: { pemFile: "key.pem" } } };
    writeFile(dir, "Pulumi.dev.yaml", stackYaml({ "mail-alerts": app }));
    const run = await runReview(["--stack", "dev", "--base", "main"], dir);
    expect([run.code, run.stdout]).toEqual([EXIT.invalid, ""]);
    expect(run.stderr).toContain(
      "  - apps.mail-alerts.certificates.signing.pemFile: contains a private key",
    );
    const body = privateKey.replace(/-----[A-Z ]+-----|\s/g, "");
    expect(body.length).toBeGreaterThan(100);
    for (let i = 0; i + 20 <= body.length; i++)
      expect(run.stderr).not.toContain(body.slice(i, i + 20));
  });
});

describe("a private key pasted into a stack file", () => {
  const { privateKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const body = privateKey.replace(/-----[A-Z ]+-----/g, "").replace(/\s/g, "");
  /** Every 20-character piece of the key's base64 body. */
  const pieces = Array.from({ length: body.length - 19 }, (_, i) => body.slice(i, i + 20));
  const leaked = (printed: string) => {
    const joined = printed.replace(/\\n|\\r|\s/g, "");
    return pieces.filter((piece) => printed.includes(piece) || joined.includes(piece));
  };
  const withKey = {
    "mail-alerts": { ...mailAlerts, certificates: { signing: { pem: privateKey } } },
  };

  it("never appears in review output, whichever version holds it and whatever the format", async () => {
    const dir = tempDir();
    const clean = writeFile(dir, "clean.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const dirty = writeFile(dir, "dirty.yaml", stackYaml(withKey));
    const inNotes = writeFile(
      dir,
      "notes.yaml",
      stackYaml({ "mail-alerts": { ...mailAlerts, notes: privateKey } }),
    );
    const inName = writeFile(
      dir,
      "name.yaml",
      stackYaml({ "mail-alerts": { ...mailAlerts, displayName: body.slice(0, 200) } }),
    );
    for (const format of ["text", "markdown", "json"]) {
      for (const [after, path] of [
        [dirty, "apps.mail-alerts.certificates.signing.pem: contains a private key"],
        [inNotes, "apps.mail-alerts.notes: holds what looks like a private key"],
      ]) {
        const refused = await runReview(["--before", clean, "--after", after, "--format", format]);
        expect([refused.code, refused.stdout]).toEqual([EXIT.invalid, ""]);
        expect(refused.stderr).toContain(path);
        expect(leaked(refused.stderr)).toEqual([]);
      }
      // Reviewed, not refused: the key in the old version (dropped there as invalid).
      const reviewed = await runReview(["--before", dirty, "--after", clean, "--format", format]);
      expect(reviewed.code).toBe(EXIT.ok);
      expect(leaked(reviewed.stdout + reviewed.stderr)).toEqual([]);
      // Its body as a display name: refused by some checks, else reviewed with the name masked.
      const named = await runReview(["--before", clean, "--after", inName, "--format", format]);
      if (named.code === EXIT.invalid)
        expect(named.stderr).toContain("apps.mail-alerts.displayName");
      else expect(named.stdout).toMatch(/\\?\[redacted\\?\]/);
      expect(leaked(named.stdout + named.stderr)).toEqual([]);
    }
  });

  it("never appears end to end, through the real process io (one child process)", () => {
    const dir = tempDir();
    writeFile(dir, "clean.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    writeFile(dir, "dirty.yaml", stackYaml(withKey));
    const run = spawnReview(["--before", "clean.yaml", "--after", "dirty.yaml"], dir);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stderr).toContain(
      "apps.mail-alerts.certificates.signing.pem: contains a private key",
    );
    expect(leaked(run.stdout + run.stderr)).toEqual([]);
  });
});
