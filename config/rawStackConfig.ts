import { StackConfigError } from "./configProblem";
import { RawStackConfig } from "./validateStackConfig";

export const CONFIG_NAMESPACE = "entra-graph-apps";

/**
 * Builds the raw config from `entra-graph-apps:apps` / `:defaults` as Pulumi stores them (objects
 * as JSON text). `get` reads one key of the namespace: Pulumi's Config at run time, a parsed
 * stack file in `plan` and `review`.
 */
export function rawStackConfig(get: (key: string) => string | undefined): RawStackConfig {
  return { apps: readObject(get, "apps"), defaults: readObject(get, "defaults") };
}

function readObject(get: (key: string) => string | undefined, key: string): unknown {
  const text = get(key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new StackConfigError([
      {
        path: key,
        value: text,
        message: `must be a map in Pulumi.<stack>.yaml (structured config), not a plain string; see README "Configuring an app"`,
      },
    ]);
  }
}
