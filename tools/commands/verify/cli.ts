/**
 * `npm run verify -- --stack dev`: signs in as each app of a deployed stack (client credentials)
 * and checks that its Microsoft Graph token carries exactly the configured application
 * permissions; reports client secret expiry. `--from-env` checks one app from GRAPH_* variables,
 * `--deployer` checks the identity that runs `pulumi up`.
 *
 * Exit codes from the shared table (../exitCodes.ts): 0 all as configured, 6 a token differs from
 * config (or an app is not deployed), 1 an app could not sign in, a usage or config error, a date
 * in the outputs that cannot be read (with `--deployer --stack`, a credential the tenant's app
 * management policy refuses), 2 a stack file or outputs that cannot be read, 7 the Pulumi CLI is
 * not on PATH.
 * Secrets and tokens are never printed.
 */
import { Command, InvalidArgumentError } from "commander";
import { CommandIo } from "../commandIo";
import { parseCommandLine, parseDateOption, runAsScript } from "../commandLine";
import { redact } from "./entraErrors";
import { DEFAULT_WARN_DAYS } from "./secretExpiry";
import { EXIT, VerifyOptions } from "./verifyOptions";

export { EXIT } from "./verifyOptions";

/** Runs the command; returns the exit code. GRAPH_* and ARM_* are read from `io.env`. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("verify")
    .description(
      "Check that each app's Microsoft Graph token carries exactly its configured application permissions (needs network)",
    )
    .option(
      "-s, --stack <name>",
      "stack to verify: config from Pulumi.<name>.yaml, outputs from `pulumi stack output`",
    )
    .option(
      "-c, --config <file>",
      "read the config from this stack file instead of Pulumi.<stack>.yaml",
    )
    .option(
      "--outputs <file>",
      "read outputs saved with `pulumi stack output --json --show-secrets` (no Pulumi CLI needed)",
    )
    .option(
      "--from-env",
      "check the app in GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (CREDENTIAL_EXPIRES optional)",
    )
    .option(
      "--expect <roles>",
      "with --from-env: the application permissions expected, comma-separated (e.g. Mail.Send)",
      parseList,
    )
    .option(
      "--deployer",
      "check the identity running pulumi up (ARM_* variables) for the Graph permissions it needs",
    )
    .option(
      "--authority-host <url>",
      "Entra login host, for national clouds (e.g. https://login.microsoftonline.us)",
    )
    .option(
      "--scope <scope>",
      "token scope (default: Microsoft Graph of the authority host's cloud)",
    )
    .option("--now <date>", "measure secret expiry as of this date (ISO 8601)", parseDateOption)
    .option(
      "--warn-days <days>",
      "warn when a secret ends within this many days",
      parseCount,
      DEFAULT_WARN_DAYS,
    )
    .option(
      "--wait <seconds>",
      "retry apps not yet as configured (replication) for up to this long",
      parseCount,
      0,
    )
    .option("--retry-interval <seconds>", "seconds between retries with --wait", parseCount, 15)
    .option("--json", "print the findings as JSON");
  const parsed = parseCommandLine(program, argv, EXIT.usage, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<VerifyOptions>();
  // MSAL, the stack reader and the network load only now: `verify --help` stays fast.
  const { runVerify } = await import("./runVerify");
  return runVerify(options, io);
}

function parseList(value: string): string[] {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new InvalidArgumentError("list at least one permission, e.g. Mail.Send,User.Read.All");
  return items;
}

function parseCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError("use a whole number, 0 or more");
  return number;
}

if (require.main === module) {
  const secrets = [
    process.env.GRAPH_CLIENT_SECRET,
    process.env.ARM_CLIENT_SECRET,
    process.env.ARM_OIDC_TOKEN,
  ].filter((secret): secret is string => !!secret);
  runAsScript("verify", main, EXIT.usage, (message) => redact(message, secrets));
}
