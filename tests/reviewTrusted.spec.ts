// Issue 24 findings 6 and 7: the base's review of a pull request's head, read from git as data
// (the working tree stays at the base, as in permission-review.yml). A pull request that rewrites
// the review tool or its script, or relaxes the guardrail config, gets exit 3; docs get exit 0.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/review/cli";

const ROOT = path.join(__dirname, "..");
const stackYaml = (apps: Record<string, unknown>) =>
  stringify({
    config: {
      "azuread:tenantId": "11111111-2222-3333-4444-555555555555",
      "entra-graph-apps:apps": apps,
    },
  });
const mailAlerts = {
  displayName: "Mail Alerts",
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
};
const REVIEW_TOOL = "tools/commands/review/formatReview.ts";

/** A repository like this one at main, with `change` committed on branch pr; main checked out. */
function pullRequest(change: (write: (file: string, text: string) => void) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-trusted-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "Test");
  for (const file of ["Pulumi.yaml", "package.json", "README.md", REVIEW_TOOL])
    write(file, fs.readFileSync(path.join(ROOT, file), "utf8"));
  write(
    "policy/config.json",
    fs.readFileSync(path.join(ROOT, "policy/config.example.json"), "utf8"),
  );
  write("Pulumi.prod.yaml", stackYaml({ "mail-alerts": mailAlerts }));
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "pr");
  change(write);
  git("add", ".");
  git("commit", "-q", "--allow-empty", "-m", "pull request");
  git("checkout", "-q", "main");
  return dir;
}

async function baseReview(dir: string, format: string) {
  const io = capturedIo({ cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const args = ["--all-stacks", "--base", "main", "--head", "pr", "--format", format];
  const code = await main(["node", "review", ...args, "--now", "2026-11-22"], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

describe("the base's review of a pull request's head (--head, files read as data)", () => {
  it("(a) a rewritten review tool that prints 'no privilege gained' is listed as code: exit 3, in text, Markdown and JSON", async () => {
    const dir = pullRequest((write) =>
      write(REVIEW_TOOL, 'export const reviewMarkdown = () => "No privilege gained";\n'),
    );
    expect(await baseReview(dir, "text")).toEqual({
      code: EXIT.privilegeGained,
      stdout: `no stack config changed\n\n  CODE THAT DECIDES WHAT DEPLOYS (OR HOW IT IS CHECKED) CHANGED: NEEDS A HUMAN REVIEW\n  ! ${REVIEW_TOOL}\n`,
      stderr: "",
    });
    const markdown = await baseReview(dir, "markdown");
    expect(markdown.code).toBe(EXIT.privilegeGained);
    expect(markdown.stdout).toContain(
      "### ⚠️ code that decides what deploys (or how it is checked) changed: needs a human review",
    );
    expect(markdown.stdout).toContain(`- \`${REVIEW_TOOL}\`\n`);
    const json = await baseReview(dir, "json");
    expect(json.code).toBe(EXIT.privilegeGained);
    expect(JSON.parse(json.stdout)).toEqual({
      privilegeGained: true,
      codeChanged: [{ path: REVIEW_TOOL }],
      needsHumanReview: true,
      guardrailChanges: [],
      stacks: [],
    });
  });

  it("(b) an edited review script in package.json is listed as code: exit 3", async () => {
    const dir = pullRequest((write) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
      pkg.scripts.review = "echo 'no privilege gained'";
      write("package.json", JSON.stringify(pkg, null, 2));
    });
    const { code, stdout } = await baseReview(dir, "json");
    expect(code).toBe(EXIT.privilegeGained);
    expect(JSON.parse(stdout).codeChanged).toEqual([{ path: "package.json" }]);
  });

  it("(c) policy/config.json allow-listing a critical permission is a guardrail relaxation: exit 3, the justification shown escaped", async () => {
    const dir = pullRequest((write) => {
      const config = JSON.parse(
        fs.readFileSync(path.join(ROOT, "policy/config.example.json"), "utf8"),
      );
      config["graph-application-permission-privilege"].allow.push({
        permission: "RoleManagement.ReadWrite.Directory",
        justification: "approved by @security-team\u202e see <b>SEC-1</b>",
      });
      write("policy/config.json", JSON.stringify(config, null, 2));
    });
    const text = await baseReview(dir, "text");
    expect(text).toEqual({
      code: EXIT.privilegeGained,
      stdout:
        "no stack config changed\n\nguardrail policy config compared with main\n" +
        '  ! policy/config.json: graph-application-permission-privilege.allow: allows RoleManagement.ReadWrite.Directory, justified as "approved by @security-team\\u202e see <b>SEC-1</b>"\n',
      stderr: "",
    });
    const markdown = await baseReview(dir, "markdown");
    expect(markdown.stdout).toContain(
      '- ⚠️ `policy/config.json`: graph-application-permission-privilege.allow: allows RoleManagement.ReadWrite.Directory, justified as "approved by `@security-team\\u202e` see \\<b\\>SEC-1\\</b\\>"',
    );
    expect(markdown.stdout).not.toContain("code that decides");
  });

  it("(d) a change to README.md only: exit 0", async () => {
    const dir = pullRequest((write) => write("README.md", "# a better README\n"));
    expect(await baseReview(dir, "text")).toEqual({
      code: EXIT.ok,
      stdout: "no stack config changed\n",
      stderr: "",
    });
  });

  it("reads the head's stack file from git, not from the working tree (which holds the base)", async () => {
    const uri = "https://alerts.contoso.com/cb";
    const dir = pullRequest((write) =>
      write(
        "Pulumi.prod.yaml",
        stackYaml({ "mail-alerts": { ...mailAlerts, redirectUris: [uri] } }),
      ),
    );
    const { code, stdout } = await baseReview(dir, "text");
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout).toContain(`  ! redirect URI added: ${uri}`);
    expect(stdout).not.toContain("CODE THAT DECIDES");
  });

  it("refuses a policy config turned into a symbolic link (exit 1), and lists a Pulumi.yaml whose runtime changed as code", async () => {
    const dir = pullRequest((write) => {
      write(
        "Pulumi.yaml",
        fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8") + "main: elsewhere/\n",
      );
    });
    const json = JSON.parse((await baseReview(dir, "json")).stdout);
    expect(json.codeChanged).toEqual([
      {
        path: "Pulumi.yaml",
        why: "settings other than config, stackConfigDir and description changed (main, runtime, plugins, ...): they decide what program runs",
      },
    ]);
    const linked = pullRequest(() => {});
    const git = (...args: string[]) => execFileSync("git", args, { cwd: linked, stdio: "pipe" });
    git("checkout", "-q", "pr");
    fs.rmSync(path.join(linked, "policy/config.json"));
    fs.symlinkSync("../README.md", path.join(linked, "policy/config.json"));
    git("add", ".");
    git("commit", "-q", "-m", "link");
    git("checkout", "-q", "main");
    expect(await baseReview(linked, "text")).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr:
        "policy/config.json at pr is a symlink, not a file: Pulumi reads what it points at, which review does not follow; make it a regular JSON file\n",
    });
  });
});
