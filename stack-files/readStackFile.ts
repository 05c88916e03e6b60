import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** A `Pulumi.<stack>.yaml` read as Pulumi would hand it to the program. */
export interface StackFile {
  path: string;
  /** Every config key, values as Pulumi passes them (objects as JSON text). */
  pulumiConfig: Record<string, string>;
  /** `azuread:tenantId`, when set. */
  tenantId?: string;
}

/** A stack file that cannot be read or parsed: a usage problem, not a config problem. */
export class StackFileError extends Error {}

export function stackFilePath(projectDir: string, stack: string): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

export function readStackFile(file: string): StackFile {
  if (!fs.existsSync(file)) {
    throw new StackFileError(
      `${file} does not exist; create it or pick another stack (ls Pulumi.*.yaml)`,
    );
  }
  return parseStackFile(fs.readFileSync(file, "utf8"), file);
}

export function parseStackFile(text: string, file: string): StackFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new StackFileError(
      `${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const config = (document as { config?: unknown } | null)?.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackFileError(
      `${file}: \`config:\` must be a map of keys such as entra-graph-apps:apps`,
    );
  }
  const pulumiConfig: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value && typeof value === "object" && "secure" in value) continue; // encrypted: not ours to read
    pulumiConfig[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { path: file, pulumiConfig, tenantId: pulumiConfig["azuread:tenantId"] };
}
