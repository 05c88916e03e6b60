import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";

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

/** A stack file is a few kilobytes; refuse to read anything that could exhaust memory. */
export const MAX_STACK_FILE_BYTES = 4 * 1024 * 1024;

export function readStackFile(file: string): StackFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new StackFileError(
      `${file} does not exist; create it or pick another stack (ls Pulumi.*.yaml)`,
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
  if (text.includes("\0")) {
    throw new StackFileError(`${file} is a binary file, not a YAML stack file`);
  }
  // Unquoted dates are YAML timestamps, as Pulumi's Go reader resolves them (see goTimeText).
  const documents = parseAllDocuments(text, { customTags: ["timestamp"] });
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.length > 1) {
    throw new StackFileError(
      `${file} holds ${list.length} YAML documents (separated by ---); a stack file is one document with a config: map`,
    );
  }
  const errors = list[0]?.errors ?? [];
  if (errors.length > 0) {
    const first = errors[0];
    const line = first.linePos?.[0].line;
    throw new StackFileError(
      `${file} is not valid YAML${line ? ` (line ${line})` : ""}: ${first.code.toLowerCase().replace(/_/g, " ")}; fix the YAML syntax there`,
    );
  }
  const document: unknown = asPulumiHandsOver(list[0]?.toJS({ maxAliasCount: 100 }) ?? null);
  if (document !== null && (typeof document !== "object" || Array.isArray(document))) {
    throw new StackFileError(
      `${file} is not a Pulumi stack file: expected a YAML map with a config: key, found ${Array.isArray(document) ? "a list" : "plain text"}`,
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

/**
 * Values as `pulumi up` hands them to the program: Pulumi reads stack files with Go's YAML
 * library, which resolves an unquoted date (`expiresOn: 2027-10-31`) to a timestamp and passes
 * it on as Go prints one ("2027-10-31 00:00:00 +0000 UTC"). `plan` and `review` see the same
 * text, so they accept and refuse exactly what a deployment would.
 */
function asPulumiHandsOver(value: unknown): unknown {
  if (value instanceof Date) return goTimeText(value);
  if (Array.isArray(value)) return value.map(asPulumiHandsOver);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, asPulumiHandsOver(inner)]),
    );
  }
  return value;
}

/** Go's time.Time String() of a UTC time: `2006-01-02 15:04:05 +0000 UTC`. */
export function goTimeText(date: Date): string {
  const iso = date.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""} +0000 UTC`;
}
