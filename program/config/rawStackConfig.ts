import { ConfigProblemsError } from "./configProblem";
import { RawStackConfig } from "./appConfig";

export const CONFIG_NAMESPACE = "entra-graph-apps";
/** The keys this project reads from its namespace; any other is a mistake, never ignored. */
export const NAMESPACE_KEYS = ["apps", "defaults"] as const;

/**
 * Builds the raw config from every `entra-graph-apps:*` key as Pulumi stores them (objects as
 * JSON text): Pulumi's whole config at run time (`pulumi.runtime.allConfig()`), a parsed stack
 * file in `plan` and `review`. Keys of other namespaces (`azuread:`, ...) are not ours.
 */
export function rawStackConfig(allConfig: Record<string, string>): RawStackConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const ours = Object.keys(allConfig).filter((key) => key.startsWith(prefix));
  const otherKeys = ours
    .map((key) => key.slice(prefix.length))
    .filter((key) => !(NAMESPACE_KEYS as readonly string[]).includes(key));
  return {
    apps: readObject(allConfig[`${prefix}apps`], "apps"),
    defaults: readObject(allConfig[`${prefix}defaults`], "defaults"),
    ...(otherKeys.length > 0 ? { otherKeys } : {}),
  };
}

function readObject(text: string | undefined, key: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigProblemsError([
      {
        path: key,
        value: text,
        message: `must be a map in Pulumi.<stack>.yaml (structured config), not a plain string; see docs/configuration.md "Configuring an app"`,
      },
    ]);
  }
}
