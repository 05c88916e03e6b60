import { z } from "zod";
import { MAX_SECRET_LIFETIME_DAYS, checkSecretEnd } from "../../guardrails/rules";
import {
  ClientSecretPolicy,
  MAX_ROTATE_EVERY_DAYS,
  MAX_SECRET_LIFETIME_MONTHS,
  addMonths,
  isoDay,
  parseIsoDay,
} from "../secretPolicy";

const SHAPE = `must be false (no secret), { rotateEveryDays: 1..${MAX_ROTATE_EVERY_DAYS} } or { expiresOn: YYYY-MM-DD }; the default is { rotateEveryDays: 90 }`;
const SETTINGS = ["expiresOn", "rotateEveryDays"];
const NEVER = /^(never|none|infinite|unlimited)$/i;

/**
 * An unquoted `expiresOn: 2027-10-31` reaches the program as Pulumi's Go YAML reader prints the
 * timestamp it resolved: `2027-10-31 00:00:00 +0000 UTC`. That is the same day.
 */
export function dayOf(text: string): string {
  const pulumiTimestamp = /^(\d{4}-\d{2}-\d{2}) 00:00:00 \+0000 UTC$/.exec(text);
  return pulumiTimestamp ? pulumiTimestamp[1] : text;
}

/** A fixed end date: a day after `today` and within the limit the guardrail policy applies. */
function expiresOnSchema(today: Date) {
  const example = isoDay(addMonths(today, 6));
  const latest = new Date(today.getTime() + MAX_SECRET_LIFETIME_DAYS * 86_400_000);
  const messages = {
    never:
      `client secrets can no longer be created without an expiry: Microsoft caps them at ${MAX_SECRET_LIFETIME_MONTHS} months ` +
      `and recommends under 12; this project allows ${MAX_SECRET_LIFETIME_DAYS} days. Use \`rotateEveryDays: 90\` for automatic rotation, or a date such as \`expiresOn: ${example}\``,
    notADate: `must be a date written YYYY-MM-DD, e.g. expiresOn: ${example}`,
    past: `is not in the future (today is ${isoDay(today)}); set a later date or use rotateEveryDays`,
    tooFar: `is more than ${MAX_SECRET_LIFETIME_DAYS} days ahead (Microsoft recommends under 12 months; the guardrail policy holds to it); the latest allowed today is ${isoDay(latest)}, or use rotateEveryDays`,
  };
  const problemOf = (day: string): keyof typeof messages | undefined => {
    if (NEVER.test(day.trim())) return "never";
    const date = parseIsoDay(day);
    if (!date) return "notADate";
    // The same rule, and the same limit, the guardrail policy applies to every ApplicationPassword.
    const check = checkSecretEnd({ endDate: date.toISOString() }, today, MAX_SECRET_LIFETIME_DAYS);
    return !check.ok && (check.problem === "past" || check.problem === "tooFar")
      ? check.problem
      : undefined;
  };
  return z
    .string({ error: messages.notADate })
    .meta({
      description: `The one secret's end date, YYYY-MM-DD: in the future and at most ${MAX_SECRET_LIFETIME_DAYS} days ahead.`,
      pattern: "^\\d{4}-\\d{2}-\\d{2}$",
    })
    .transform(dayOf)
    .superRefine((day, ctx) => {
      const problem = problemOf(day);
      if (problem) ctx.addIssue({ code: "custom", message: messages[problem] });
    });
}

const ROTATE_EVERY_DAYS = `must be a whole number of days from 1 to ${MAX_ROTATE_EVERY_DAYS}; each secret then lives twice that long (at most ${MAX_SECRET_LIFETIME_DAYS} days), e.g. rotateEveryDays: 90`;

const rotateEveryDaysSchema = z
  .number({ error: ROTATE_EVERY_DAYS })
  .refine((days) => Number.isInteger(days) && days >= 1 && days <= MAX_ROTATE_EVERY_DAYS, {
    error: ROTATE_EVERY_DAYS,
  })
  // The refinement above, as JSON Schema can say it (for editors; see tools/config-docs/).
  .meta({
    type: "integer",
    minimum: 1,
    maximum: MAX_ROTATE_EVERY_DAYS,
    description: `Days between rotations: two secrets, each living twice that (at most ${MAX_SECRET_LIFETIME_DAYS} days).`,
  });

/** Refinements that look at which keys were written run even when a value is wrong. */
const whenMap = { when: (payload: z.core.ParsePayload) => isMap(payload.value) };

function secretSettingsSchema(today: Date) {
  return (
    z
      .looseObject(
        {
          expiresOn: expiresOnSchema(today).optional(),
          rotateEveryDays: rotateEveryDaysSchema.optional(),
        },
        { error: SHAPE },
      )
      .superRefine((settings, ctx) => {
        for (const key of Object.keys(settings).filter((key) => !SETTINGS.includes(key))) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            input: settings[key],
            message: `unknown setting; ${SHAPE}`,
          });
        }
      }, whenMap)
      .superRefine((settings, ctx) => {
        const written = Object.keys(settings);
        const hasExpiry = written.includes("expiresOn");
        const hasRotation = written.includes("rotateEveryDays");
        if (hasExpiry && hasRotation) {
          ctx.addIssue({
            code: "custom",
            message:
              "set either expiresOn (one secret, fixed end date) or rotateEveryDays (two rotating secrets), not both",
          });
        } else if (written.length === 0) {
          ctx.addIssue({ code: "custom", message: SHAPE });
        }
      }, whenMap)
      // Unknown keys are refused by the first refinement (with the shape in its message).
      .meta({ additionalProperties: false })
  );
}

/**
 * `clientSecret:`, false for none, `{ rotateEveryDays }` for two rotating secrets or
 * `{ expiresOn }` for one with a fixed end. `today` is passed in so validation stays deterministic.
 */
export function clientSecretSchema(today: Date) {
  return z
    .union([z.literal(false), secretSettingsSchema(today)], { error: SHAPE })
    .transform((value): ClientSecretPolicy => {
      if (value === false) return { kind: "none" };
      if (value.expiresOn !== undefined) return { kind: "fixed", expiresOn: value.expiresOn };
      return { kind: "rotating", rotateEveryDays: value.rotateEveryDays! };
    });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
