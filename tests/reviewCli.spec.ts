import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/review/cli";

const NOW = "2026-11-22";
const mailAlerts = {
  displayName: "Mail Alerts",
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
};

/** Runs review in-process as in a terminal without colour (CI unset), capturing what it prints. */
async function runReview(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}) {
  const io = capturedIo({ cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  const now = args.includes("--now") ? [] : ["--now", NOW];
  const code = await main(["node", "review", ...args, ...now], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "review-cli-"));
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
/** Two stack files in a fresh folder: the old and the new version. */
function pair(before: Record<string, unknown>, after: Record<string, unknown>) {
  const dir = tempDir();
  return {
    dir,
    before: writeFile(dir, "before.yaml", stackYaml(before)),
    after: writeFile(dir, "after.yaml", stackYaml(after)),
  };
}

describe("npm run review --before/--after", () => {
  it("prints a Markdown review and exits 3 when privilege is gained", async () => {
    const { before, after } = pair(
      { "mail-alerts": mailAlerts },
      {
        "mail-alerts": {
          ...mailAlerts,
          permissions: { "Microsoft Graph": { application: ["Mail.Send", "Mail.ReadWrite"] } },
        },
      },
    );
    const { code, stdout } = await runReview([
      "--before",
      before,
      "--after",
      after,
      "--format",
      "markdown",
    ]);
    expect(code).toBe(EXIT.privilegeGained);
    expect(stdout.split("\n")).toEqual(
      expect.arrayContaining([
        `### Entra app permissions: \`${after}\` compared with \`${before}\``,
        "> **Privilege gained**: this change grants permissions or opens a new way in. Review each ⚠️ row before approving.",
        "#### `mail-alerts`: Mail Alerts (changed)",
        "| ⚠️ added | Microsoft Graph | `Mail.ReadWrite` | application | 3 high | granted | can read, change and delete mail in every mailbox |",
      ]),
    );
  });

  it("uses Markdown when CI is set, plain text otherwise, and JSON on request", async () => {
    const { before, after } = pair({ "mail-alerts": mailAlerts }, {});
    const ci = await runReview(["--before", before, "--after", after], process.cwd(), {
      CI: "true",
    });
    expect(ci.stdout).toContain("#### `mail-alerts`: Mail Alerts (removed)");
    expect(ci.code).toBe(EXIT.ok);
    const text = await runReview(["--before", before, "--after", after]);
    expect(text.stdout).toContain(
      'mail-alerts  "Mail Alerts"  (removed)\n  - Microsoft Graph Mail.Send (application, 3 high, consent granted)',
    );
    const json = await runReview(["--before", before, "--after", after, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      privilegeGained: false,
      stacks: [{ apps: [{ key: "mail-alerts", status: "removed" }] }],
    });
  });

  it("reviews each seed example against an empty base as a privilege gain", async () => {
    const empty = writeFile(tempDir(), "empty.yaml", "");
    for (const example of fs.readdirSync("examples").filter((name) => /^\d{3}-/.test(name))) {
      const after = path.join("examples", example, "Pulumi.example.yaml");
      const { code, stdout } = await runReview([
        "--before",
        empty,
        "--after",
        after,
        "--format",
        "json",
      ]);
      expect([example, code]).toEqual([example, EXIT.privilegeGained]);
      const [app] = JSON.parse(stdout).stacks[0].apps;
      expect(app.status).toBe("added");
      expect(app.permissions.every((p: { gain: boolean }) => p.gain)).toBe(true);
    }
  });

  it("exits 1 with the program's config messages when the new version is invalid", async () => {
    const { before, after } = pair(
      { "mail-alerts": mailAlerts },
      {
        "mail-alerts": {
          ...mailAlerts,
          permissions: { "Microsoft Graph": { application: ["Mail.Sendd"] } },
        },
      },
    );
    const { code, stdout, stderr } = await runReview(["--before", before, "--after", after]);
    expect([code, stdout]).toEqual([EXIT.invalid, ""]);
    expect(stderr).toContain(
      '  - apps.mail-alerts.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send" or "Mail.Read"?',
    );
  });

  it("exits 1 on invalid YAML and bad usage, 2 on a file that does not exist or cannot be read", async () => {
    const dir = tempDir();
    const good = writeFile(dir, "good.yaml", stackYaml({ "mail-alerts": mailAlerts }));
    const broken = writeFile(dir, "broken.yaml", "config: [unclosed");
    const invalid = await runReview(["--before", good, "--after", broken]);
    expect(invalid.code).toBe(EXIT.invalid);
    expect(invalid.stderr).toMatch(/broken\.yaml is not valid YAML/);
    expect(await runReview(["--before", good])).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr: "review: --before and --after go together\n",
    });
    expect((await runReview([])).code).toBe(EXIT.invalid);
    expect(await runReview(["--before", "nope.yaml", "--after", good], dir)).toEqual({
      code: EXIT.gitOrFile,
      stdout: "",
      stderr: "review: cannot read nope.yaml: does not exist (ENOENT); check the path\n",
    });
    expect(await runReview(["--before", dir, "--after", good])).toEqual({
      code: EXIT.gitOrFile,
      stdout: "",
      stderr: `review: cannot read ${dir}: is a folder (EISDIR); check the path\n`,
    });
  });
});

