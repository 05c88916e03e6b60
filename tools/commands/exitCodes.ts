/**
 * The one exit-code table every command uses (docs: ARCHITECTURE.md "Commands"). A command's own
 * `EXIT` names these codes in its words; it never invents a number. A script or workflow that
 * checks `$?` reads the same meaning from every command: a usage error is 1 everywhere.
 */
export const EXIT_CODES = {
  ok: 0,
  /** Config or usage error: a bad flag, a missing option, invalid stack config. */
  usage: 1,
  /** A file, git, Graph, stack-output or state read that failed. */
  readError: 2,
  /** review, drift: something gains privilege. */
  privilegeGained: 3,
  /** expiry: a credential is inside its warning window. */
  expiryWarning: 4,
  /** expiry: a credential has expired. */
  expired: 5,
  /** verify: a token's roles differ from config, or an app is not deployed. */
  verifyMismatch: 6,
  /** The command needs the Pulumi CLI and it is not on PATH. */
  noPulumiCli: 7,
} as const;

/** The table printed by `entra-graph-apps --help`, one line per code. */
export const EXIT_CODE_TABLE: readonly (readonly [number, string])[] = [
  [EXIT_CODES.ok, "ok"],
  [EXIT_CODES.usage, "config or usage error"],
  [EXIT_CODES.readError, "file, git, Graph, stack output or state read error"],
  [EXIT_CODES.privilegeGained, "privilege gained (review, drift)"],
  [EXIT_CODES.expiryWarning, "credential expiry warning (expiry)"],
  [EXIT_CODES.expired, "credential expired (expiry)"],
  [EXIT_CODES.verifyMismatch, "token differs from config (verify)"],
  [EXIT_CODES.noPulumiCli, "no Pulumi CLI on PATH"],
];
