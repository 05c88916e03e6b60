import { formatProblems, MAX_PROBLEMS_SHOWN } from "../program/config/configProblem";
import { distance } from "fastest-levenshtein";
import fc from "fast-check";
import { AppConfig } from "../program/config/appConfig";
import { formatProblem } from "../program/config/configProblem";
import { shapeProblems } from "../program/config/inputLimits";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { catalogFor } from "../program/permissions/catalog";
import {
  LENGTH_SLACK,
  MAX_SUGGESTED_NAMES_PER_STACK,
  closestNames,
  stackSuggestions,
} from "../program/permissions/didYouMean";
import { offlinePermissionSets } from "../program/permissions/offlinePermissionSets";
import { resolvePermissions } from "../program/permissions/resolvePermissions";
import { MICROSOFT_GRAPH_APP_ID, wellKnownApis } from "../program/permissions/wellKnownApis";

// Issue 24 finding 9: did-you-mean had no bound. 38 unknown permission names of 100 KB took
// 27 s (each compared with all 1,153 catalog names, an edit distance costing the product of the
// lengths); 500 apps x 300 short unknown names 49.5 s. The work is now bounded and counted.

const TODAY = new Date("2026-12-07T00:00:00Z");
const GRAPH_APP_ROLES = catalogFor(MICROSOFT_GRAPH_APP_ID)!
  .permissions.filter((permission) => permission.kind === "application")
  .map((permission) => permission.value);

/** did-you-mean as it was before the bounds: every candidate compared. */
function unboundedClosestNames(input: string, candidates: string[]): string[] {
  const wanted = input.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  return candidates
    .map((name) => {
      const lower = name.toLowerCase();
      return { name, score: lower.startsWith(`${wanted}.`) ? 1 : distance(wanted, lower) };
    })
    .filter((entry) => entry.score <= maxDistance)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((entry) => entry.name);
}

describe("did-you-mean", () => {
  it("compares no name longer than the longest candidate plus the slack", () => {
    const work = { comparisons: 0 };
    const longest = Math.max(...GRAPH_APP_ROLES.map((name) => name.length));
    expect(closestNames("M".repeat(100_000), GRAPH_APP_ROLES, 3, work)).toEqual([]);
    expect(
      closestNames(`Mail.Send${"x".repeat(longest + LENGTH_SLACK)}`, GRAPH_APP_ROLES, 3, work),
    ).toEqual([]);
    expect(work.comparisons).toBe(0);
  });

  it("suggests what it suggested before for any misspelling of a catalog name", () => {
    const misspelling = fc
      .tuple(
        fc.constantFrom(...GRAPH_APP_ROLES),
        fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1 })), { maxLength: 6 }),
      )
      .map(([name, edits]) =>
        edits.reduce((text, [at, char]) => {
          const where = at % (text.length + 1);
          return at % 3 === 0
            ? text.slice(0, where) + text.slice(where + 1)
            : text.slice(0, where) + char + text.slice(where + (at % 3 === 1 ? 0 : 1));
        }, name),
      );
    fc.assert(
      fc.property(misspelling, (input) => {
        expect(closestNames(input, GRAPH_APP_ROLES)).toEqual(
          unboundedClosestNames(input, GRAPH_APP_ROLES),
        );
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });

  it("gives a stack suggestions for 200 unknown names and reuses each answer across apps", () => {
    const graph = wellKnownApis.find((api) => api.appId === MICROSOFT_GRAPH_APP_ID)!;
    const unknown = Array.from({ length: 300 }, (_, index) => `Mail.Sendd${index}`);
    const apps = Array.from(
      { length: 500 },
      (_, index) =>
        ({
          key: `app-${index}`,
          permissions: [
            {
              configKey: "Microsoft Graph",
              path: `apps.app-${index}.permissions.Microsoft Graph`,
              api: graph,
              // Every app the same 300 names, then 300 of its own.
              application: [...unknown, ...unknown.map((name) => `${name}x${index}`)],
              delegated: [],
            },
          ],
        }) as unknown as AppConfig,
    );
    const suggestions = stackSuggestions();
    const { problems } = resolvePermissions(apps, offlinePermissionSets(apps), suggestions);
    expect(problems).toHaveLength(500 * 600);
    // At most 200 names compared with the API's permissions, each with at most all of them.
    expect(suggestions.work.comparisons).toBeLessThanOrEqual(
      MAX_SUGGESTED_NAMES_PER_STACK * GRAPH_APP_ROLES.length,
    );
    const first = problems[0].message;
    expect(first).toBe(
      'is not an application permission of Microsoft Graph. Did you mean "Mail.Send"?',
    );
    expect(problems.find((problem) => problem.path.startsWith("apps.app-499."))!.message).toBe(
      first,
    );
    // Past the first 200 names: reported, without a suggestion.
    expect(problems.at(-1)!.message).toBe("is not an application permission of Microsoft Graph.");
  });
});

