import * as fs from "fs";
import * as path from "path";
import { loadProject } from "../../stack-files/loadProject";
import {
  LoadedStackConfig,
  loadStackConfig,
  StackConfigRefusedError,
} from "../../stack-files/loadStackConfig";
import { ProjectFiles } from "../../stack-files/projectFiles";
import { fileAtRef, GitPlace } from "./gitFiles";
import { ReadProjectFile, workingTreeReader } from "./pemFiles";
import { commitRevision, git, projectPrefix, Revision, workingTreeRevision } from "./revisionFiles";

/*
 * One side of a review (the base commit, or the head: a commit or the working tree) read the way
 * `pulumi up` would read it there: Pulumi.yaml, its stackConfigDir, the stack file, project
 * config (tools/stack-files/loadStackConfig.ts). Files are read as data; nothing is run.
 */
export interface ReviewSide {
  label: string;
  files: ProjectFiles;
  /** Certificate files (`pemFile`) as this side has them. */
  readPem: ReadProjectFile;
  /** Stack names with a Pulumi.<name>.yaml in the project folder or its stackConfigDir. */
  stackNames(): string[];
}

export function commitSide(place: GitPlace, commit: string, label: string): ReviewSide {
  return side(place, commitRevision(place, commit, label), (file) => {
    try {
      return fileAtRef(place, commit, file) ?? "";
    } catch {
      return ""; // unreadable at this commit: an empty certificate, never the working tree's
    }
  });
}

export function workingTreeSide(place: GitPlace): ReviewSide {
  return side(place, workingTreeRevision(place), workingTreeReader(place.dir));
}

function side(place: GitPlace, revision: Revision, readPem: ReadProjectFile): ReviewSide {
  const prefix = projectPrefix(place);
  // Each stack reads the same project file again: one git call per path and side is enough.
  const kinds = new Map<string, ReturnType<Revision["kind"]>>();
  const texts = new Map<string, string | undefined>();
  const files: ProjectFiles = {
    label: revision.label,
    kind: (relPath) => {
      if (!kinds.has(relPath)) kinds.set(relPath, revision.kind(prefix + relPath));
      return kinds.get(relPath);
    },
    read: (relPath) => {
      if (!texts.has(relPath)) texts.set(relPath, revision.read(prefix + relPath));
      return texts.get(relPath);
    },
  };
  const listed = (folder: string): string[] => {
    const inRepo = `${prefix}${folder ? `${folder}/` : ""}`;
    if (revision.commit === undefined) {
      try {
        return fs.readdirSync(path.join(place.dir, folder));
      } catch {
        return [];
      }
    }
    return git(place, [
      "--literal-pathspecs",
      "ls-tree",
      "-z",
      "--name-only",
      revision.commit,
      "--",
      inRepo || ".",
    ])
      .split("\0")
      .map((entry) => entry.slice(inRepo.length));
  };
  return {
    label: revision.label,
    files,
    readPem,
    stackNames: () => {
      const folder = loadProject(files).project?.stackConfigDir ?? "";
      const names = new Set<string>();
      for (const where of new Set(["", folder]))
        for (const entry of listed(where)) {
          const match = /^Pulumi\.([^/]+)\.yaml$/.exec(entry);
          if (match) names.add(match[1]);
        }
      return [...names].sort();
    },
  };
}

/**
 * A stack as this side would deploy it, undefined when its stack file does not exist there.
 * Refusals name the side, so a reader knows which version could not be read.
 */
export function loadSide(side: ReviewSide, stack: string): LoadedStackConfig | undefined {
  let loaded: LoadedStackConfig;
  try {
    loaded = loadStackConfig(side.files, stack);
  } catch (error) {
    if (!(error instanceof StackConfigRefusedError)) throw error;
    throw new StackConfigRefusedError(
      error.refusals.map((r) => ({ ...r, file: `${r.file} (${side.label})` })),
    );
  }
  return loaded.stackFileExists ? loaded : undefined;
}
