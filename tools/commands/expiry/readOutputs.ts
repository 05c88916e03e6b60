import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CredentialSummary } from "../../../components/graphApp";
import { escapeInvisible, redactInput, showValue } from "../../../program/config/redaction";
import { CommandIo } from "../commandIo";
import { ISO_DATE_HINT, parseIsoDate } from "../isoDate";

export const EXIT = {
  ok: 0,
  usage: 1,
  readError: 2,
  warning: 4,
  expired: 5,
  noPulumiCli: 7,
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

const RESAVE = "save them again with `pulumi stack output --json`";

/** Stack outputs from a file saved with `pulumi stack output --json`. */
export function readOutputsFile(file: string, io: CommandIo): AppCredentials {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const what = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : code;
    throw new ExpiryInputError(
      `cannot read ${file}: ${what}; ${RESAVE} > ${file}, or pass --stack <name>`,
      EXIT.readError,
    );
  }
  return credentialsOf(parseJson(text, `${file} is not JSON; ${RESAVE} > ${file}`));
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
  return credentialsOf(
    parseJson(text, `\`pulumi stack output --json --stack ${stack}\` did not print JSON`),
  );
}

function parseJson(text: string, message: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ExpiryInputError(message, EXIT.readError);
  }
}

const KINDS = ["password", "certificate", "federated"];

/**
 * Every credential the outputs list, each checked: a credential expiry cannot read stops the run
 * (exit 2; exit 1 for an unreadable date), so nothing is ever reported "ok" unread.
 */
export function credentialsOf(outputs: unknown): AppCredentials {
  const apps = (outputs as { apps?: unknown } | null)?.apps;
  if (!isMap(apps)) {
    throw new ExpiryInputError(
      "the outputs have no `apps` map; is this an entra-graph-apps stack?",
      EXIT.readError,
    );
  }
  const result: AppCredentials = {};
  for (const [app, value] of Object.entries(apps)) {
    const key = escapeInvisible(redactInput(app));
    const credentials = isMap(value) ? value.credentials : undefined;
    if (!Array.isArray(credentials)) {
      throw new ExpiryInputError(
        `apps.${key} has no \`credentials\` list, so its expiry cannot be judged; run \`pulumi up\` with this version so the outputs list them`,
        EXIT.readError,
      );
    }
    result[app] = {
      credentials: credentials.map((c, i) => readCredential(c, `apps.${key}.credentials[${i}]`)),
    };
  }
  return result;
}

function readCredential(value: unknown, where: string): CredentialSummary {
  const bad = (what: string) =>
    new ExpiryInputError(`${where}${what}; the outputs may be damaged: ${RESAVE}`, EXIT.readError);
  if (!isMap(value)) throw bad(` = ${showValue(value)}: is not a credential`);
  const { kind, name, expiresOn, rotation, rotateEveryDays } = value;
  if (typeof kind !== "string" || !KINDS.includes(kind))
    throw bad(`.kind = ${showValue(kind)}: is not one of ${KINDS.join(", ")}`);
  if (typeof name !== "string" || name === "")
    throw bad(`.name = ${showValue(name)}: is not a name`);
  if (rotation !== undefined && rotation !== "current" && rotation !== "previous")
    throw bad(`.rotation = ${showValue(rotation)}: is not current or previous`);
  if (
    rotateEveryDays !== undefined &&
    !(Number.isInteger(rotateEveryDays) && (rotateEveryDays as number) > 0)
  )
    throw bad(`.rotateEveryDays = ${showValue(rotateEveryDays)}: is not a whole number of days`);
  const neverExpires = expiresOn === null && kind === "federated";
  if (!neverExpires && (typeof expiresOn !== "string" || !parseIsoDate(expiresOn))) {
    throw new ExpiryInputError(
      `${where}.expiresOn = ${showValue(expiresOn)}: is not a date (${ISO_DATE_HINT}), so ${showValue(name)} cannot be judged; ${RESAVE}`,
      EXIT.usage,
    );
  }
  return value as unknown as CredentialSummary;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