describe("names config accepts", () => {
  const graphNames = (application: string[]) => ({
    apps: { a: { displayName: "A", permissions: { "Microsoft Graph": { application } } } },
  });

  it("refuses permission names over 249 characters, the provider's limit, and only that", () => {
    const long = Array.from({ length: 38 }, (_, index) => `${index}`.padEnd(100_000, "Mail.Send"));
    const { problems } = validateStackConfig(graphNames(["Mail.Send", ...long]), TODAY);
    const expected = long.map(
      (_, index) =>
        `apps.a.permissions.Microsoft Graph.application[${index + 1}]: is 100000 characters long; a permission name is at most 249 (the azuread provider's limit; Microsoft Graph's longest has 55), so this names no permission`,
    );
    expect(problems.map(formatProblem).sort()).toEqual(expected.sort());
  });

  it("takes a permission name of 249 characters to the catalog check", () => {
    const { problems } = shapeProblems(graphNames(["M".repeat(249)]));
    expect(problems).toEqual([]);
    expect(shapeProblems(graphNames(["M".repeat(250)])).fatal).toHaveLength(1);
  });

  it("refuses map keys over 256 characters without printing them", () => {
    const key = "a".repeat(300);
    const { problems } = validateStackConfig(
      { apps: { [key]: { displayName: "A" }, b: { displayName: "B", [key]: 1 } } },
      TODAY,
    );
    expect(problems.map(formatProblem)).toEqual([
      "apps.<300-character key>: is a map key of 300 characters; no name in this config is longer than 256 (app keys 60, credential names 120): shorten it",
      "apps.b.<300-character key>: is a map key of 300 characters; no name in this config is longer than 256 (app keys 60, credential names 120): shorten it",
    ]);
  });

  it("refuses any value over 64 KiB, whatever the setting", () => {
    const { problems } = validateStackConfig(
      { apps: { a: { displayName: "A", notes: "-eyJ".repeat(40_000) } } },
      TODAY,
    );
    expect(problems.map(formatProblem)).toEqual([
      "apps.a.notes: is 160000 characters long; no setting takes more than 65536 (the longest, a certificate's PEM, is a few KB)",
    ]);
  });
});

describe("many problems", () => {
  it("are all counted, and the first 500 printed, so a mistake repeated thousands of times stays readable", () => {
    const problems = Array.from({ length: 1200 }, (_, i) => ({
      path: `apps.a${i}.permissions`,
      value: undefined,
      message: "is wrong",
    }));
    const lines = formatProblems(problems).split("\n");
    expect(lines[0]).toBe(
      "entra-graph-apps: stack config has 1200 problems; nothing was created or changed:",
    );
    expect(lines).toHaveLength(1 + MAX_PROBLEMS_SHOWN + 1);
    expect(lines[MAX_PROBLEMS_SHOWN]).toBe("  - apps.a499.permissions: is wrong");
    expect(lines.at(-1)).toBe("  ... and 700 more (fix these first, then run again)");
  });
});
