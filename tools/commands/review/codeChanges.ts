import * as path from "path";
import { decodeYamlAsGo } from "../../stack-files/goYaml";
import { goJson } from "../../stack-files/goValues";
import { GitPlace } from "./gitFiles";
import { ChangedEntry, changedEntries, git, Revision } from "./revisionFiles";

/*
 * Which changed paths review can judge as data and which it cannot. Stack config (read by the
 * stack loader) and guardrail config (guardrailChanges.ts) are data: review says what they
 * grant. Docs are ignored. Everything else is run, not read: the program, the components, the
 * policy pack, the tools (review itself), package files, workflows. Review cannot tell what a
 * change there grants, so each such path is listed for a human and the review exits 3.
 */

export type PathClass = "stack-data" | "guardrail-config" | "docs" | "code";

export interface ClassifiedPath {
  path: string;
  class: PathClass;
  /** Why a path that looks like data is treated as code. */
  why?: string;
}

export interface CodeChangeReport {
  /** Paths that decide what deploys (or how it is checked): each needs a human review. */
  code: { path: string; why?: string }[];
  guardrail: string[];
  data: string[];
  docs: string[];
}

/** Folders of code: a stack file or certificate under them is a fixture or another project. */
const CODE_FOLDERS = new Set([
  "program",
  "components",
  "policy",
  "tools",
  "bootstrap",
  "tests",
  "examples",
  ".github",
  ".ci",
]);

/**
 * Pulumi's project file names, in the order Pulumi looks for them: Pulumi.json wins over
 * Pulumi.yaml (sdk/go/common/encoding/marshal.go Exts; workspace/paths.go findProjectInDir).
 */
export const PROJECT_FILES = ["Pulumi.json", "Pulumi.yaml", "Pulumi.yml"];

const STACK_FILE = /^Pulumi\.[^/]+\.(yaml|yml|json)$/;
const KIND_BY_MODE: Record<string, string> = {
  "120000": "now a symbolic link: deploy reads what it points at, which review does not follow",
  "160000": "now a submodule: its files are not in this repository's review",
};

/**
 * The class of one changed path (repository-relative). `guardrailFiles` are the policy configs
 * the base's workflows pass (repository-relative).
 */
export function classifyPath(entry: ChangedEntry, guardrailFiles: string[]): ClassifiedPath {
  const file = entry.path;
  if (guardrailFiles.includes(file)) return { path: file, class: "guardrail-config" };
  const linked = KIND_BY_MODE[entry.newMode];
  if (linked) return { path: file, class: "code", why: linked };
  if (!["100644", "100755", "000000"].includes(entry.newMode))
    return { path: file, class: "code", why: `mode ${entry.newMode}: not a regular file` };
  const segments = file.split("/");
  const name = segments[segments.length - 1];
  if (/\.md$/i.test(name)) return { path: file, class: "docs" };
  if (CODE_FOLDERS.has(segments[0])) return { path: file, class: "code" };
  // Certificate files are code too: a pemFile's certificate is reviewed in its stack, and any
  // file may be read by what runs at deploy (a project's runtime options can `--require` one).
  if (PROJECT_FILES.includes(name) || STACK_FILE.test(name))
    return { path: file, class: "stack-data" };
  if (segments[0] === "docs" && segments.length > 1) return { path: file, class: "docs" };
  if (segments.length === 1 && /^(LICENSE|LICENCE)(\.[a-z]+)?$/i.test(name))
    return { path: file, class: "docs" };
  return { path: file, class: "code" };
}

