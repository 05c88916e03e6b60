import { EXIT_CODES } from "../exitCodes";

/**
 * Exit codes of `npm run verify` (docs/operations.md "Verifying a deployment"), from the shared table. An app
 * that cannot sign in is a config error (its credential), so 1 like usage and config.
 */
export const EXIT = {
  ok: EXIT_CODES.ok,
  authFailed: EXIT_CODES.usage,
  usage: EXIT_CODES.usage,
  readError: EXIT_CODES.readError,
  mismatch: EXIT_CODES.verifyMismatch,
  pulumiCliMissing: EXIT_CODES.noPulumiCli,
} as const;

/** `verify`'s options as commander parsed them (cli.ts). */
export interface VerifyOptions {
  stack?: string;
  config?: string;
  outputs?: string;
  fromEnv?: boolean;
  expect?: string[];
  deployer?: boolean;
  authorityHost?: string;
  scope?: string;
  now?: Date;
  warnDays: number;
  wait: number;
  retryInterval: number;
  json?: boolean;
}
