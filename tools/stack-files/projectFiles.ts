import * as fs from "fs";
import * as path from "path";
import { YAML_LIMITS } from "./goYaml";

/**
 * Read access to a project folder, as data: the working tree, or one side of a review read from
 * git (tools/commands/review/revisionFiles.ts adapts a commit to this). Paths are relative to the
 * project folder, POSIX style. Nothing read through it is ever run.
 */
export interface ProjectFiles {
  /** For messages: "working tree", or the ref. */
  label: string;
  /** What is at the path: undefined when nothing is; a folder is "directory" or "other". */
  kind(relPath: string): "file" | "symlink" | string | undefined;
  /** A regular file's text; undefined when there is none. */
  read(relPath: string): string | undefined;
}

/** The project folder on disk. Files larger than the YAML limit are not read into memory. */
export function workingTreeFiles(projectDir: string): ProjectFiles {
  const at = (relPath: string) => path.join(projectDir, ...relPath.split("/"));
  const kind = (relPath: string) => {
    try {
      const stat = fs.lstatSync(at(relPath));
      if (stat.isSymbolicLink()) return "symlink";
      if (stat.isFile()) return "file";
      return stat.isDirectory() ? "directory" : "other";
    } catch {
      return undefined;
    }
  };
  return {
    label: "working tree",
    kind,
    read: (relPath) => {
      if (kind(relPath) !== "file") return undefined;
      const size = fs.statSync(at(relPath)).size;
      // Too large to parse: a stand-in of the same size, refused by the YAML reader's limit.
      if (size > YAML_LIMITS.maxBytes) return " ".repeat(YAML_LIMITS.maxBytes + 1);
      return fs.readFileSync(at(relPath), "utf8");
    },
  };
}
