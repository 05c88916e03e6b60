import { EXIT_CODES } from "../exitCodes";

export const EXIT = {
  ok: EXIT_CODES.ok,
  usage: EXIT_CODES.usage,
  readError: EXIT_CODES.readError,
  accessGained: EXIT_CODES.privilegeGained,
  noPulumiCli: EXIT_CODES.noPulumiCli,
} as const;

/** `drift`'s options as commander parsed them (cli.ts). */
export interface DriftOptions {
  stack?: string;
  state?: string;
  fromExport?: string;
  saveExport?: string;
  format: "markdown" | "text" | "json";
  authorityHost?: string;
  scope?: string;
}
