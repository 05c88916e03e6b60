import * as path from "path";
import {
  loadStackConfig,
  LoadedStackConfig,
  StackConfigRefusedError,
  stackFileName,
} from "./loadStackConfig";
import { loadProject } from "./loadProject";
import { ProjectFiles, workingTreeFiles } from "./projectFiles";
import { readStackFile, StackFile } from "./readStackFile";
import { StackFileError } from "./stackFileError";

/** Stack names as Pulumi takes them on the command line (tokens.IsName). */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** The stack `pulumi up --stack <name>` would deploy, read from the project folder. */
export function readProjectStack(projectDir: string, stack: string): StackFile {
  const loaded = loadExistingStack(workingTreeFiles(projectDir), stack);
  return {
    path: path.join(projectDir, ...loaded.stackFile.split("/")),
    pulumiConfig: loaded.config,
    tenantId: loaded.config["azuread:tenantId"],
  };
}

/** A stack whose file exists (Pulumi would run one without, on the project's config alone). */
export function loadExistingStack(files: ProjectFiles, stack: string): LoadedStackConfig {
  if (!STACK_NAME.test(stack) || /^\.+$/.test(stack))
    throw new StackFileError(
      `${JSON.stringify(stack)} is not a stack name; use letters, digits, - _ and . as in Pulumi.<name>.yaml`,
    );
  const loaded = loadStackConfig(files, stack);
  if (!loaded.stackFileExists)
    throw new StackFileError(
      `${loaded.stackFile} does not exist; create it or pick another stack (ls Pulumi.*.yaml)`,
    );
  return loaded;
}

/** `--stack <name>` read from the project, or `--config <file>` read on its own. */
export function readChosenStack(
  projectDir: string,
  choice: { stack?: string; config?: string },
): StackFile {
  return choice.config
    ? readStackFile(path.resolve(projectDir, choice.config))
    : readProjectStack(projectDir, choice.stack!);
}

/** Where `pulumi up --stack <name>` reads the stack's file: in stackConfigDir when Pulumi.yaml sets it. */
export function projectStackFilePath(projectDir: string, stack: string): string {
  const { project, refusals } = loadProject(workingTreeFiles(projectDir));
  if (!project) throw new StackConfigRefusedError(refusals);
  const folder = project.stackConfigDir ? project.stackConfigDir.split("/") : [];
  return path.join(projectDir, ...folder, stackFileName(stack));
}
