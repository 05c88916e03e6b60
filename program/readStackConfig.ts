import * as pulumi from "@pulumi/pulumi";
import { ConfigProblemsError } from "./config/configProblem";
import { rawStackConfig } from "./config/rawStackConfig";
import { StackConfigError } from "./stackConfigError";
import { RawStackConfig } from "./config/validateStackConfig";

/** Reads every `entra-graph-apps:*` key as Pulumi hands it over, so none goes unnoticed. */
export function readStackConfig(): RawStackConfig {
  try {
    return rawStackConfig(pulumi.runtime.allConfig());
  } catch (error) {
    if (error instanceof ConfigProblemsError) throw new StackConfigError(error.problems);
    throw error;
  }
}