describe("review --now", () => {
  const expired = { "mail-alerts": { ...mailAlerts, clientSecret: { expiresOn: "2020-01-31" } } };

  it("exits 1 on a date it cannot read, and never switches date checks off", async () => {
    const { before, after } = pair({}, expired);
    for (const now of ["yesterday", "1", "2026-02-30", "2026-11-22T10:00"]) {
      expect(await runReview(["--before", before, "--after", after, "--now", now])).toEqual({
        code: EXIT.invalid,
        stdout: "",
        stderr: `error: option '--now <date>' argument '${now}' is invalid. use an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z\n`,
      });
    }
    const judged = await runReview(["--before", before, "--after", after]);
    expect([judged.code, judged.stdout]).toEqual([EXIT.invalid, ""]);
    expect(judged.stderr).toContain('apps.mail-alerts.clientSecret.expiresOn = "2020-01-31"');
  });

  it("reads the clock from io when --now is not given", async () => {
    const { before, after } = pair({}, expired);
    const io = capturedIo({ now: () => new Date("2019-06-01T00:00:00Z") });
    expect(await main(["node", "review", "--before", before, "--after", after], io)).toBe(
      EXIT.privilegeGained,
    );
  });
});

describe("review refuses to fold one app into another", () => {
  it("exits 1 naming the path and the fix, as the README shows", async () => {
    const dir = tempDir();
    const graph = (permission: string) => ({ "Microsoft Graph": { application: [permission] } });
    writeFile(
      dir,
      "base.yaml",
      stackYaml({
        a: mailAlerts,
        b: { displayName: "B", permissions: graph("Directory.ReadWrite.All") },
      }),
    );
    writeFile(
      dir,
      "Pulumi.prod.yaml",
      stackYaml({
        a: { ...mailAlerts, renamedFrom: ["b"], permissions: graph("Directory.ReadWrite.All") },
      }),
    );
    const result = await runReview(["--before", "base.yaml", "--after", "Pulumi.prod.yaml"], dir);
    expect(result).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr:
        "Pulumi.prod.yaml: entra-graph-apps: stack config has 1 problem; nothing was created or changed:\n" +
        '  - apps.a.renamedFrom = "b": names apps.b, which existed beside apps.a in Pulumi.prod.yaml at base.yaml. Pulumi matches a resource by its own name before its aliases, so apps.a keeps apps.a\'s registration and secrets, apps.b\'s registration is deleted, and its permissions move onto the kept one. Remove "b" from renamedFrom; to give apps.a those permissions, list them under its permissions, where review shows them as added\n',
    });
  });
});

describe("what review prints from config", () => {
  it("shows zero-width and look-alike characters as escapes", async () => {
    const { before, after } = pair(
      { "mail-alerts": mailAlerts },
      { "mail-alerts": { ...mailAlerts, displayName: "Mail\u200b \u0410lerts" } },
    );
    const text = await runReview(["--before", before, "--after", after]);
    expect(text.stdout.split("\n").slice(2)).toEqual([
      "",
      'mail-alerts  "Mail\\u200b \\u0410lerts"  (changed)',
      '  ~ display name "Mail Alerts" → "Mail\\u200b \\u0410lerts"',
      "",
      "What each side would deploy",
      "  The program, run on each side's config: 1 resource change(s), 0 gaining privilege, 0 not explained by the config diff.",
      "",
    ]);
    const markdown = await runReview([
      "--before",
      before,
      "--after",
      after,
      "--format",
      "markdown",
    ]);
    expect(markdown.stdout).toContain("#### `mail-alerts`: Mail\\\\u200b \\\\u0410lerts (changed)");
    const json = await runReview(["--before", before, "--after", after, "--format", "json"]);
    expect(json.stdout).not.toMatch(/[^\x20-\x7e\n]/);
    expect(JSON.parse(json.stdout).stacks[0].apps[0].displayName).toBe("Mail\u200b \u0410lerts");
  });
});
