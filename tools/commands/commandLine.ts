import { Command, InvalidArgumentError } from "commander";
import { redactKeyMaterial } from "../../program/config/redaction";
import { CommandIo, processIo } from "./commandIo";
import { ISO_DATE_HINT, parseIsoDate } from "../../program/isoDate";

/**
 * Parses `argv` with commander, writing its messages to stderr. Returns undefined to go on, or
 * the exit code when parsing ended the run: 0 for --help, `usageExitCode` for a usage error.
 */
export function parseCommandLine(
  program: Command,
  argv: string[],
  usageExitCode: number,
  io: Pick<CommandIo, "stdout" | "stderr"> = processIo(),
): number | undefined {
  // Help says how the command is run: `entra-graph-apps plan` (tools/cli.ts), whichever way in.
  program
    .name(`entra-graph-apps ${program.name()}`)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
  try {
    program.parse(argv);
    return undefined;
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? 0 : usageExitCode;
  }
}

/**
 * Runs a command's `main` and exits with its code. An unexpected error becomes one line on
 * stderr (never a stack trace), passed through `redact` first when the command holds secrets.
 */
export function runAsScript(
  name: string,
  main: (argv: string[], io: CommandIo) => Promise<number>,
  failureExitCode: number,
  redact: (message: string) => string = (message) => message,
): void {
  const io = processIo();
  main(process.argv, io).then(
    (code) => process.exit(code),
    (error) => {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`${name} failed: ${redactKeyMaterial(redact(message))}\n`);
      process.exit(failureExitCode);
    },
  );
}

/** A commander option parser for strict ISO 8601 dates: an unreadable `--now` is a usage error. */
export function parseDateOption(value: string): Date {
  const date = parseIsoDate(value);
  if (!date) throw new InvalidArgumentError(`use ${ISO_DATE_HINT}`);
  return date;
}
