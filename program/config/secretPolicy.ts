/** How an app's client secret is managed, after config validation. */
export type ClientSecretPolicy =
  | { kind: "none" }
  | { kind: "fixed"; expiresOn: string }
  | { kind: "rotating"; rotateEveryDays: number };

export const DEFAULT_ROTATE_EVERY_DAYS = 90;
/** Each rotating secret lives 2R days, within MAX_SECRET_LIFETIME_DAYS (365): R at most 182. */
export const MAX_ROTATE_EVERY_DAYS = 182;
/** The Entra portal's longest client secret lifetime. */
export const MAX_SECRET_LIFETIME_MONTHS = 24;

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of a date in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** The same calendar day `months` later in UTC (clamped to the month's last day). */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

/** Parses a strict `YYYY-MM-DD` calendar date (UTC midnight), or undefined. */
export function parseIsoDay(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === value ? date : undefined;
}
