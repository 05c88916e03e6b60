// Guardrail config changes (issue 24 finding 6) and which changed paths review can judge as data
// (finding 7): named cases, and a generated test over random sets of changed paths.
import fc from "fast-check";
import { classifyPath, reportPathChanges } from "../tools/commands/review/codeChanges";
import {
  packPolicies,
  reviewGuardrailConfig,
  SETTING_RULES,
} from "../tools/commands/review/guardrailChanges";
import { repositoryGainsPrivilege } from "../tools/commands/review/repositoryReview";

const FILE = "policy/config.json";
const review = (before: unknown, after: unknown) =>
  reviewGuardrailConfig(
    FILE,
    before === undefined ? undefined : JSON.stringify(before),
    after === undefined ? undefined : JSON.stringify(after),
  );
const kinds = (before: unknown, after: unknown) =>
  review(before, after).changes.map((change) => [change.kind, change.description]);
const PRIVILEGE = "graph-application-permission-privilege";

describe("guardrail config changes, resolved as Pulumi resolves --policy-pack-config", () => {
  it("has a relaxation rule for every setting in the pack's configSchemas", () => {
    const settings = packPolicies().flatMap((policy) =>
      Object.keys(policy.configSchema?.properties ?? {}).map((name) => `${policy.name}.${name}`),
    );
    const ruled = Object.entries(SETTING_RULES).flatMap(([policy, rules]) =>
      Object.keys(rules).map((name) => `${policy}.${name}`),
    );
    expect(ruled.sort()).toEqual(settings.sort());
  });

  it("reports an allow-list entry added as a gain, with its justification; removed as neutral", () => {
    const entry = {
      permission: "Application.ReadWrite.All",
      justification: "ticket SEC-1234 approved",
    };
    expect(kinds({}, { [PRIVILEGE]: { allow: [entry] } })).toEqual([
      [
        "guardrail-allow-listed",
        `${PRIVILEGE}.allow: allows Application.ReadWrite.All, justified as "ticket SEC-1234 approved"`,
      ],
    ]);
    expect(kinds({ [PRIVILEGE]: { allow: [entry] } }, {})).toEqual([
      [
        "guardrail-allow-list-entry-removed",
        `${PRIVILEGE}.allow: no longer allows Application.ReadWrite.All`,
      ],
    ]);
  });

  it("counts an entry as allowed only with a justification of 10 characters (the policy's rule), so justifying it later is the gain", () => {
    const bare = {
      [PRIVILEGE]: { allow: [{ permission: "Mail.ReadWrite", justification: "ok" }] },
    };
    expect(kinds({}, bare)).toEqual([]);
    const justified = {
      [PRIVILEGE]: {
        allow: [{ permission: "Mail.ReadWrite", justification: "journaling vendor" }],
      },
    };
    expect(kinds(bare, justified).map(([kind]) => kind)).toEqual(["guardrail-allow-listed"]);
  });

  it("reads limits both ways: a higher privilege level or lifetime, or fewer owners, relaxes", () => {
    expect(
      kinds(
        { [PRIVILEGE]: { maxPrivilegeLevel: 3 }, "minimum-owners": { minOwners: 2 } },
        { [PRIVILEGE]: { maxPrivilegeLevel: 4 }, "minimum-owners": { minOwners: 1 } },
      ),
    ).toEqual([
      ["guardrail-limit-relaxed", `${PRIVILEGE}.maxPrivilegeLevel: 3 → 4`],
      ["guardrail-limit-relaxed", "minimum-owners.minOwners: 2 → 1"],
    ]);
    expect(kinds({}, { "client-secret-lifetime": { maxDays: 90 } })).toEqual([
      ["guardrail-limit-tightened", "client-secret-lifetime.maxDays: 365 → 90"],
    ]);
  });

  it("lowers enforcement through every form Pulumi accepts: a bare level string, enforcementLevel, and `all`", () => {
    expect(kinds({}, { [PRIVILEGE]: "advisory" })).toEqual([
      [
        "guardrail-enforcement-lowered",
        `${PRIVILEGE}: enforcement mandatory → advisory: its violations no longer stop a deployment`,
      ],
    ]);
    const all = review({}, { all: "disabled", "minimum-owners": { enforcementLevel: "advisory" } });
    expect(all.changes.filter((change) => change.gain).map((change) => change.policy)).toEqual(
      // every policy but minimum-owners, whose own level (advisory, its default) wins over `all`
      packPolicies()
        .map((policy) => policy.name)
        .filter((name) => name !== "minimum-owners"),
    );
    expect(kinds({ [PRIVILEGE]: "advisory" }, {}).map(([kind]) => kind)).toEqual([
      "guardrail-enforcement-raised",
    ]);
  });

  it("refuses what Pulumi would refuse, naming file, key and value; an empty or missing file is the defaults", () => {
    expect(
      review({}, { [PRIVILEGE]: "off", "minimum-owners": { minOwners: "two" } }).problems,
    ).toEqual([
      `${FILE}: ${PRIVILEGE} = "off" is not an enforcement level; use one of mandatory, remediate, advisory, disabled`,
      `${FILE}: minimum-owners.minOwners = "two": must be an integer`,
    ]);
    expect(review({}, { [PRIVILEGE]: { maxPrivilegeLevel: 5 } }).problems).toEqual([
      `${FILE}: ${PRIVILEGE}.maxPrivilegeLevel = 5: must be at most 4`,
    ]);
    expect(reviewGuardrailConfig(FILE, "{}", "  \n")).toEqual({ changes: [], problems: [] });
    expect(reviewGuardrailConfig(FILE, undefined, "{}")).toEqual({ changes: [], problems: [] });
  });
});

