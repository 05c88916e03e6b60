import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runScripts, scriptsToRun, testCounts } from "../tools/check/runScripts";

/** A project folder whose package.json has `scripts`; runs `names` there, keeping the output. */
async function run(scripts: Record<string, string>, names: string[]) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "run-scripts-"));
  fs.writeFileSync(path.join(cwd, "package.json"), JSON.stringify({ scripts }));
  const written: string[] = [];
  try {
    const code = await runScripts(names, { cwd, write: (text) => void written.push(text) });
    return { code, output: written.join(""), cwd };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/** A node one-liner as a shell command. */
const node = (script: string) => `node -e ${JSON.stringify(script)}`;

describe("npm test's script runner", () => {
  it("runs the scripts at once, prints each one's output in one block, and exits 0 when all pass", async () => {
    // Each writes its own file and waits for the other's: run one after the other, both time out.
    const waitFor = (mine: string, other: string) =>
      node(
        `const fs=require("fs");fs.writeFileSync("${mine}","");const t=Date.now();` +
          `(function poll(){if(fs.existsSync("${other}")){console.log("${mine} saw ${other}");return}` +
          `if(Date.now()-t>10000){console.error("${mine} waited alone");process.exit(3)}setTimeout(poll,20)})()`,
      );
    const { code, output } = await run({ a: waitFor("a", "b"), b: waitFor("b", "a") }, ["a", "b"]);
    expect(code).toBe(0);
    expect(output).toMatch(/^── a: node -e .* ── passed in \d+\.\d s\na saw b\n$/m);
    expect(output).toMatch(/^── b: node -e .* ── passed in \d+\.\d s\nb saw a\n$/m);
    expect(output.trimEnd().split("\n").slice(-2)).toEqual([
      expect.stringMatching(/^a +passed in \d+\.\d s$/),
      expect.stringMatching(/^b +passed in \d+\.\d s$/),
    ]);
  });

  it("exits 1 when any script fails, after every script ran, naming the failure and its output", async () => {
    const { code, output } = await run(
      {
        lint: node('console.error("src/x.ts: 1 problem"); process.exit(2)'),
        "test:jest": node(
          'console.error("Tests:       1 failed, 4 passed, 5 total"); process.exitCode = 1',
        ),
        typecheck: node('console.log("fine")'),
      },
      ["typecheck", "lint", "test:jest"],
    );
    expect(code).toBe(1);
    expect(output).toMatch(
      /^── lint: .* ── FAILED \(exit 2\) in \d+\.\d s\nsrc\/x\.ts: 1 problem$/m,
    );
    expect(output.trimEnd().split("\n").slice(-4)).toEqual([
      expect.stringMatching(/^typecheck +passed in /),
      expect.stringMatching(/^lint +FAILED \(exit 2\) in /),
      expect.stringMatching(/^test:jest +FAILED \(exit 1\) in /),
      "tests: 4 passed, 1 failed",
    ]);
  });

  it("counts a script killed by a signal as failed (the shell reports 128 + its number)", async () => {
    const { code, output } = await run({ crash: node('process.kill(process.pid, "SIGKILL")') }, [
      "crash",
    ]);
    expect(code).toBe(1);
    expect(output).toMatch(/── crash: .* ── FAILED \(exit 137\) in /);
  });

  it("refuses a script name package.json does not have, listing the ones it has", () => {
    expect(() => scriptsToRun({ scripts: { lint: "eslint ." } }, ["lint", "tset"])).toThrow(
      "no package.json script named tset (scripts: lint)",
    );
    expect(() => scriptsToRun({ scripts: {} }, [])).toThrow("name at least one");
  });

  it("reads Jest's summary line, coloured or not", () => {
    expect(testCounts("Tests:       545 passed, 545 total\nTime: 40 s")).toBe(
      "tests: 545 passed, 0 failed",
    );
    expect(
      testCounts("\x1b[1mTests:\x1b[22m 2 failed, 1 skipped, 3 todo, 540 passed, 546 total"),
    ).toBe("tests: 540 passed, 2 failed, 4 skipped");
    expect(testCounts("Checking formatting...")).toBeUndefined();
  });
});
