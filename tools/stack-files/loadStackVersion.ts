import { rawStackConfig } from "../../program/config/rawStackConfig";
import { ConfigProblem } from "../../program/config/configProblem";
import { AppConfig, validateStackConfig } from "../../program/config/validateStackConfig";
import { offlinePermissionProblems } from "../../program/permissions/offlinePermissionSets";

/** One version of a stack's apps, with every problem the program would report offline. */
export interface StackVersion {
  apps: AppConfig[];
  problems: ConfigProblem[];
}

/**
 * Reads one version of a stack's config, as Pulumi hands it to the program (undefined: the stack
 * did not exist then), the way the program does: same schema, defaults and permission checks,
 * against the offline catalog.
 */
export function loadStackVersion(
  pulumiConfig: Record<string, string> | undefined,
  now: Date,
  projectDir?: string,
): StackVersion {
  if (pulumiConfig === undefined) return { apps: [], problems: [] };
  const raw = rawStackConfig(pulumiConfig);
  // A stack with no apps yet, and no other key of ours (a misspelt one is reported below).
  if (raw.apps === undefined && raw.otherKeys === undefined) return { apps: [], problems: [] };
  const validation = validateStackConfig(raw, now, { projectDir });
  return {
    apps: validation.apps,
    problems: [...validation.problems, ...offlinePermissionProblems(validation.apps)],
  };
}
