/**
 * Strict ISO 8601 / RFC 3339 dates for `--now` and for dates read from stack outputs. `new Date`
 * alone is too lenient to trust: it reads "1" as 2001, "2026-02-30" as 2 March, and a date-time
 * without a zone in local time. A date this cannot read is an error, never "no date".
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The instant `text` names (a date alone is midnight UTC), or undefined when it is not one. */
export function parseIsoDate(text: string): Date | undefined {
  const date = DATE.exec(text);
  const dateTime = date ? undefined : DATE_TIME.exec(text);
  const parts = date ?? dateTime;
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  if (dateTime) {
    const [hour, minute, second] = [4, 5, 6].map((i) => Number(dateTime[i] ?? 0));
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    if (dateTime[7].length > 1) {
      const [offsetHours, offsetMinutes] = dateTime[7].slice(1).split(":").map(Number);
      if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    }
  }
  const instant = new Date(date ? `${text}T00:00:00Z` : text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** What a date should look like, for error messages. */
export const ISO_DATE_HINT = "an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z";
