import type { ComparisonOptions } from "./comparisons";
import { EXIT_CODES } from "../exitCodes";

export const EXIT = {
  ok: EXIT_CODES.ok,
  invalid: EXIT_CODES.usage,
  gitOrFile: EXIT_CODES.readError,
  privilegeGained: EXIT_CODES.privilegeGained,
} as const;

export type Format = "markdown" | "text" | "json";

/** `review`'s options as commander parsed them (cli.ts). */
export interface ReviewOptions extends ComparisonOptions {
  format?: Format;
  now?: Date;
}
