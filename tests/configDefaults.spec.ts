import { formatProblem } from "../program/config/configProblem";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";

const TODAY = new Date("2026-11-22T09:30:00Z");

function problemsOf(raw: RawStackConfig): string[] {
  return validateStackConfig(raw, TODAY).problems.map(formatProblem);
}

describe("defaults", () => {
  it("apply to every app, owners merged and the app's own settings winning", () => {
    const ownerA = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
    const ownerB = "4a2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8092";
    const result = validateStackConfig(
      {
        defaults: {
          owners: [ownerA],
          clientSecret: { rotateEveryDays: 30 },
          notes: "platform team",
        },
        apps: {
          a: { displayName: "A" },
          b: { displayName: "B", owners: [ownerB], clientSecret: false, notes: "own notes" },
        },
      },
      TODAY,
    );
    expect(result.problems).toEqual([]);
    expect(result.apps.map((app) => [app.key, app.owners, app.clientSecret, app.notes])).toEqual([
      ["a", [ownerA], { kind: "rotating", rotateEveryDays: 30 }, "platform team"],
      ["b", [ownerA, ownerB], { kind: "none" }, "own notes"],
    ]);
  });

  it("refuse displayName and report their own problems under defaults.", () => {
    expect(
      problemsOf({
        defaults: { displayName: "X", clientSecret: { rotateEveryDays: 0 } },
        apps: { a: { displayName: "A" } },
      }),
    ).toEqual([
      "defaults.clientSecret.rotateEveryDays = 0: must be a whole number of days from 1 to 182; each secret then lives twice that long (at most 365 days), e.g. rotateEveryDays: 90",
      'defaults.displayName = "X": is per app; set displayName under each app instead',
    ]);
  });
});

describe("renamedFrom", () => {
  it("refuses a previous key that is still in use or claimed by two apps", () => {
    expect(
      problemsOf({
        apps: {
          a: { displayName: "A", renamedFrom: ["b", "old"] },
          b: { displayName: "B" },
          c: { displayName: "C", renamedFrom: ["old"] },
        },
      }),
    ).toEqual([
      'apps.a.renamedFrom = "b": is still the key of an app; list a key only after renaming it',
      'apps.c.renamedFrom = "old": is already claimed by apps.a; one app keeps an old key\'s resources',
    ]);
  });
});
