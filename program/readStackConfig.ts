import * as pulumi from "@pulumi/pulumi";
import { rawStackConfig } from "../config/rawStackConfig";
import { RawStackConfig } from "../config/validateStackConfig";

/** Reads every `entra-graph-apps:*` key as Pulumi hands it over, so none goes unnoticed. */
export function readStackConfig(): RawStackConfig {
  return rawStackConfig(pulumi.runtime.allConfig());
}
