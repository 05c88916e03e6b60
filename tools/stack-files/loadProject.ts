import * as path from "path";
import { decodeYamlAsGo, YamlRefusal } from "./goYaml";
import { GoValue, goJson, holdsSecureValue } from "./goValues";
import { ProjectFiles } from "./projectFiles";
import { throwIfUnreadable } from "./stackFileError";

/**
 * `Pulumi.yaml` read as Pulumi 3.248 reads it (github.com/pulumi/pulumi/sdk/v3,
 * go/common/workspace/loaders.go LoadProjectBytes, project.go RewriteConfigPathIntoStackConfigDir,
 * RewriteShorthandConfigValues, Project.Validate; paths.go findProjectInDir), as far as it
 * decides the config a stack gets: the project name (the default namespace), `stackConfigDir`,
 * and the project-level `config:` values and defaults.
 */
export interface Project {
  name: string;
  /** Project-relative POSIX folder of the stack files; "" for the project folder. */
  stackConfigDir: string;
  /** Project config a stack gets when it does not set the key itself: "ns:name" → text. */
  configDefaults: Map<string, string>;
  /** The project file's other settings (runtime, main, ...), for review to compare as code. */
  otherSettings: string;
}

export interface Refusal extends YamlRefusal {
  file: string;
}

export const PROJECT_FILE = "Pulumi.yaml";

/** Keys a project config declaration may hold (project.json, configTypeDeclaration). */
const DECLARATION_KEYS = new Set(["type", "items", "description", "secret", "default", "value"]);
/** Settings of the project file that are neither config nor words for people. */
const NOT_CODE = new Set(["config", "stackConfigDir", "description"]);

export function loadProject(files: ProjectFiles): { project?: Project; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const refuse = (file: string, where: string, message: string) =>
    refusals.push({ file, path: where, message });
  // findProjectInDir tries Pulumi.json first, then Pulumi.yaml, then Pulumi.yml.
  for (const other of ["Pulumi.json", "Pulumi.yml"]) {
    if (files.kind(other) !== undefined)
      refuse(
        other,
        "",
        `exists beside ${PROJECT_FILE}; Pulumi may read it instead (Pulumi.json comes first). Keep the project in ${PROJECT_FILE} only and remove ${other}`,
      );
  }
  const kind = files.kind(PROJECT_FILE);
  if (kind !== "file") {
    refuse(
      PROJECT_FILE,
      "",
      kind === undefined
        ? "does not exist; run the command in the project folder"
        : `is a ${kind === "symlink" ? "symbolic link" : kind}, not a file; the project file is read only as a regular file (a link's target would escape review)`,
    );
    return { refusals };
  }
  const decoded = decodeYamlAsGo(files.read(PROJECT_FILE) ?? "");
  throwIfUnreadable(decoded.refusals, PROJECT_FILE);
  for (const refusal of decoded.refusals) refuse(PROJECT_FILE, refusal.path, refusal.message);
  const root = decoded.value;
  if (refusals.length > 0 || !root) return { refusals };
  if (root.kind !== "map") {
    refuse(PROJECT_FILE, "", "must be a YAML map with name: and runtime:");
    return { refusals };
  }
  const name = root.entries.get("name");
  if (name?.kind !== "string" || name.value === "") {
    refuse(PROJECT_FILE, "name", "must be the project's name, a non-empty string");
    return { refusals };
  }
  const config = root.entries.get("config");
  let stackConfigDir = root.entries.get("stackConfigDir") ?? { kind: "null" };
  if (config?.kind === "string") {
    // The old spelling of stackConfigDir (RewriteConfigPathIntoStackConfigDir).
    if (root.entries.has("stackConfigDir"))
      refuse(PROJECT_FILE, "config", "cannot be a folder when stackConfigDir is also set");
    stackConfigDir = config;
  }
  const folder = stackFolder(stackConfigDir, files, (where, message) =>
    refuse(PROJECT_FILE, where, message),
  );
  const configDefaults =
    config?.kind === "map"
      ? projectConfig(name.value, config, (where, message) =>
          refuse(PROJECT_FILE, `config.${where}`, message),
        )
      : new Map<string, string>();
  if (config && config.kind !== "map" && config.kind !== "string" && config.kind !== "null")
    refuse(PROJECT_FILE, "config", "must be a map of config keys");
  const otherSettings = goJson({
    kind: "map",
    entries: new Map([...root.entries].filter(([key]) => !NOT_CODE.has(key))),
  });
  if (refusals.length > 0) return { refusals };
  return {
    project: { name: name.value, stackConfigDir: folder, configDefaults, otherSettings },
    refusals,
  };
}

