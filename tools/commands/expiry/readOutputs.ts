import { execFileSync } from "child_process";
import * as path from "path";
import { CommandIo } from "../commandIo";
import { EXIT_CODES } from "../exitCodes";
import { parseStackOutputs, readOutputsFile as readFile } from "../readStackOutputs";
import {
  CredentialSummary,
  appOutputsSchema,
  outputsWithApps,
} from "../../../program/stackOutputs";

export const EXIT = {
  ok: EXIT_CODES.ok,
  usage: EXIT_CODES.usage,
  readError: EXIT_CODES.readError,
  warning: EXIT_CODES.expiryWarning,
  expired: EXIT_CODES.expired,
  noPulumiCli: EXIT_CODES.noPulumiCli,
} as const;

/** Input expiry could not read: the run stops with `exitCode`, never with "ok". */
export class ExpiryInputError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(`expiry: ${message}`);
  }
}

export type AppCredentials = Record<string, { credentials: CredentialSummary[] }>;

/** What expiry reads of the outputs: every app's credentials, each checked. */
const expiryOutputsSchema = outputsWithApps(appOutputsSchema.pick({ credentials: true }));

const RESAVE = "save them again with `pulumi stack output --json`";

/** Stack outputs from a file saved with `pulumi stack output --json`. */
export function readOutputsFile(file: string, io: CommandIo): AppCredentials {
  const from = {
    command: "expiry",
    source: file,
    fix: `${RESAVE} > ${file}, or pass --stack <name>`,
  };
  const text = readFile(path.resolve(io.cwd, file), from);
  return parseStackOutputs(text, expiryOutputsSchema, from).apps;
}
/** Stack outputs through the Pulumi CLI (outputs only: secrets stay encrypted). */
export function readStackOutputs(stack: string, io: CommandIo): AppCredentials {
  let text: string;
  try {
    text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
      cwd: io.cwd,
      env: io.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") {
      throw new ExpiryInputError(
        "the Pulumi CLI is not on PATH. Install it (https://www.pulumi.com/docs/install/), or pass --outputs with a file saved by `pulumi stack output --json`",
        EXIT.noPulumiCli,
      );
    }
    const reason = String(failure.stderr || failure.message)
      .trim()
      .split("\n")[0];
    throw new ExpiryInputError(`\`pulumi stack output\` failed: ${reason}`, EXIT.readError);
  }
  const from = {
    command: "expiry",
    source: `the outputs of stack ${stack}`,
    fix: "is this an entra-graph-apps stack, and has `pulumi up` run with this version?",
  };
  return parseStackOutputs(text, expiryOutputsSchema, from).apps;
}
