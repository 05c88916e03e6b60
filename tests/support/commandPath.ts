import * as fs from "fs";
import * as path from "path";

/** The first executable file named `command` in the PATH-style list `pathValue`, or undefined. */
export function findOnPath(command: string, pathValue: string | undefined): string | undefined {
  for (const dir of (pathValue ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `pathValue` without the folders that hold `command`, so a child process cannot find it. */
export function pathWithout(command: string, pathValue: string | undefined): string {
  return (pathValue ?? "")
    .split(path.delimiter)
    .filter((dir) => dir && findOnPath(command, dir) === undefined)
    .join(path.delimiter);
}
