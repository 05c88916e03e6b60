import * as fs from "fs";
import * as path from "path";

/** The project file every stack needs beside it, as in this repository's Pulumi.yaml. */
export const PROJECT_YAML = "name: entra-graph-apps\nruntime: nodejs\n";

/** Makes `dir` a Pulumi project folder, so `--stack` reads its stack files as `pulumi up` would. */
export function writeProjectFile(dir: string): string {
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROJECT_YAML);
  return dir;
}
