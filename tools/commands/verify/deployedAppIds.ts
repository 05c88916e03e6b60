import { spawnSync } from "child_process";
import { z } from "zod";

/** The application object IDs of a stack's deployed apps, or why they could not be read. */
export type DeployedAppIds = { ids: Record<string, string> } | { unavailable: string };

const appsOutputSchema = z.record(
  z.string(),
  z.looseObject({ applicationObjectId: z.string().regex(/^[0-9a-f-]{36}$/i) }),
);

/**
 * Runs `pulumi stack output apps --json --stack <stack>`: the plain `apps` output (no secret is
 * asked for or printed), for the object IDs of the apps the stack has deployed, so their creation
 * dates and assigned policies can be read. Anything short of that (no Pulumi CLI, a stack never
 * deployed, a backend not logged in) leaves every app judged as created now, which the report says.
 */
export function readDeployedAppIds(
  stack: string,
  projectDir: string,
  env: NodeJS.ProcessEnv,
): DeployedAppIds {
  const result = spawnSync("pulumi", ["stack", "output", "apps", "--json", "--stack", stack], {
    cwd: projectDir,
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    return { unavailable: "the Pulumi CLI is not on PATH" };
  if (result.error || result.status !== 0)
    return {
      unavailable: `pulumi stack output apps failed (${result.error?.message ?? `exit ${result.status}`}; a stack never deployed has no outputs)`,
    };
  try {
    const apps = appsOutputSchema.parse(JSON.parse(result.stdout));
    return {
      ids: Object.fromEntries(
        Object.entries(apps).map(([key, app]) => [key, app.applicationObjectId.toLowerCase()]),
      ),
    };
  } catch {
    return { unavailable: "the stack's apps output has no application object IDs" };
  }
}
