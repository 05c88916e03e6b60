import { redactKeyMaterial } from "../../program/config/redaction";
import { OutputGuard } from "../../program/outputText";

/**
 * Everything a command touches outside its arguments, passed in so a test runs the command
 * in-process (`main(argv, io)`) and every line printed goes through the one redaction rule and
 * the one escaping rule (program/outputText.ts): no command can write around them.
 */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The folder relative paths and `--stack` names are read from. */
  cwd: string;
  /** The clock: the only one a command reads. */
  now(): Date;
  /** Whether stdout is a terminal (colour). */
  isTty: boolean;
  /** Waits (retries): tests pass one that advances their clock instead of sleeping. */
  sleep(ms: number): Promise<void>;
  /**
   * The network (verify's sign-ins and metadata reads): the global fetch when absent. Tests pass
   * one that trusts a local emulator's certificate, which NODE_EXTRA_CA_CERTS can do only at
   * process start.
   */
  fetch?: typeof fetch;
}

/**
 * A writer through both rules: key material masked, unsafe characters escaped, no line able to
 * start a GitHub workflow command. Colour codes stay only when the stream is a terminal.
 */
export function guardedWriter(
  write: (text: string) => void,
  colour = false,
): (text: string) => void {
  const guard = new OutputGuard(colour);
  return (text) => write(guard.write(redactKeyMaterial(text)));
}

/** The real process's io, with key material masked and output escaped on the way out. */
export function processIo(): CommandIo {
  return {
    stdout: guardedWriter((text) => void process.stdout.write(text), process.stdout.isTTY === true),
    stderr: guardedWriter((text) => void process.stderr.write(text), process.stderr.isTTY === true),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    isTty: process.stdout.isTTY === true,
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    // Looked up at each call, as MSAL's own network client does.
    fetch: (input, init) => fetch(input, init),
  };
}

/** An io that records what a command printed (for tests), masked and escaped like the real one. */
export function capturedIo(overrides: Partial<CommandIo> = {}): CommandIo & {
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  const colour = overrides.isTty === true;
  return {
    stdout: guardedWriter((text) => void out.push(text), colour),
    stderr: guardedWriter((text) => void err.push(text), colour),
    env: {},
    cwd: process.cwd(),
    now: () => new Date("2026-11-22T09:30:00Z"),
    isTty: false,
    sleep: () => Promise.resolve(),
    ...overrides,
    out,
    err,
  };
}
