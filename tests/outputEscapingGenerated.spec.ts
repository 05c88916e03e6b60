import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { capturedIo } from "../tools/commands/commandIo";
import { main as plan } from "../tools/commands/plan/cli";
import { main as review } from "../tools/commands/review/cli";
import { DirectoryExport } from "../tools/tenant/directory/graphTypes";
import { baseApps, hostileText, PLACES, writeStack } from "./hostile/outputCorpus";
import { useDriftSession } from "./support/driftRun";
import { liveMarkdown, RAW_UNSAFE, workflowCommandLines } from "./support/outputChecks";

// Issue 24, finding 10 as a class: hostile text (tests/hostile/outputCorpus.ts) in every config
// value plan and review print, and in every tenant name drift prints, run as a user runs the
// commands. Whatever the value, no output line is a GitHub workflow command, no raw control,
// bidi or zero-width character is printed, and the Markdown has nothing live (mention, entity,
// HTML, strikethrough, emphasis, link, broken table). A value the config refuses is printed in
// the refusal, under the same rule.

const projectDir = path.join(__dirname, "..");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "output-escaping-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));
const NOW = ["--now", "2026-11-22"];
const places = fc.constantFrom(...Object.keys(PLACES));

/** A command in-process; an error it throws printed as runAsScript prints it (commandLine.ts). */
async function run(command: typeof plan, args: string[]) {
  const io = capturedIo({ cwd: projectDir });
  const code = await command(["node", "cli", ...args, ...NOW], io).catch((error: Error) => {
    io.stderr(`cli failed: ${error.message}\n`);
    return 1;
  });
  return { code, out: io.out.join(""), err: io.err.join("") };
}

function expectSafe(output: string): void {
  expect(workflowCommandLines(output)).toEqual([]);
  expect(output).not.toMatch(RAW_UNSAFE);
}

it("plan, text and --json: no workflow command and nothing raw, whatever a config value holds", async () => {
  const planned = new Set<string>();
  await fc.assert(
    fc.asyncProperty(places, hostileText, async (place, text) => {
      const apps = baseApps();
      PLACES[place](apps, text);
      const file = writeStack(workDir, apps);
      const textRun = await run(plan, ["--config", file]);
      expectSafe(textRun.out + textRun.err);
      const jsonRun = await run(plan, ["--config", file, "--json"]);
      expectSafe(jsonRun.out + jsonRun.err);
      if (jsonRun.code !== 0) return;
      planned.add(place);
      // The escapes are JSON escapes: the data reads back as it was.
      const json = JSON.parse(jsonRun.out) as { apps: { displayName: string }[] };
      expect(json.apps[0].displayName).toBe((apps.mail.displayName as string).trim());
    }),
    { numRuns: 15, seed: 20261124 },
  );
  // Not only refusals: hostile values that config accepts were planned and printed.
  expect(planned.size).toBeGreaterThanOrEqual(3);
});

it("review, Markdown and text: nothing live in the Markdown, no workflow command, nothing raw", async () => {
  const before = writeStack(workDir, baseApps());
  await fc.assert(
    fc.asyncProperty(places, hostileText, async (place, text) => {
      const apps = baseApps();
      PLACES[place](apps, text);
      const args = ["--before", before, "--after", writeStack(workDir, apps)];
      const markdown = await run(review, [...args, "--format", "markdown"]);
      expectSafe(markdown.out + markdown.err);
      expect(liveMarkdown(markdown.out)).toEqual([]);
      const plain = await run(review, [...args, "--format", "text"]);
      expectSafe(plain.out + plain.err);
    }),
    { numRuns: 20, seed: 20261124 },
  );
});

describe("drift", () => {
  const session = useDriftSession();
  /** Names in the tenant that an administrator, or an attacker with Application.ReadWrite, picks. */
  const LIVE_PLACES: Record<string, (live: DirectoryExport, text: string) => void> = {
    displayName: (live, text) => void (live.applications[0].displayName = `Jira ${text}`),
    secretName: (live, text) =>
      void live.applications[0].passwordCredentials.push({
        keyId: "0f0e0d0c-0000-4000-8000-00000000aa01",
        displayName: text,
        startDateTime: "2026-11-01T00:00:00Z",
        endDateTime: "2027-05-01T00:00:00Z",
        hint: "abc",
        customKeyIdentifier: null,
        secretText: null,
      }),
    redirectUri: (live, text) =>
      void live.applications[0].web.redirectUris.push(`https://x.example/${text}`),
  };

  it("Markdown, text and JSON: nothing live, no workflow command, nothing raw", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(LIVE_PLACES)),
        hostileText,
        async (place, text) => {
          const live = session.live();
          LIVE_PLACES[place](live, text);
          const markdown = await session.against(live, "--format", "markdown");
          expectSafe(markdown.out + markdown.err);
          expect(liveMarkdown(markdown.out)).toEqual([]);
          for (const format of ["text", "json"]) {
            const other = await session.against(live, "--format", format);
            expectSafe(other.out + other.err);
          }
        },
      ),
      { numRuns: 10, seed: 20261124 },
    );
  });
});
