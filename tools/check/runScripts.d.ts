/** Types of runScripts.js (plain JavaScript, so `npm test` starts it with no transpiler). */

export interface Script {
  name: string;
  command: string;
}

/** The scripts to run, with their commands from package.json; throws on an unknown name. */
export function scriptsToRun(
  packageJson: { scripts?: Record<string, string> },
  names: string[],
): Script[];

/** Jest's "Tests:" line as `tests: N passed, N failed[, N skipped]`, or undefined. */
export function testCounts(output: string): string | undefined;

/** Runs every script at once; writes each block as it ends, then the summary. Exit code. */
export function runScripts(
  names: string[],
  options?: { cwd?: string; write?: (text: string) => void },
): Promise<number>;
