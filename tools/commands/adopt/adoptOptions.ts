import { EXIT_CODES } from "../exitCodes";

export const EXIT = {
  ok: EXIT_CODES.ok,
  invalid: EXIT_CODES.usage,
  unreadable: EXIT_CODES.readError,
} as const;

/** `adopt`'s options as commander parsed them (cli.ts). */
export interface AdoptOptions {
  app?: string[];
  all?: boolean;
  filter?: string;
  stack?: string;
  configOut?: string;
  fromExport?: string;
  saveExport?: string;
  key?: string;
  authorityHost?: string;
  scope?: string;
}
