import { hostileLiveCases } from "./hostile/driftCorpus";
import { useDriftSession } from "./support/driftRun";

// Text from the tenant is attacker-controlled: whatever a name holds, drift's Markdown keeps one
// table row per finding with five cells, nothing raw (control characters, HTML, newlines), and
// no secret pasted into a name.

const session = useDriftSession();

describe.each(hostileLiveCases)("$name", ({ change, secret }) => {
  it("markdown: exit 3, one well-formed row per finding, nothing raw", async () => {
    const live = session.live();
    change(live);
    const run = await session.against(live);
    expect(run.code).toBe(3);
    const table = run.out.split("\n").filter((line) => line.startsWith("|"));
    // Header, rule, and the findings (a gain each, plus nothing else for this stack).
    expect(table.length).toBeGreaterThanOrEqual(3);
    for (const row of table) {
      const cells = row.replace(/\\\|/g, "").split("|");
      expect({ row, cells: cells.length }).toEqual({ row, cells: 7 });
    }
    expect(run.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b\u202e]/);
    // Escaped (`\\<`), GitHub shows the characters instead of making a tag.
    expect(run.out).not.toMatch(/(^|[^\\])<\/?(img|script)/);
    if (secret) expect(run.out).not.toContain(secret);
  });

  it("text and json: no raw control character and no secret", async () => {
    const live = session.live();
    change(live);
    for (const format of ["text", "json"]) {
      const run = await session.against(live, "--format", format);
      expect(run.code).toBe(3);
      expect(run.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b\u202e]/);
      if (secret) expect(run.out).not.toContain(secret);
    }
  });
});
