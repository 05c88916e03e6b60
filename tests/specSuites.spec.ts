// npm test's Jest files are suites of specs (tests/support/specSuites.ts): no spec may fall out.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SPEC_SUITES, suiteProblems } from "./support/specSuites";

// jest.config.js is CommonJS, outside the TypeScript program.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jestConfig = require("../jest.config.js") as { testMatch: string[] };

describe("the suites npm test's Jest runs", () => {
  it("are the only Jest files, one per suite, each running its own suite", () => {
    expect(jestConfig.testMatch).toEqual(["<rootDir>/tests/suites/*.test.ts"]);
    const suitesDir = path.join(__dirname, "suites");
    expect(fs.readdirSync(suitesDir).sort()).toEqual(
      Object.keys(SPEC_SUITES)
        .map((name) => `${name}.test.ts`)
        .sort(),
    );
    for (const name of Object.keys(SPEC_SUITES)) {
      expect(fs.readFileSync(path.join(suitesDir, `${name}.test.ts`), "utf8")).toBe(
        `import { runSuite } from "../support/specSuites";\n\nrunSuite("${name}");\n`,
      );
    }
  });

  it("hold every spec in tests/ exactly once, and no other Jest file is left out", () => {
    expect(suiteProblems(SPEC_SUITES)).toEqual([]);
  });

  it("name a spec in no suite, in two, in a subfolder or missing, and a Jest file npm test would not run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-suites-"));
    try {
      for (const spec of ["alone", "twice", "listed"])
        fs.writeFileSync(path.join(dir, `${spec}.spec.ts`), "");
      fs.writeFileSync(path.join(dir, "helper.ts"), "");
      for (const folder of ["suites", "integration", "engine", "support"])
        fs.mkdirSync(path.join(dir, folder));
      fs.writeFileSync(path.join(dir, "suites", "one.test.ts"), "");
      fs.writeFileSync(path.join(dir, "integration", "realTenant.test.ts"), "");
      fs.writeFileSync(path.join(dir, "engine", "examples.engine.test.ts"), "");
      fs.writeFileSync(path.join(dir, "support", "nested.spec.ts"), "");
      fs.writeFileSync(path.join(dir, "forgotten.test.ts"), "");
      expect(suiteProblems({ one: ["twice", "listed"], two: ["twice", "gone"] }, dir)).toEqual([
        "tests/forgotten.test.ts is not run: npm test's Jest runs tests/suites/ only; name it .spec.ts in tests/ and add it to a suite in tests/support/specSuites.ts",
        "tests/support/nested.spec.ts is not run: specs live directly in tests/",
        "tests/alone.spec.ts is in no suite: add it to one in tests/support/specSuites.ts",
        "tests/twice.spec.ts is in 2 suites (one, two): keep one",
        "tests/support/specSuites.ts names tests/gone.spec.ts, which does not exist",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
