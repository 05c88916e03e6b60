import * as path from "path";
import { CommandIo } from "../commands/commandIo";
import { DirectoryExport } from "../tenant/directory/graphTypes";
import { loadExport, saveExport } from "./exportBundle";
import { GraphOptions, openGraph } from "./openGraph";
import { AppSelection, readDirectory } from "./readDirectory";

/** `--from-export` and `--save-export`, as `adopt` and `drift` take them, with the cloud options. */
export interface LiveDirectoryOptions extends GraphOptions {
  fromExport?: string;
  saveExport?: string;
}

/**
 * The objects a command works from: the `--from-export` bundle, or the selection read from Graph
 * (and saved to `--save-export`), with where they came from in words. Paths are `io.cwd`'s.
 */
export async function liveDirectory(
  io: CommandIo,
  options: LiveDirectoryOptions,
  command: string,
  selection: AppSelection,
): Promise<{ bundle: DirectoryExport; source: string }> {
  if (options.fromExport) {
    return {
      bundle: loadExport(path.resolve(io.cwd, options.fromExport)),
      source: `export ${options.fromExport}`,
    };
  }
  const graph = openGraph(
    io,
    { authorityHost: options.authorityHost, scope: options.scope },
    command,
  );
  const { bundle } = await readDirectory(graph, selection);
  if (options.saveExport) saveExport(path.resolve(io.cwd, options.saveExport), bundle);
  return { bundle, source: `Microsoft Graph (${graph.origin})` };
}
