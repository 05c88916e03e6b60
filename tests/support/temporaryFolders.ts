// Runs in each Jest test file's context (jest.config.js setupFilesAfterEnv), after the specs'
// own clean-up: every folder a test file made with fs.mkdtempSync under the temporary folder is
// removed when the file's tests end. Test folders hold key.pem files, deployer secrets in
// emulator.env and stack files; a run must not leave them behind, and a spec that forgets its
// afterAll (or one that fails before it) must not either. Only mkdtempSync is tracked: it is the
// one way tests and tools make folders (tests/temporaryFolders.spec.ts checks that it stays so).
// The module object itself (not an `import * as` copy), so the wrapper is what every reader gets.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fs = require("fs");
import * as os from "os";
import * as path from "path";

const ORIGINAL = Symbol.for("entra-graph-apps.mkdtempSync");
const CURRENT = Symbol.for("entra-graph-apps.temporaryFoldersMade");
type Tracked = typeof fs & { [ORIGINAL]?: typeof fs.mkdtempSync; [CURRENT]?: string[] };
const tracked = fs as Tracked;

/** The folders made since this test file started, removed after its last test. */
const made: string[] = [];
// Core modules are shared by the test files of one worker, each with a global object of its own:
// the list of the file running now hangs on the module, and the wrapper is installed once.
tracked[CURRENT] = made;
(globalThis as { temporaryFoldersMade?: string[] }).temporaryFoldersMade = made;

if (!tracked[ORIGINAL]) {
  const original = fs.mkdtempSync;
  tracked[ORIGINAL] = original;
  tracked.mkdtempSync = ((prefix: string, options?: unknown) => {
    const dir = (original as (p: string, o?: unknown) => string)(prefix, options);
    if (typeof dir === "string" && path.dirname(path.resolve(dir)) === path.resolve(os.tmpdir()))
      tracked[CURRENT]?.push(dir);
    return dir;
  }) as typeof fs.mkdtempSync;
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
