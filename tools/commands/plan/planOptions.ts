import * as path from "path";
import { EXIT_CODES } from "../exitCodes";

export const EXIT = {
  ok: EXIT_CODES.ok,
  invalid: EXIT_CODES.usage,
  unreadable: EXIT_CODES.readError,
} as const;

/** The project's policy pack config: the exceptions its stacks are reviewed against. */
export const DEFAULT_POLICY_CONFIG = path.join("policy", "config.json");

/** `plan`'s options as commander parsed them (cli.ts). */
export interface PlanOptions {
  stack?: string;
  config?: string;
  now?: Date;
  json?: boolean;
  policyConfig?: string;
  fromExport?: string;
  tenantPolicy?: string;
}