/** Sorts the changed paths into the report; `projectFileCheck` may turn a project file into code. */
export function reportPathChanges(
  entries: ChangedEntry[],
  guardrailFiles: string[],
  projectFileCheck: (file: string) => string | undefined = () => undefined,
): CodeChangeReport {
  const report: CodeChangeReport = { code: [], guardrail: [], data: [], docs: [] };
  for (const entry of entries) {
    const classified = classifyPath(entry, guardrailFiles);
    const projectFileWhy =
      classified.class === "stack-data" ? projectFileCheck(entry.path) : undefined;
    if (classified.class === "code" || projectFileWhy)
      report.code.push({ path: entry.path, why: classified.why ?? projectFileWhy });
    else if (classified.class === "guardrail-config") report.guardrail.push(entry.path);
    else if (classified.class === "stack-data") report.data.push(entry.path);
    else report.docs.push(entry.path);
  }
  return report;
}

/** The review of every path changed between `base` and `head`. */
export function reviewCodeChanges(
  place: GitPlace,
  base: Revision & { commit: string },
  head: Revision,
  prefix: string,
): CodeChangeReport {
  const entries = changedEntries(place, base.commit, head);
  const projectFiles = PROJECT_FILES.map((name) => prefix + name);
  return reportPathChanges(entries, guardrailConfigFiles(place, base, prefix), (file) =>
    projectFiles.includes(file) ? projectSettingsChange(base, head, file) : undefined,
  );
}

/**
 * The policy configs the base's workflows hand Pulumi or plan (`--policy-pack-config F`,
 * `--policy-config F`, pulumi/actions' `policyPackConfigs`), and policy/config.json always.
 * Read from the base: a pull request that names another file changes a workflow, which is code.
 */
export function guardrailConfigFiles(
  place: GitPlace,
  base: Revision & { commit: string },
  prefix: string,
): string[] {
  const files = new Set([prefix + "policy/config.json"]);
  const listed = git(place, [
    "ls-tree",
    "-z",
    "--name-only",
    "--full-tree",
    base.commit,
    "--",
    ".github/workflows/",
  ]);
  for (const workflow of listed.split("\0").filter((file) => /\.ya?ml$/.test(file))) {
    const text = base.read(workflow) ?? "";
    const named =
      /(?:--policy-pack-config|--policy-config)[ =]+["']?([^\s"'$`]+)|policyPackConfigs:\s*["']?([^\s"'$`]+)/g;
    for (const match of text.matchAll(named)) {
      const file = path.posix.normalize(match[1] ?? match[2]);
      if (!file.startsWith("../") && !path.posix.isAbsolute(file)) files.add(file);
    }
  }
  return [...files].sort();
}

/** Top-level project settings that are data: config values, where stack files live, prose. */
const DATA_SETTINGS = new Set(["config", "stackConfigDir", "description"]);

/**
 * Why a project file's change is code, or undefined when only its data settings changed.
 * `main`, `runtime` (its options: node arguments, TypeScript or not), `plugins`, `backend` and
 * the rest decide what program runs and how, so any change to them needs a human.
 */
export function projectSettingsChange(
  base: Revision,
  head: Revision,
  file: string,
): string | undefined {
  const before = base.read(file);
  const after = head.read(file);
  if (before === undefined || after === undefined)
    return `a project file ${before === undefined ? "added" : "removed"}: Pulumi reads the first of Pulumi.json, Pulumi.yaml, Pulumi.yml, and its main and runtime decide what runs`;
  // Read as Pulumi reads it (tools/stack-files/goYaml.ts): a line another YAML reader would not
  // see (after a lone carriage return, say) is refused rather than missed.
  const settings = (text: string) => {
    if (file.endsWith(".json")) throw new Error("Pulumi.json is never data");
    const decoded = decodeYamlAsGo(text);
    if (decoded.refusals.length > 0 || decoded.value?.kind !== "map") throw new Error("not a map");
    return goJson({
      kind: "map",
      entries: new Map([...decoded.value.entries].filter(([key]) => !DATA_SETTINGS.has(key))),
    });
  };
  try {
    if (settings(before) === settings(after)) return undefined;
  } catch {
    return "cannot be read as a project file map, so review cannot tell which settings changed";
  }
  return "settings other than config, stackConfigDir and description changed (main, runtime, plugins, ...): they decide what program runs";
}
