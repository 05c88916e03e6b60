import { CONFIG_NAMESPACE } from "../../program/config/rawStackConfig";
import { escapeInvisible } from "../../program/config/redaction";
import { decodeYamlAsGo } from "./goYaml";
import { goConfigText, GoValue, holdsSecureValue } from "./goValues";
import { configKey, loadProject, Refusal } from "./loadProject";
import { ProjectFiles } from "./projectFiles";
import { StackFileError, throwIfUnreadable } from "./stackFileError";

/**
 * The one way this project reads a stack's config: what `pulumi up --stack <name>` hands the
 * program, resolved as Pulumi 3.248 does it (github.com/pulumi/pulumi/sdk/v3, go/common/workspace:
 * DetectProjectStackPath, LoadProjectStackBytes with stackConfigNamespacedWithProject,
 * ValidateStackConfigAndApplyProjectConfig; go/common/resource/config: ParseKey, object.go), or
 * refused, naming file, path and reason, where matching Pulumi would be unsafe or ambiguous.
 * Proven against Pulumi's own Go loader by `npm run test:loader-parity`.
 */
export interface LoadedStackConfig {
  projectName: string;
  /** Project-relative path of the stack file Pulumi reads. */
  stackFile: string;
  /** Whether it exists (without one, Pulumi runs with the project's config only). */
  stackFileExists: boolean;
  /** "ns:name" → text, as the program receives it (objects as JSON); secure values left out. */
  config: Record<string, string>;
  /** Keys whose value is or holds a ciphertext: Pulumi decrypts them, offline they are unread. */
  secureKeys: string[];
  /** The project file's settings other than config, as JSON (a change there is code). */
  projectSettings: string;
}

/** Every refusal, each with its file and config path. */
export class StackConfigRefusedError extends StackFileError {
  constructor(readonly refusals: Refusal[]) {
    super(
      `the stack config cannot be read as Pulumi reads it; nothing was planned or reviewed:\n${refusals
        .map(
          (r) =>
            `  - ${r.file}${r.path ? `: ${escapeInvisible(r.path)}` : ""} ${escapeInvisible(r.message)}`,
        )
        .join("\n")}`,
    );
    this.name = "StackConfigRefusedError";
  }
}

/** Top-level keys of a stack file Pulumi reads; others it ignores. */
const STACK_FILE_TEXT_KEYS = ["secretsprovider", "encryptedkey", "encryptionsalt"];

export function stackFileName(stack: string): string {
  return `Pulumi.${stack.replace(/\//g, "-")}.yaml`;
}

export function loadStackConfig(files: ProjectFiles, stack: string): LoadedStackConfig {
  const { project, refusals } = loadProject(files);
  if (!project) throw new StackConfigRefusedError(refusals);
  const stackFile = project.stackConfigDir
    ? `${project.stackConfigDir}/${stackFileName(stack)}`
    : stackFileName(stack);
  const refuse = (where: string, message: string) =>
    refusals.push({ file: stackFile, path: where, message });
  const kind = files.kind(stackFile);
  const values = new Map<string, GoValue>();
  if (kind !== undefined && kind !== "file") {
    refuse(
      "",
      `is a ${kind === "symlink" ? "symbolic link" : kind}; a stack file is read only as a regular file, so that review sees every change to it (replace the link with the file)`,
    );
  } else if (kind === "file") {
    readStackValues(files.read(stackFile) ?? "", stackFile, project.name, refuse, values);
  }
  if (project.name !== CONFIG_NAMESPACE)
    refusals.push({
      file: "Pulumi.yaml",
      path: "name",
      message: `is ${JSON.stringify(project.name)}; the program reads the ${CONFIG_NAMESPACE} namespace, so the project must keep that name`,
    });
  const config: Record<string, string> = {};
  const secureKeys: string[] = [];
  for (const [key, value] of values) {
    if (holdsSecureValue(value)) {
      if (key.startsWith(`${CONFIG_NAMESPACE}:`)) refuse(`config.${key}`, ENCRYPTED_APP_SETTING);
      secureKeys.push(key);
    } else config[key] = goConfigText(value);
  }
  // mergeConfig: project values and defaults for keys the stack does not set.
  for (const [key, text] of project.configDefaults) {
    if (!values.has(key)) config[key] = text;
  }
  if (refusals.length > 0) throw new StackConfigRefusedError(refusals);
  return {
    projectName: project.name,
    stackFile,
    stackFileExists: kind === "file",
    config,
    secureKeys: secureKeys.sort(),
    projectSettings: project.otherSettings,
  };
}

/**
 * One stack file read on its own, outside a project (`plan --config`, adopt's output, an
 * example): its keys namespaced as the project's, values typed as Pulumi types them.
 */
export function stackFileConfig(
  text: string,
  label: string,
): { config: Record<string, string>; secureKeys: string[] } {
  const refusals: Refusal[] = [];
  const values = new Map<string, GoValue>();
  readStackValues(
    text,
    label,
    CONFIG_NAMESPACE,
    (where, message) => refusals.push({ file: label, path: where, message }),
    values,
  );
  const config: Record<string, string> = {};
  const secureKeys: string[] = [];
  for (const [key, value] of values) {
    if (!holdsSecureValue(value)) config[key] = goConfigText(value);
    else if (key.startsWith(`${CONFIG_NAMESPACE}:`))
      refusals.push({ file: label, path: `config.${key}`, message: ENCRYPTED_APP_SETTING });
    else secureKeys.push(key);
  }
  if (refusals.length > 0) throw new StackConfigRefusedError(refusals);
  return { config, secureKeys: secureKeys.sort() };
}

const ENCRYPTED_APP_SETTING =
  "holds an encrypted value ({secure: ...}); app settings are reviewed in clear, and no setting of this project is a secret: remove it";

function readStackValues(
  text: string,
  label: string,
  projectName: string,
  refuse: (where: string, message: string) => void,
  values: Map<string, GoValue>,
): void {
  const decoded = decodeYamlAsGo(text);
  throwIfUnreadable(decoded.refusals, label);
  for (const refusal of decoded.refusals) refuse(refusal.path, refusal.message);
  const root = decoded.value;
  if (decoded.refusals.length > 0 || !root || root.kind === "null") return;
  if (root.kind !== "map")
    throw new StackFileError(
      `${label} is not a Pulumi stack file: expected a YAML map with a config: key, found ${root.kind === "list" ? "a list" : "plain text"}`,
    );
  if (root.entries.has("environment"))
    refuse(
      "environment",
      "imports Pulumi ESC environments, whose values join the config at deploy time and cannot be reviewed offline; set the values in config: instead",
    );
  for (const key of STACK_FILE_TEXT_KEYS) {
    const value = root.entries.get(key);
    if (value && value.kind !== "string" && value.kind !== "null")
      refuse(key, "must be text, as Pulumi writes it");
  }
  const config = root.entries.get("config");
  if (!config || config.kind === "null") return;
  if (config.kind !== "map")
    return refuse("config", "must be a map of keys such as entra-graph-apps:apps");
  const spelledAs = new Map<string, string>();
  for (const [rawKey, value] of config.entries) {
    const key = configKey(projectName, rawKey);
    if (typeof key !== "string") {
      refuse(`config.${rawKey}`, key.refused);
      continue;
    }
    const earlier = spelledAs.get(key);
    if (earlier !== undefined) {
      // Go's map order decides which one wins: never the same twice.
      refuse(
        `config.${rawKey}`,
        `and config.${earlier} both name ${key}, and Pulumi keeps one of them at random; keep one`,
      );
      continue;
    }
    spelledAs.set(key, rawKey);
    values.set(key, value);
  }
}
