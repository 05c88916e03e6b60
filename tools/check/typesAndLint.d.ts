/** Types of typesAndLint.js (plain JavaScript, so `npm test` starts it with no transpiler). */
import type * as ts from "typescript";

/**
 * `root`'s tsconfig.json program with noCheck off, incremental from `buildInfoFile` (written
 * back), and all its diagnostics (those of unchanged files come from the build info).
 */
export function buildProgram(
  root: string,
  buildInfoFile: string,
): {
  builder: ts.EmitAndSemanticDiagnosticsBuilderProgram;
  program: ts.Program;
  diagnostics: readonly ts.Diagnostic[];
};

/**
 * Type-checks `root`'s tsconfig.json program (incremental, build info in `buildInfoFile`) and
 * lints `root` with its ESLint config on that same program; writes diagnostics, then one line of
 * counts. Exit code: 0 clean, 1 any type or lint error.
 */
export function main(
  root?: string,
  buildInfoFile?: string,
  write?: (text: string) => void,
): Promise<number>;
