/** Types of lastRun.js (plain JavaScript, so `npm test` starts it with no transpiler). */
import type * as ts from "typescript";

export interface RunRecord {
  key: string;
  /** The program's project files, relative to the project root. */
  files: string[];
  output: string;
  summary: string;
  exitCode: 0 | 1;
}

/**
 * The hash of a run's inputs: the check's scripts (in `checkDir`, default tools/check), the
 * shared key, each project file's text, the walked .ts files.
 */
export function inputsKey(
  root: string,
  shared: string,
  texts: Map<string, string | undefined>,
  walked: readonly string[],
  checkDir?: string,
): string;

/** The program's files outside node_modules (absolute path → text as the program read it). */
export function programTexts(program: ts.Program): Map<string, string>;

/** The recorded run if its inputs hash the same from disk now; otherwise undefined. */
export function unchangedRun(
  recordFile: string,
  root: string,
  shared: string,
  rootFiles: readonly string[],
  walked: readonly string[],
): RunRecord | undefined;

export function writeRecord(
  recordFile: string,
  root: string,
  record: { key: string; files: string[]; output: string; summary: string; exitCode: 0 | 1 },
): void;
