import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatProblems } from "../program/config/configProblem";
import { forMarkdown, forTerminal, markdownCode, OutputGuard } from "../program/outputText";
import { capturedIo } from "../tools/commands/commandIo";
import { main as plan } from "../tools/commands/plan/cli";
import { main as review } from "../tools/commands/review/cli";
import { requestLogLine } from "../tools/tenant/emulator/requestLog";
import { baseApps, writeStack } from "./hostile/outputCorpus";
import { workflowCommandLines } from "./support/outputChecks";
import { runProgramExpectingError } from "./support/simulate";

// Issue 24, finding 10, case by case: the one output-escaping rule (program/outputText.ts) on
// the values the finding names, in the exact lines a user sees.

const projectDir = path.join(__dirname, "..");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "output-escaping-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

async function run(command: typeof plan, args: string[], isTty = false) {
  const io = capturedIo({ cwd: projectDir, isTty });
  const code = await command(["node", "cli", ...args, "--now", "2026-11-22"], io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("forTerminal", () => {
  it("shows controls, bidi and zero-width characters as \\uXXXX, astral ones as JSON's surrogate pair", () => {
    expect(forTerminal("a\nb\r\t\u001b[2J\u0085\u202eC\u2066\u200e\u061c\u200b\u2060\ufeff")).toBe(
      "a\\u000ab\\u000d\\u0009\\u001b[2J\\u0085\\u202eC\\u2066\\u200e\\u061c\\u200b\\u2060\\ufeff",
    );
    expect(forTerminal("tag\udb40\udc41 lone\ud800")).toBe("tag\\udb40\\udc41 lone\\ud800");
    expect(forTerminal("Müller ⚠️ 東京")).toBe("Müller ⚠️ 東京");
  });

  it("never lets a value start a workflow command: `::` after any white space, `##[` anywhere", () => {
    expect(forTerminal("::add-mask::x")).toBe(":\\u003aadd-mask::x");
    expect(forTerminal(" \u3000::warning::x")).toBe(" \u3000:\\u003awarning::x");
    expect(forTerminal(":\ufe0f:x")).toBe(":\ufe0f\\u003ax");
    expect(forTerminal("ok ##[error]x and #\ufe0f#[group]")).toBe(
      "ok ##\\u005berror]x and #\ufe0f#\\u005bgroup]",
    );
  });
});

describe("the guard in front of stdout and stderr", () => {
  it("keeps a command's own newlines and catches a workflow command split across writes", () => {
    const guard = new OutputGuard();
    const written = ["line\n  :", ":add-mask::x\n#", "#", "[error]\n", "\u001b[2Jend\n"];
    expect(written.map((text) => guard.write(text)).join("")).toBe(
      "line\n  :\\u003aadd-mask::x\n##\\u005berror]\n\\u001b[2Jend\n",
    );
  });

  it("keeps colours on a terminal (not conceal), and escapes every other escape sequence", () => {
    const terminal = capturedIo({ isTty: true });
    terminal.stdout("\u001b[1;31mred\u001b[39m \u001b[8mx\u001b[2J");
    expect(terminal.out).toEqual(["\u001b[1;31mred\u001b[39m \\u001b[8mx\\u001b[2J"]);
    const log = capturedIo();
    log.stderr("\u001b[1;31mred\u001b[39m");
    expect(log.err).toEqual(["\\u001b[1;31mred\\u001b[39m"]);
  });
});

describe("plan", () => {
  it("prints a newline in a federated subject and a branch escaped in its line, so no line is a workflow command", async () => {
    const apps = baseApps();
    const credentials = apps.mail.federatedCredentials as Record<string, Record<string, unknown>>;
    credentials.ci.subject = "svc-42\n::add-mask::hunter2\n::stop-commands::pwned";
    credentials.gh.github = { repository: "contoso/infra", branch: "main\n::warning::pwned" };
    const { code, out, err } = await run(plan, ["--config", writeStack(workDir, apps)]);
    expect(workflowCommandLines(out + err)).toEqual([]);
    if (code === 0) {
      // Accepted by config today (config refusals for these fields are issue 24 item 7).
      const lines = out.split("\n").map((line) => line.replace(/ {3,}/g, "  "));
      expect(lines).toContain(
        "  + azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential  mail-federated-ci  (svc-42\\u000a::add-mask::hunter2\\u000a::stop-commands::pwned)",
      );
      expect(lines).toContain(
        "  + azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential  mail-federated-gh  (repo:contoso/infra:ref:refs/heads/main\\u000a::warning::pwned)",
      );
    } else {
      expect(err).toContain("apps.mail.federatedCredentials.ci.subject");
    }
  });

  it("prints U+202E and U+200B in a display name as escapes, in text and in JSON (which still parses)", async () => {
    const apps = baseApps();
    apps.mail.displayName = "Mail\u202eevil\u200b";
    const file = writeStack(workDir, apps);
    const text = await run(plan, ["--config", file]);
    expect(text.code).toBe(0);
    expect(text.out.split("\n")).toContain('mail  "Mail\\u202eevil\\u200b"');
    expect(text.out).toContain('"displayName": "Mail\\u202eevil\\u200b",');
    const json = await run(plan, ["--config", file, "--json"]);
    expect(json.out).not.toMatch(/[\u202e\u200b]/);
    expect(JSON.parse(json.out).apps[0].displayName).toBe("Mail\u202eevil\u200b");
  });
});

describe("review's Markdown", () => {
  it("passes no mention, entity, strikethrough, link or HTML from a display name or a redirect URI", async () => {
    const after = baseApps();
    after.mail.displayName =
      "Ops @contoso/admins &#8238; ~~old~~ https://evil.example <img src=x> |";
    after.mail.redirectUris = ["https://app.contoso.com/cb?to=@team"];
    const args = [
      "--before",
      writeStack(workDir, baseApps()),
      "--after",
      writeStack(workDir, after),
    ];
    const { code, out } = await run(review, [...args, "--format", "markdown"]);
    expect(code).toBe(3);
    const shown =
      "Ops `@contoso/admins` `&#8238;` \\~\\~old\\~\\~ `https://evil.example` \\<img src=x\\> \\|";
    expect(out.split("\n")).toEqual(
      expect.arrayContaining([
        `#### \`mail\`: ${shown} (changed)`,
        `- display name "Mail" → "${shown.slice(0, -3)} \\|"`,
        "- ⚠️ redirect URI added: `https://app.contoso.com/cb?to=@team`",
      ]),
    );
  });

  it("in text on a terminal, escapes a name's own escape sequences", async () => {
    const after = baseApps();
    const credentials = after.mail.federatedCredentials as Record<string, Record<string, unknown>>;
    credentials.ci.subject = "svc-42\u001b[2J";
    const args = [
      "--before",
      writeStack(workDir, baseApps()),
      "--after",
      writeStack(workDir, after),
    ];
    // Config refuses a control character in a subject (program/config/controlCharacters.ts):
    // the refusal quotes the value, escaped, and nothing prints the escape sequence raw.
    const { code, out, err } = await run(review, [...args, "--format", "text"], true);
    expect(code).toBe(1);
    expect(err).toContain(
      'apps.mail.federatedCredentials.ci.subject = "svc-42\\u001b[2J": contains a control character, U+001B (escape) at character 7',
    );
    expect(out + err).not.toContain("\u001b[2J");
  });
});

describe("Markdown escaping", () => {
  it("puts what GitHub links or notifies in code spans and escapes Markdown's punctuation", () => {
    expect(forMarkdown("@team a@b.example www.x.example #12 :warning: GH-1")).toBe(
      "`@team` `a@b.example` `www.x.example` `#12` `:warning:` `GH-1`",
    );
    expect(forMarkdown("**b** _i_ ~~s~~ <b> &amp; $x$ [l](u) !x #h")).toBe(
      "\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\<b\\> \\&amp; \\$x\\$ \\[l\\](u) \\!x \\#h",
    );
    expect(forMarkdown("- a")).toBe("\\- a");
    expect(forMarkdown("12. a")).toBe("12\\. a");
    expect(forMarkdown("a\n| fake | row |")).toBe("a\\\\u000a\\| fake \\| row \\|");
  });

  it("keeps pipes and backticks outside code spans, so neither ends a span or splits a cell", () => {
    expect(markdownCode("Mail.Send")).toBe("`Mail.Send`");
    expect(markdownCode("a|b`c")).toBe("`a`\\|`b`\\``c`");
    expect(markdownCode("")).toBe("` `");
  });
});

describe("the program's own messages under pulumi up", () => {
  it("refuse a hostile app key and an unknown permission in lines that are no workflow command", async () => {
    const { error, tenant } = await runProgramExpectingError({
      apps: {
        "mail\n::add-mask::x": { displayName: "Mail" },
        ok: {
          displayName: "Ok",
          permissions: { "Microsoft Graph": { application: ["Mail.Send\n::warning::pwned"] } },
        },
      },
    });
    expect(tenant.resources).toEqual([]);
    expect(workflowCommandLines(error.message)).toEqual([]);
    expect(error.message.split("\n")).toEqual([
      "entra-graph-apps: stack config has 2 problems; nothing was created or changed:",
      '  - apps.mail\\u000a::add-mask::x = "mail\\n::add-mask::x": app key must be lowercase letters, digits and dashes (at most 60), e.g. mail-add-mask-x; it names the resources, so keep it stable',
      '  - apps.ok.permissions.Microsoft Graph.application[0] = "Mail.Send\\n::warning::pwned": must be a single permission name without spaces, e.g. Mail.Send',
    ]);
  });

  it("keep each problem on one line, so a quoted value cannot start a workflow command", () => {
    const message = formatProblems([
      {
        path: "apps.mail\n::add-mask::x",
        value: "main\n::warning::pwned",
        message: 'branch "main\n::warning::pwned" ##[error] must be one line',
      },
    ]);
    expect(message.split("\n")).toEqual([
      "entra-graph-apps: stack config has 1 problem; nothing was created or changed:",
      '  - apps.mail\\u000a::add-mask::x = "main\\n::warning::pwned": branch "main\\u000a::warning::pwned" ##\\u005berror] must be one line',
    ]);
  });
});

describe("the emulator's request log", () => {
  it("names query parameters without their values, and escapes the path", () => {
    const line = requestLogLine({
      method: "POST",
      path: "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token\n::add-mask::x",
      query: { client_secret: "Abc8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", $top: "1" },
      form: { client_secret: "sha256:0123456789abcdef" },
      status: 400,
    });
    expect(line).toBe(
      "POST /11111111-2222-3333-4444-555555555555/oauth2/v2.0/token\\u000a::add-mask::x?client_secret=[value]&$top=[value] -> 400",
    );
  });
});