/** `stackConfigDir`: a folder inside the project, reached through no symbolic link. */
function stackFolder(
  value: GoValue,
  files: ProjectFiles,
  refuse: (where: string, message: string) => void,
): string {
  if (value.kind === "null") return "";
  if (value.kind !== "string") {
    refuse("stackConfigDir", "must be a folder name");
    return "";
  }
  const folder = path.posix.normalize(value.value).replace(/\/+$/, "");
  if (
    value.value.includes("\\") ||
    path.posix.isAbsolute(folder) ||
    folder === ".." ||
    folder.startsWith("../")
  ) {
    refuse(
      "stackConfigDir",
      `is ${JSON.stringify(value.value)}; keep stack files in a folder inside the project (a relative path without ..)`,
    );
    return "";
  }
  if (folder === "." || folder === "") return "";
  const parts = folder.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (files.kind(prefix) === "symlink")
      refuse(
        "stackConfigDir",
        `goes through ${prefix}, a symbolic link; stack files are read only through real folders`,
      );
  }
  return folder;
}

/**
 * Project `config:` as mergeConfig applies it: shorthand values (text, integers, booleans,
 * lists) are defaults of the project's own keys and values of other namespaces; declarations
 * give `default` or `value`. Declared types are refused: Pulumi would check stack values against
 * them, which this project leaves to the program.
 */
function projectConfig(
  projectName: string,
  config: Extract<GoValue, { kind: "map" }>,
  refuse: (where: string, message: string) => void,
): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const [rawKey, entry] of [...config.entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const key = configKey(projectName, rawKey);
    if (typeof key !== "string" || /[.[\]"]/.test(rawKey.split(":").pop()!)) {
      refuse(rawKey, typeof key === "string" ? "is a config path; name a whole key" : key.refused);
      continue;
    }
    const own = !rawKey.includes(":") || rawKey.startsWith(`${projectName}:`);
    const shorthand =
      entry.kind === "string" ||
      entry.kind === "bool" ||
      entry.kind === "list" ||
      (entry.kind === "int" && BigInt(entry.decimal) < 2n ** 63n);
    if (shorthand) {
      defaults.set(key, configText(entry));
      continue;
    }
    if (entry.kind !== "map") {
      refuse(rawKey, `must be text, a whole number, true/false, a list or a declaration`);
      continue;
    }
    const unknown = [...entry.entries.keys()].filter((k) => !DECLARATION_KEYS.has(k));
    const chosen = entry.entries.get("default") ?? entry.entries.get("value");
    const problem = unknown.length
      ? `has ${unknown.join(", ")}; a declaration holds only ${[...DECLARATION_KEYS].join(", ")}`
      : entry.entries.has("type") || entry.entries.has("items")
        ? "declares a type; declare no type (the program validates its own config)"
        : entry.entries.has("default") && entry.entries.has("value")
          ? "has both default and value; keep one"
          : !own && entry.entries.has("default")
            ? "is another namespace's key: give value, not default"
            : chosen === undefined || chosen.kind === "null"
              ? "gives neither default nor value; set one, or set the key in each stack file"
              : holdsSecureValue(chosen)
                ? "holds an encrypted value; set secrets in the stack file with pulumi config set --secret"
                : undefined;
    if (problem) refuse(rawKey, problem);
    else defaults.set(key, configText(chosen!));
  }
  return defaults;
}

/** createConfigValue: text, integers and booleans as text (`%v`), anything else as JSON. */
function configText(value: GoValue): string {
  if (value.kind === "string") return value.value;
  if (value.kind === "bool") return String(value.value);
  if (value.kind === "int") return value.decimal;
  return goJson(value, "rfc3339");
}

/**
 * config.ParseKey after the project name is added to a key without one: `ns:name`, or the old
 * `ns:config:name`. Anything else Pulumi refuses.
 */
export function configKey(projectName: string, rawKey: string): string | { refused: string } {
  const parts = rawKey.split(":");
  if (parts.length === 1) return `${projectName}:${rawKey}`;
  if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") return rawKey;
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "")
    return `${parts[0]}:${parts[2]}`;
  return {
    refused: "is not a config key of the form namespace:name; Pulumi refuses it too",
  };
}
