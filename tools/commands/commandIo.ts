import { redactKeyMaterial } from "../../program/config/redaction";

/**
 * Everything a command touches outside its arguments, passed in so a test runs the command
 * in-process (`main(argv, io)`) and every line printed goes through the one redaction rule.
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

/** The real process's io, with key material masked on the way out. */
export function processIo(): CommandIo {
  return {
    stdout: (text) => void process.stdout.write(redactKeyMaterial(text)),
    stderr: (text) => void process.stderr.write(redactKeyMaterial(text)),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    isTty: process.stdout.isTTY === true,
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    // Looked up at each call, as MSAL's own network client does.
    fetch: (input, init) => fetch(input, init),
  };
}

/** An io that records what a command printed (for tests), masked like the real one. */
export function capturedIo(overrides: Partial<CommandIo> = {}): CommandIo & {
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(redactKeyMaterial(text)),
    stderr: (text) => void err.push(redactKeyMaterial(text)),
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
