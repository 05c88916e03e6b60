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

/** How one script ended: exit code (1 if killed), signal, stdout and stderr together, seconds. */
export interface ScriptResult extends Script {
  code: number;
  signal: NodeJS.Signals | null;
  output: string;
  seconds: number;
}

/** Runs one script's command through the shell in `cwd` with `env`; never rejects. */
export function runScript(
  script: Script,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ScriptResult>;

/** `env` with `cwd`'s node_modules/.bin first on PATH, as npm runs a script. */
export function scriptEnv(cwd: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

/** Jest's "Tests:" line as `tests: N passed, N failed[, N skipped]`, or undefined. */
export function testCounts(output: string): string | undefined;

/** Runs every script at once; writes each block as it ends, then the summary. Exit code. */
export function runScripts(
  names: string[],
  options?: { cwd?: string; write?: (text: string) => void },
): Promise<number>;
