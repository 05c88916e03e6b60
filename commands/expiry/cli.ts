/**
 * `npm run expiry -- --stack prod [--warn-days 60]`: every credential of a deployed stack with
 * the days it has left. Exit 0 all fine, 4 something inside the warning window, 5 something
 * expired, 1 usage or input error. Reads outputs only (never secrets): from the Pulumi CLI, or
 * from a saved `pulumi stack output --json` file with --outputs.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { parseCommandLine, runAsScript } from "../commandLine";
import { credentialExpiry, CredentialExpiry } from "./credentialExpiry";
import { textTable } from "../textTable";

export const EXIT = { ok: 0, usage: 1, warning: 4, expired: 5 } as const;

class InputError extends Error {}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = new Command()
    .name("expiry")
    .description("Report how long each credential of a deployed stack has left")
    .option("-s, --stack <name>", "read outputs with `pulumi stack output --json --stack <name>`")
    .option("--outputs <file>", "read outputs from a file saved with `pulumi stack output --json`")
    .option("--warn-days <days>", "warn this many days ahead", parsePositiveInteger, 60)
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .option("--now <date>", "judge as of this date (ISO 8601)");
  const parsed = parseCommandLine(program, argv, EXIT.usage);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{
    stack?: string;
    outputs?: string;
    warnDays: number;
    format: "text" | "json";
    now?: string;
  }>();
  try {
    if (!options.stack === !options.outputs)
      throw new InputError("expiry: give one of --stack <name> or --outputs <file.json>");
    const outputs = options.outputs
      ? readOutputsFile(options.outputs)
      : readStackOutputs(options.stack!, env);
    const now = options.now ? new Date(options.now) : new Date();
    const results = credentialExpiry(appsOf(outputs), now, options.warnDays);
    process.stdout.write(
      (options.format === "json"
        ? JSON.stringify({ warnDays: options.warnDays, credentials: results }, null, 2)
        : table(results)) + "\n",
    );
    if (results.some((r) => r.status === "expired")) return EXIT.expired;
    if (results.some((r) => r.status === "warning")) return EXIT.warning;
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function readOutputsFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(
      `expiry: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(
      `expiry: ${file} is not JSON; save it with \`pulumi stack output --json > ${file}\``,
    );
  }
}

function readStackOutputs(stack: string, env: NodeJS.ProcessEnv): unknown {
  let text: string;
  try {
    text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
      encoding: "utf8",
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") {
      throw new InputError(
        "expiry: the Pulumi CLI is not on PATH. Install it (https://www.pulumi.com/docs/install/), or pass --outputs with a file saved by `pulumi stack output --json`",
      );
    }
    throw new InputError(
      `expiry: \`pulumi stack output\` failed: ${
        String(failure.stderr ?? failure.message)
          .trim()
          .split("\n")[0]
      }`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(
      `expiry: \`pulumi stack output --json --stack ${stack}\` did not print JSON`,
    );
  }
}

function appsOf(outputs: unknown): Record<string, { credentials?: [] }> {
  const apps = (outputs as { apps?: unknown } | null)?.apps;
  if (typeof apps !== "object" || apps === null || Array.isArray(apps)) {
    throw new InputError(
      "expiry: the outputs have no `apps` map; is this an entra-graph-apps stack?",
    );
  }
  return apps as Record<string, { credentials?: [] }>;
}

function table(results: CredentialExpiry[]): string {
  if (results.length === 0) return "no credentials in the stack outputs";
  const rows = results.map((r) => [
    r.app,
    r.name,
    r.kind,
    r.expiresOn?.slice(0, 10) ?? "never",
    r.daysLeft === null ? "-" : String(r.daysLeft),
    r.status === "ok" || r.status === "not applicable"
      ? r.note || "ok"
      : `${r.status.toUpperCase()}: ${r.note}`,
  ]);
  return textTable(["app", "credential", "kind", "expires", "days left", "status"], rows).join(
    "\n",
  );
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError("must be a whole number of days, e.g. 60");
  return number;
}

if (require.main === module) runAsScript("expiry", () => main(process.argv), EXIT.usage);
