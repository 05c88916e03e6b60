import type { ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_SECRET_LIFETIME_DAYS, checkSecretEnd } from "../../program/guardrails/rules";
import { TYPES } from "../../program/guardrails/resourceTypes";

/** The hard cap on a client secret's lifetime, whatever the pack's config says: config's own limit. */
export const MAX_SECRET_DAYS_CAP = MAX_SECRET_LIFETIME_DAYS;

/** 2. Every client secret ends, and within the allowed lifetime. */
export function clientSecretLifetime(now: () => Date): ResourceValidationPolicy {
  return {
    name: "client-secret-lifetime",
    description: `Client secrets must have an end date at most maxDays ahead (default and hard cap ${MAX_SECRET_DAYS_CAP}, the limit config validation applies).`,
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        maxDays: {
          type: "integer",
          minimum: 1,
          maximum: MAX_SECRET_DAYS_CAP,
          default: MAX_SECRET_DAYS_CAP,
        },
      },
    },
    validateResource: (args, reportViolation) => {
      const maxDays = Math.min(
        args.getConfig<{ maxDays?: number }>().maxDays ?? MAX_SECRET_DAYS_CAP,
        MAX_SECRET_DAYS_CAP,
      );
      const passwords =
        args.type === TYPES.applicationPassword
          ? [{ label: `client secret ${args.name}`, end: args.props }]
          : args.type === TYPES.application && args.props.password
            ? [{ label: `inline password of app ${args.name}`, end: args.props.password }]
            : [];
      for (const { label, end } of passwords) {
        // The provider never reads end_date_relative for a password (credentials.go
        // PasswordCredential; upstream #1424): Graph gives such a password its default two years.
        if (!end.endDate && end.endDateRelative) {
          reportViolation(
            `${label} sets endDateRelative (${end.endDateRelative}), which the azuread provider ignores for passwords (terraform-provider-azuread#1424): Graph would give it its default two-year lifetime. Set endDate instead.`,
          );
          continue;
        }
        const result = checkSecretEnd({ endDate: end.endDate }, now(), maxDays);
        if (result.ok) continue;
        const latest = result.latest.toISOString().slice(0, 10);
        const messages = {
          missing: `${label} has no end date; set endDate no later than ${latest} (secrets must expire).`,
          unparsable: `${label} has an end date that is not a date (${end.endDate ?? end.endDateRelative}).`,
          past: `${label} ends in the past (${end.endDate ?? end.endDateRelative}).`,
          tooFar: `${label} ends ${end.endDate ?? end.endDateRelative}, more than ${maxDays} days ahead; the latest allowed today is ${latest}. Rotate more often instead.`,
        };
        reportViolation(messages[result.problem]);
      }
    },
  };
}
