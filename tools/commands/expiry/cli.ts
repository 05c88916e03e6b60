/**
 * `npm run expiry -- --stack prod [--warn-days 60]`: every credential of a deployed stack with
 * the days it has left. Exit 0 all fine, 4 something inside the warning window, 5 something
 * expired, 1 usage error or an unreadable date, 2 outputs that cannot be read, 7 no Pulumi CLI.
 * Reads outputs only (never secrets): from the Pulumi CLI, or from a saved
 * `pulumi stack output --json` file with --outputs. Nothing it could not read is reported "ok".
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { escapeInvisible, redactInput } from "../../../program/config/redaction";
import { CommandIo } from "../commandIo";
import { parseCommandLine, runAsScript } from "../commandLine";
import { outputLines } from "../../../program/outputText";
import { textTable } from "../textTable";
import { credentialExpiry, CredentialExpiry } from "./credentialExpiry";
import { ISO_DATE_HINT, parseIsoDate } from "../../../program/isoDate";
import { StackOutputsError } from "../readStackOutputs";
import { EXIT, ExpiryInputError, readOutputsFile, readStackOutputs } from "./readOutputs";

export { EXIT } from "./readOutputs";

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("expiry")
    .description("Report how long each credential of a deployed stack has left")
    .option("-s, --stack <name>", "read outputs with `pulumi stack output --json --stack <name>`")
    .option("--outputs <file>", "read outputs from a file saved with `pulumi stack output --json`")
    .option("--warn-days <days>", "warn this many days ahead", parsePositiveInteger, 60)
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .option("--now <date>", "judge as of this date (ISO 8601)", (value: string) => {
      const date = parseIsoDate(value);
      if (!date) throw new InvalidArgumentError(`use ${ISO_DATE_HINT}`);
      return date;
    });
  const parsed = parseCommandLine(program, argv, EXIT.usage, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{
    stack?: string;
    outputs?: string;
    warnDays: number;
    format: "text" | "json";
    now?: Date;
  }>();
  try {
    if (!options.stack === !options.outputs)
      throw new ExpiryInputError("give one of --stack <name> or --outputs <file.json>", EXIT.usage);
    const now = options.now ?? io.now();
    if (Number.isNaN(now.getTime()))
      throw new ExpiryInputError("the clock gave no readable date; pass --now", EXIT.usage);
    const apps = options.outputs
      ? readOutputsFile(options.outputs, io)
      : readStackOutputs(options.stack!, io);
    const results = credentialExpiry(apps, now, options.warnDays);
    io.stdout(
      (options.format === "json"
        ? JSON.stringify({ warnDays: options.warnDays, credentials: results }, null, 2)
            .split("\n")
            .map(escapeInvisible)
            .join("\n")
        : table(results)) + "\n",
    );
    if (results.some((r) => r.status === "expired")) return EXIT.expired;
    if (results.some((r) => r.status === "warning")) return EXIT.warning;
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ExpiryInputError || error instanceof StackOutputsError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Names from the outputs are shown with invisible characters escaped and key material masked. */
const shown = (text: string) => escapeInvisible(redactInput(text));

function table(results: CredentialExpiry[]): string {
  if (results.length === 0) return "no credentials in the stack outputs";
  const rows = results.map((r) => [
    shown(r.app),
    shown(r.name),
    r.kind,
    r.expiresOn === null ? "never" : parseIsoDate(r.expiresOn)!.toISOString().slice(0, 10),
    r.daysLeft === null ? "-" : String(r.daysLeft),
    r.status === "ok" || r.status === "not applicable"
      ? r.note || "ok"
      : `${r.status.toUpperCase()}: ${r.note}`,
  ]);
  return outputLines(
    textTable(["app", "credential", "kind", "expires", "days left", "status"], rows),
  );
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError("must be a whole number of days, e.g. 60");
  return number;
}

if (require.main === module) runAsScript("expiry", main, EXIT.usage);
