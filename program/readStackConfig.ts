import * as pulumi from "@pulumi/pulumi";
import { StackConfigError } from "../config/configProblem";
import { RawStackConfig } from "../config/validateStackConfig";

export const CONFIG_NAMESPACE = "entra-graph-apps";

/** Reads `entra-graph-apps:apps` and `entra-graph-apps:defaults` as Pulumi hands them over. */
export function readStackConfig(): RawStackConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return { apps: readObject(config, "apps"), defaults: readObject(config, "defaults") };
}

function readObject(config: pulumi.Config, key: string): unknown {
  const text = config.get(key);
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
