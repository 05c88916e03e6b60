/**
 * Differential test (issue 24, "What to build" 2): on every corpus case our stack-config loader
 * gives the config Pulumi 3.248's own Go loader gives the program, or refuses. Run with
 * `npm run test:loader-parity`; it skips, saying why, without Go or before the loader exists.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GoResult, OurResult, Verdict, judge, sameParsedCollection } from "./compare";
import { DEFAULT_GENERATED, DEFAULT_SEED, buildCorpus } from "./corpus";
import {
  buildGoLoader,
  goUnavailable,
  ourLoaderUnavailable,
  runGoLoader,
  runOurLoader,
} from "./loaders";
import { writeCorpus } from "./parityCase";

/** Runs of the Go program per case: a collision Pulumi resolves by map order shows up as a difference. */
const GO_REPEATS = 4;
const SEED = Number(process.env.LOADER_PARITY_SEED ?? DEFAULT_SEED);
const GENERATED = Number(process.env.LOADER_PARITY_CASES ?? DEFAULT_GENERATED);

let workDir: string;
beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "loader-parity-"));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe("the corpus", () => {
  it("has at least 500 project folders, the same ones for the same seed, each named once", () => {
    const corpus = buildCorpus(SEED, GENERATED);
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    const digest = (cases: unknown) =>
      createHash("sha256").update(JSON.stringify(cases)).digest("hex");
    expect(digest(buildCorpus(SEED, GENERATED))).toBe(digest(corpus));
    expect(corpus.filter((c) => c.name.startsWith("finding-")).map((c) => c.name)).toEqual([
      "finding-1-unnamespaced-defaults",
      "finding-2-merge-key-config-level",
      "finding-3a-stack-config-dir",
      "finding-3b-project-config",
      "finding-4-symlinked-stack-file",
      "finding-5-app-named-secure",
      "finding-rotate-every-days-010",
      "finding-admin-consent-off",
      "finding-config-module-key",
    ]);
  });
});

describe("judging a case", () => {
  const go = (config: Record<string, string>, extra: Partial<GoResult> = {}): GoResult => ({
    dir: "d",
    stack: "prod",
    config,
    secureKeys: [],
    ...extra,
  });
  const ours = (config: Record<string, string>, secureKeys: string[] = []): OurResult => ({
    config,
    secureKeys,
  });

  it("agrees on equal texts, and on objects equal once parsed whatever their key order", () => {
    expect(
      judge(
        [go({ "p:a": "8", "p:o": '{"a":1,"b":2}' })],
        ours({ "p:a": "8", "p:o": '{"b":2,"a":1}' }),
      ),
    ).toEqual({ kind: "agreed", orderOnly: true });
  });
  it("tells 010 from 8, off from false, -0 from 0 and a missing key", () => {
    expect(judge([go({ "p:r": "8" })], ours({ "p:r": "010" })).kind).toBe("mismatch");
    expect(judge([go({ "p:c": "off" })], ours({ "p:c": "false" })).kind).toBe("mismatch");
    expect(sameParsedCollection("[-0]", "[0]")).toBe(false);
    expect(judge([go({ "p:a": "1", "p:b": "2" })], ours({ "p:a": "1" })).kind).toBe("mismatch");
    expect(judge([go({}, { secureKeys: ["p:s"] })], ours({})).kind).toBe("mismatch");
  });
  it("accepts a refusal, never an answer where Pulumi fails, varies or reads an environment", () => {
    const failed = go({}, { error: "yaml: line 3: did not find expected key" });
    expect(judge([failed], { refused: ["x"] })).toEqual({ kind: "refusedByBoth" });
    expect(judge([failed], ours({})).kind).toBe("mismatch");
    expect(judge([go({ "p:a": "1" }), go({ "p:a": "2" })], ours({ "p:a": "1" })).kind).toBe(
      "mismatch",
    );
    expect(judge([go({}, { environment: "[prod]" })], ours({})).kind).toBe("mismatch");
    expect(judge([go({})], { crashed: "TypeError" }).kind).toBe("mismatch");
  });
});

describe("our loader against Pulumi's Go loader", () => {
  it("gives the config pulumi up hands the program, or refuses, on every corpus case", () => {
    const skip = goUnavailable() ?? ourLoaderUnavailable();
    if (skip !== undefined) {
      console.log(`loader parity: skipped, ${skip}`);
      return;
    }
    const corpus = buildCorpus(SEED, GENERATED);
    const projectDirs = writeCorpus(path.join(workDir, "corpus"), corpus);
    const pairs: [string, string][] = [];
    const caseOf: string[] = [];
    for (const parityCase of corpus)
      for (const stack of parityCase.stacks) {
        pairs.push([projectDirs.get(parityCase.name)!, stack]);
        caseOf.push(parityCase.name);
      }

    const build = buildGoLoader(workDir);
    const goStarted = Date.now();
    const goResults = runGoLoader(build.binary, pairs, GO_REPEATS);
    const goSeconds = (Date.now() - goStarted) / 1000;
    const ourStarted = Date.now();
    const ourResults = runOurLoader(pairs);
    const ourSeconds = (Date.now() - ourStarted) / 1000;

    const verdicts: Verdict[] = pairs.map((_, i) => judge(goResults[i], ourResults[i]));
    const count = (kind: Verdict["kind"]) => verdicts.filter((v) => v.kind === kind).length;
    const mismatches = verdicts.flatMap((verdict, i) =>
      verdict.kind === "mismatch"
        ? [
            `${caseOf[i]} (stack ${pairs[i][1]}): ${verdict.reason}\n  pulumi: ${JSON.stringify(goResults[i][0]).slice(0, 2000)}\n  ours:   ${JSON.stringify(ourResults[i]).slice(0, 2000)}`,
          ]
        : [],
    );
    const nondeterministic = verdicts.filter(
      (v) => v.kind === "refusedByUs" && v.pulumi === "nondeterministic",
    ).length;
    console.log(
      [
        `loader parity (seed ${SEED}): ${corpus.length} project folders, ${pairs.length} cases`,
        `  agreed ${count("agreed")} (${verdicts.filter((v) => v.kind === "agreed" && v.orderOnly).length} only in object key order)`,
        `  refused by us ${count("refusedByUs")} (${nondeterministic} where Pulumi's answer depends on Go map order)`,
        `  refused by both ${count("refusedByBoth")}`,
        `  mismatches ${mismatches.length}`,
        `  go build ${build.seconds.toFixed(1)} s, Go loader ${goSeconds.toFixed(1)} s (${GO_REPEATS} runs), ours ${ourSeconds.toFixed(1)} s`,
        ...mismatches,
      ].join("\n"),
    );
    expect(mismatches).toEqual([]);
  });
});
