import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, rawStackConfig } from "../config/rawStackConfig";
import { RawStackConfig } from "../config/validateStackConfig";

/** Reads `entra-graph-apps:apps` and `entra-graph-apps:defaults` as Pulumi hands them over. */
export function readStackConfig(): RawStackConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return rawStackConfig((key) => config.get(key));
}
