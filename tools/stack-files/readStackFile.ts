import * as fs from "fs";
import * as path from "path";
import { stackFileConfig } from "./loadStackConfig";
import { StackFileError } from "./stackFileError";
import { YAML_LIMITS } from "./goYaml";

export { StackFileError } from "./stackFileError";

/** A stack's config as Pulumi hands it to the program (see loadStackConfig.ts). */
export interface StackFile {
  path: string;
  /** Every config key, values as Pulumi passes them (objects as JSON text). */
  pulumiConfig: Record<string, string>;
  /** `azuread:tenantId`, when set. */
  tenantId?: string;
}

export function stackFilePath(projectDir: string, stack: string): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

/** A stack file is a few hundred kilobytes at most: see YAML_LIMITS. */
export const MAX_STACK_FILE_BYTES = YAML_LIMITS.maxBytes;

/** One stack file on its own (`plan --config`): a regular file, read as Pulumi types YAML. */
export function readStackFile(file: string): StackFile {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    throw new StackFileError(
      `${file} does not exist; create it or pick another stack (ls Pulumi.*.yaml)`,
    );
  }
  if (stat.isSymbolicLink()) {
    throw new StackFileError(
      `${file} is a symbolic link; a stack file is read only as a regular file, so that review sees every change to it`,
    );
  }
  if (stat.isDirectory()) {
    throw new StackFileError(`${file} is a folder; give a stack file such as Pulumi.dev.yaml`);
  }
  if (!stat.isFile()) {
    throw new StackFileError(
      `${file} is not a regular file; give a stack file such as Pulumi.dev.yaml`,
    );
  }
  if (stat.size > MAX_STACK_FILE_BYTES) {
    throw new StackFileError(
      `${file} is ${stat.size} bytes; a stack file is at most ${MAX_STACK_FILE_BYTES} (split the apps into several stacks)`,
    );
  }
  return parseStackFile(fs.readFileSync(file, "utf8"), file);
}

export function parseStackFile(text: string, file: string): StackFile {
  const { config } = stackFileConfig(text, file);
  return { path: file, pulumiConfig: config, tenantId: config["azuread:tenantId"] };
}
