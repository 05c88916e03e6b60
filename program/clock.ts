import { StackConfigError } from "./stackConfigError";

/** Lets `plan`, tests and dry runs evaluate the program as of another day (ISO 8601). */
export const NOW_OVERRIDE_VARIABLE = "ENTRA_GRAPH_APPS_NOW";

/**
 * The program's only clock read. Rotation windows and expiry checks all derive from this value,
 * so setting ENTRA_GRAPH_APPS_NOW shows what a run on that day would do.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const override = env[NOW_OVERRIDE_VARIABLE];
  if (override === undefined || override === "") return new Date();
  const parsed = new Date(override);
  if (Number.isNaN(parsed.getTime())) {
    throw new StackConfigError([
      {
        path: `environment ${NOW_OVERRIDE_VARIABLE}`,
        value: override,
        message:
          "is not a date; use ISO 8601 such as 2026-11-22 or 2026-11-22T08:00:00Z, or unset it",
      },
    ]);
  }
  return parsed;
}