describe("which changed paths review can judge as data", () => {
  const entry = (path: string, newMode = "100644") => ({ path, oldMode: "100644", newMode });
  const GUARDRAIL = ["policy/config.json"];

  it("sorts named paths: data, guardrail config, docs, and code (review itself, package files, a new top-level file)", () => {
    const cases: [string, string][] = [
      ["Pulumi.prod.yaml", "stack-data"],
      ["stacks/Pulumi.prod.yml", "stack-data"],
      ["Pulumi.yaml", "stack-data"],
      ["certs/app.pem", "code"],
      ["policy/config.json", "guardrail-config"],
      ["README.md", "docs"],
      ["docs/diagram.png", "docs"],
      ["LICENSE", "docs"],
      ["tools/commands/review/formatReview.ts", "code"],
      ["package.json", "code"],
      ["package-lock.json", "code"],
      ["policy/guardrailPolicies.ts", "code"],
      ["tests/Pulumi.dev.yaml", "code"],
      ["bootstrap/Pulumi.yaml", "code"],
      ["README.md/index.ts", "code"],
      ["docs", "code"],
      [".npmrc", "code"],
      ["tsconfig.json", "code"],
    ];
    expect(cases.map(([path]) => [path, classifyPath(entry(path), GUARDRAIL).class])).toEqual(
      cases,
    );
    expect(classifyPath(entry("README.md", "120000"), GUARDRAIL)).toEqual({
      path: "README.md",
      class: "code",
      why: "now a symbolic link: deploy reads what it points at, which review does not follow",
    });
  });

  // Paths drawn with the class they must get; a generated set exits 0 only when every path is
  // docs or stack data (whose own review is separate) and nothing is a link or a submodule.
  const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  const docs = fc.oneof(
    segment.map((name) => `${name}.md`),
    fc.tuple(segment, segment).map(([dir, name]) => `${dir}/${name}.MD`),
    segment.map((name) => `docs/${name}.png`),
    fc.constant("LICENSE"),
  );
  const data = fc.oneof(
    segment.map((stack) => `Pulumi.${stack}.yaml`),
    fc.tuple(segment, segment).map(([dir, stack]) => `${dir}/Pulumi.${stack}.json`),
  );
  const code = fc.oneof(
    segment.map((name) => `certs/${name}.pem`),
    fc
      .constantFrom(
        "program",
        "components",
        "policy",
        "tools",
        "bootstrap",
        "tests",
        ".github",
        ".ci",
        "examples",
      )
      .chain((dir) => fc.tuple(fc.constant(dir), segment))
      .map(([dir, name]) => `${dir}/${name}.ts`),
    fc.constantFrom(
      "index.ts",
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "docs",
      "Pulumi.prod.yaml.ts",
    ),
    segment.map((name) => `${name}.ts`),
    segment.map((name) => `${name}.md/run.js`),
    fc
      .constantFrom("tests", "bootstrap")
      .chain((dir) => segment.map((s) => `${dir}/Pulumi.${s}.yaml`)),
  );
  // git lists each path once
  const changed = fc.uniqueArray(
    fc.oneof(
      docs.map((path) => ({ path, mode: "100644", needsHuman: false })),
      data.map((path) => ({ path, mode: "100644", needsHuman: false })),
      fc.oneof(docs, data).map((path) => ({ path, mode: "000000", needsHuman: false })),
      fc.oneof(docs, data).map((path) => ({ path, mode: "120000", needsHuman: true })),
      code.map((path) => ({ path, mode: "100644", needsHuman: true })),
      code.map((path) => ({ path, mode: "000000", needsHuman: true })),
    ),
    { maxLength: 8, selector: (p) => p.path },
  );

  it("exits 3 for any set holding code, a link or a submodule, and only then (generated)", () => {
    fc.assert(
      fc.property(changed, (paths) => {
        const report = reportPathChanges(
          paths.map((p) => ({ path: p.path, oldMode: "100644", newMode: p.mode })),
          GUARDRAIL,
        );
        const gains = repositoryGainsPrivilege({
          base: "main",
          head: "pr",
          codeChanged: report.code,
          guardrailChanges: [],
          problems: [],
        });
        expect(gains).toBe(paths.some((p) => p.needsHuman));
        expect(report.code.map((c) => c.path).sort()).toEqual(
          paths
            .filter((p) => p.needsHuman)
            .map((p) => p.path)
            .sort(),
        );
      }),
      { numRuns: 300 },
    );
  });
});
