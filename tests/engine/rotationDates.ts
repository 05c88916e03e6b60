import { rawStackConfig } from "../../program/config/rawStackConfig";
import { ClientSecretPolicy } from "../../program/config/secretPolicy";
import { validateStackConfig } from "../../program/config/validateStackConfig";
import { secretSchedule, SecretSlot } from "../../program/rotation/secretSchedule";
import { StackFile } from "../../tools/stack-files/readStackFile";

const DAY_MS = 24 * 60 * 60 * 1000;

/** An app whose client secret rotates, as the stack file configures it. */
export interface RotatingApp {
  key: string;
  displayName: string;
  rotateEveryDays: number;
}

/** The days a stack's rotation tests run on, derived from its rotateEveryDays and today. */
export interface RotationDates {
  rotating: RotatingApp[];
  /** A later day on which every rotating app is still in today's window (today if none is left). */
  insideWindow: Date;
  /**
   * A day on which every rotating app is exactly one window further on; undefined when the stack
   * has no rotating secret (or its periods share no such day).
   */
  afterWindowChange?: Date;
}

/** The apps of a stack file whose client secret rotates (the program's own config validation). */
export function rotatingApps(stackFile: StackFile, now: Date): RotatingApp[] {
  const { apps } = validateStackConfig(rawStackConfig(stackFile.pulumiConfig), now);
  return apps.flatMap((app) => {
    const policy: ClientSecretPolicy = app.clientSecret;
    return policy.kind === "rotating"
      ? [{ key: app.key, displayName: app.displayName, rotateEveryDays: policy.rotateEveryDays }]
      : [];
  });
}

/**
 * Rotation windows are whole UTC days since 1970 cut into R-day windows (rotation/secretSchedule.ts).
 * "Inside the window" is the last day before the first rotating app's window ends; "after the
 * window change" is the first day on which every rotating app has moved on by exactly one window.
 * Both at noon UTC, so the day is unambiguous.
 */
export function rotationDates(stackFile: StackFile, today: Date): RotationDates {
  const rotating = rotatingApps(stackFile, today);
  const day = Math.floor(today.getTime() / DAY_MS);
  const noon = (d: number) => new Date(d * DAY_MS + DAY_MS / 2);
  if (rotating.length === 0) return { rotating, insideWindow: noon(day + 7) };
  const nextWindowStart = rotating.map(
    (app) => (Math.floor(day / app.rotateEveryDays) + 1) * app.rotateEveryDays,
  );
  const lastInside = Math.min(...nextWindowStart) - 1;
  const firstAfter = Math.max(...nextWindowStart);
  const lastAfter = Math.min(
    ...nextWindowStart.map((start, i) => start + rotating[i].rotateEveryDays - 1),
  );
  return {
    rotating,
    insideWindow: noon(Math.max(lastInside, day)),
    afterWindowChange: firstAfter <= lastAfter ? noon(firstAfter) : undefined,
  };
}

/** The password slots an app should hold on `date` (the current one and the previous one). */
export function slotsOn(
  app: RotatingApp,
  date: Date,
): { current: SecretSlot; previous: SecretSlot } {
  const schedule = secretSchedule(
    { kind: "rotating", rotateEveryDays: app.rotateEveryDays },
    date,
  )!;
  const current = schedule.slots.find((slot) => slot.slot === schedule.current)!;
  const previous = schedule.slots.find((slot) => slot.slot !== schedule.current)!;
  return { current, previous };
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
