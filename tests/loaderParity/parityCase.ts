/** One project folder of the loader-parity corpus, and writing it to disk. */
import * as fs from "fs";
import * as path from "path";
import { PROJECT } from "./baseConfig";

/** A file's content (a Buffer for non-UTF-8 bytes), a symbolic link, or an empty folder. */
export type CaseFile = string | Buffer | { symlinkTo: string } | { directory: true };

export interface ParityCase {
  /** Unique, names the folder: `finding-1-unnamespaced-defaults`, `gen-0042-merge-tags`. */
  name: string;
  /** Case-relative POSIX path → content. The project folder is `project/`. */
  files: Record<string, CaseFile>;
  /** Stacks to resolve in the project folder. */
  stacks: string[];
}

/** Where the project sits inside a case folder (so `stackConfigDir: ../x` stays inside the case). */
export const PROJECT_DIR = "project";

export const RUNTIME_BLOCK = "runtime:\n  name: nodejs\n  options:\n    typescript: true\n";

/** The project's own Pulumi.yaml, with extra top-level text (`stackConfigDir`, `config:`). */
export function projectYaml(extra = "", name = PROJECT): string {
  return `name: ${name}\n${RUNTIME_BLOCK}description: Entra ID app registrations\n${extra}`;
}

/** A case with the usual Pulumi.yaml and one stack file `Pulumi.<stack>.yaml`. */
export function simpleCase(
  name: string,
  stackText: string | Buffer,
  options: { project?: string; stack?: string } = {},
): ParityCase {
  const stack = options.stack ?? "prod";
  return {
    name,
    files: {
      [`${PROJECT_DIR}/Pulumi.yaml`]: options.project ?? projectYaml(),
      [`${PROJECT_DIR}/Pulumi.${stack}.yaml`]: stackText,
    },
    stacks: [stack],
  };
}

/** Writes every case under `root/<name>/`; returns the project folder of each case by name. */
export function writeCorpus(root: string, cases: ParityCase[]): Map<string, string> {
  const projectDirs = new Map<string, string>();
  for (const parityCase of cases) {
    const caseDir = path.join(root, parityCase.name);
    if (projectDirs.has(parityCase.name)) throw new Error(`duplicate case ${parityCase.name}`);
    fs.mkdirSync(path.join(caseDir, PROJECT_DIR), { recursive: true });
    for (const [relPath, content] of Object.entries(parityCase.files)) {
      const file = path.join(caseDir, relPath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (typeof content === "string" || Buffer.isBuffer(content)) fs.writeFileSync(file, content);
      else if ("symlinkTo" in content) fs.symlinkSync(content.symlinkTo, file);
      else fs.mkdirSync(file, { recursive: true });
    }
    projectDirs.set(parityCase.name, path.join(caseDir, PROJECT_DIR));
  }
  return projectDirs;
}
