import fc from "fast-check";
import { secretSchedule, SecretSchedule } from "../program/rotation/secretSchedule";

const DAY_MS = 86_400_000;

function currentSlot(schedule: SecretSchedule) {
  return schedule.slots.find((slot) => slot.slot === schedule.current)!;
}

describe("secretSchedule", () => {
  it("gives one secret ending on the configured day for a fixed expiry", () => {
    expect(
      secretSchedule({ kind: "fixed", expiresOn: "2027-06-30" }, new Date("2026-11-22T10:00:00Z")),
    ).toEqual({
      slots: [
        {
          slot: "a",
          endDate: "2027-06-30T00:00:00Z",
          displayName: "entra-graph-apps, expires 2027-06-30",
        },
      ],
      current: "a",
    });
  });

  it("gives no secret when the app has none", () => {
    expect(secretSchedule({ kind: "none" }, new Date())).toBeUndefined();
  });

  it("keeps two 2R-day slots aligned to R-day windows counted from 1970-01-01", () => {
    const schedule = secretSchedule(
      { kind: "rotating", rotateEveryDays: 90 },
      new Date("2026-11-22T10:00:00Z"),
    )!;
    expect(schedule).toEqual({
      slots: [
        {
          slot: "a",
          windowStart: "2026-09-04T00:00:00Z",
          rotateEveryDays: 90,
          endDate: "2027-03-03T00:00:00Z",
          displayName: "entra-graph-apps rotation 2026-09-04 to 2027-03-03",
        },
        {
          slot: "b",
          windowStart: "2026-06-06T00:00:00Z",
          rotateEveryDays: 90,
          endDate: "2026-12-03T00:00:00Z",
          displayName: "entra-graph-apps rotation 2026-06-06 to 2026-12-03",
        },
      ],
      current: "a",
    });
  });

  it("over a year of daily runs: same inputs inside a window, one slot replaced per window change, current secret always has R days left", () => {
    const rotateEveryDays = 30;
    const start = new Date("2026-11-22T06:00:00Z").getTime();
    let previous: SecretSchedule | undefined;
    let windowChanges = 0;
    for (let day = 0; day < 365; day++) {
      const now = new Date(start + day * DAY_MS);
      const schedule = secretSchedule({ kind: "rotating", rotateEveryDays }, now)!;
      const current = currentSlot(schedule);
      expect(new Date(current.endDate).getTime() - now.getTime()).toBeGreaterThanOrEqual(
        rotateEveryDays * DAY_MS,
      );
      expect(new Date(current.windowStart!).getTime()).toBeLessThanOrEqual(now.getTime());
      const other = schedule.slots.find((slot) => slot !== current)!;
      expect(new Date(other.endDate).getTime()).toBeGreaterThan(now.getTime()); // previous secret still valid
      if (previous) {
        const changed = schedule.slots.filter(
          (slot, index) => JSON.stringify(slot) !== JSON.stringify(previous!.slots[index]),
        );
        if (schedule.current === previous.current) {
          expect(changed).toEqual([]);
        } else {
          windowChanges++;
          expect(changed.map((slot) => slot.slot)).toEqual([schedule.current]);
        }
      }
      previous = schedule;
    }
    expect(windowChanges).toBe(12);
  });

  it("holds the rotation guarantees for any period and moment (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2100-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        (rotateEveryDays, now) => {
          const schedule = secretSchedule({ kind: "rotating", rotateEveryDays }, now)!;
          const current = currentSlot(schedule);
          const lifetime =
            new Date(current.endDate).getTime() - new Date(current.windowStart!).getTime();
          return (
            schedule.slots.length === 2 &&
            lifetime === 2 * rotateEveryDays * DAY_MS &&
            new Date(current.endDate).getTime() - now.getTime() >= rotateEveryDays * DAY_MS &&
            schedule.slots.every((slot) => new Date(slot.endDate).getTime() > now.getTime())
          );
        },
      ),
    );
  });
});
