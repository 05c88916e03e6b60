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
import * as path from "path";
import { Command, InvalidArgumentError } from "commander";
import { CommandIo } from "../commandIo";
import { parseCommandLine, parseDateOption, runAsScript } from "../commandLine";
import { ConfigProblemsError } from "../../../program/config/configProblem";
import { StackFileError } from "../../stack-files/readStackFile";
import { StackConfigRefusedError } from "../../stack-files/loadStackConfig";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { readChosenStack } from "../../stack-files/projectStack";
import { AuthorityError, authorityHost } from "./authority";
import { deployerPreflight, deployerStack, formatDeployerReport } from "./deployerPreflight";
import { formatTenantPolicy, stackTenantPolicy } from "./tenantPolicyPreflight";
import { acquireGraphToken, TokenOutcome, TokenRequest } from "./graphToken";
import { redact } from "./entraErrors";
import {
  EXIT,
  exitCodeFor,
  formatVerifyReport,
  ReportContext,
  verifyJson,
} from "./formatVerifyReport";
import { DEFAULT_WARN_DAYS } from "./secretExpiry";
import { StackOutputsError } from "../readStackOutputs";
import { PulumiCliMissingError, readOutputsFile, readOutputsWithCli } from "./stackOutputs";
import { verifyApps } from "./verifyApps";
import {
  targetFromEnvironment,
  targetsFromStack,
  VerifyTarget,
  VerifyUsageError,
} from "./verifyTargets";

export { EXIT } from "./formatVerifyReport";

interface Options {
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

/** Runs the command; returns the exit code. GRAPH_* and ARM_* are read from `io.env`. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const { env, cwd: projectDir } = io;
  // Every request verify makes goes through the io's network.
  const fetchFn = io.fetch ?? fetch;
  const acquire = (request: TokenRequest) => acquireGraphToken(request, fetchFn);
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
  const options = program.opts<Options>();
  try {
    const authority = authorityHost(options.authorityHost, options.scope);
    const mode = chooseMode(options);
    if (mode === "deployer") {
      // With --stack, the check knows whether delegated grants are needed and who owns the apps.
      const stack = options.stack
        ? deployerStack(projectDir, options.stack, io.now(), options.config)
        : undefined;
      const result = await deployerPreflight(env, authority, acquire, { stack, fetch: fetchFn });
      // With --stack, the tenant's credential policies too: a conflict fails pulumi up halfway.
      const tenantPolicy =
        stack && (result.status === "ok" || result.status === "missing")
          ? await stackTenantPolicy(io, stack.name, options.config, options)
          : undefined;
      io.stdout(
        `${
          options.json
            ? JSON.stringify(tenantPolicy ? { ...result, tenantPolicy } : result, null, 2)
            : [
                formatDeployerReport(result),
                ...(tenantPolicy ? ["", formatTenantPolicy(tenantPolicy, stack!.name)] : []),
              ].join("\n")
        }\n`,
      );
      if (result.status === "auth-failed") return EXIT.authFailed;
      if (tenantPolicy?.status === "checked" && tenantPolicy.check.problems.length > 0)
        return EXIT.usage;
      return result.status === "missing" ? EXIT.mismatch : EXIT.ok;
    }
    const now = options.now ?? io.now();
    const { targets, source } =
      mode === "env"
        ? {
            targets: [targetFromEnvironment(env, options.expect)],
            source: "app from GRAPH_* environment variables",
          }
        : stackTargets(options, projectDir, now, env);
    return await report(
      targets,
      { source, authority, now, warnDays: options.warnDays },
      options,
      io,
      acquire,
    );
  } catch (error) {
    if (error instanceof PulumiCliMissingError) {
      io.stderr(`${error.message}\n`);
      return EXIT.pulumiCliMissing;
    }
    if (error instanceof StackOutputsError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    // A stack Pulumi would refuse is a config error (1), as in plan; a file unread is 2.
    if (error instanceof StackFileError && !(error instanceof StackConfigRefusedError)) {
      io.stderr(`${error.message}\n`);
      return EXIT.readError;
    }
    if (
      [VerifyUsageError, AuthorityError, ConfigProblemsError, StackConfigRefusedError].some(
        (type) => error instanceof type,
      )
    ) {
      io.stderr(`${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function chooseMode(options: Options): "stack" | "env" | "deployer" {
  const stackMode =
    options.stack !== undefined || options.config !== undefined || options.outputs !== undefined;
  // --deployer may name the stack it deploys (--stack, --config), but reads no outputs.
  const modes = [
    stackMode && !(options.deployer && options.outputs === undefined),
    options.fromEnv === true,
    options.deployer === true,
  ].filter(Boolean).length;
  if (modes !== 1) {
    throw new VerifyUsageError(
      "verify: give one of --stack <name> (with --outputs <file> or --config <file> if needed), --from-env, or --deployer",
    );
  }
  if (options.expect && !options.fromEnv)
    throw new VerifyUsageError(
      "verify: --expect goes with --from-env; with --stack the config says what to expect",
    );
  if (options.fromEnv) return "env";
  if (options.deployer) return "deployer";
  if (
    options.stack === undefined &&
    (options.config === undefined || options.outputs === undefined)
  ) {
    throw new VerifyUsageError(
      "verify: without --stack, give both --config <stack file> and --outputs <file>",
    );
  }
  return "stack";
}

function stackTargets(
  options: Options,
  projectDir: string,
  now: Date,
  env: NodeJS.ProcessEnv,
): { targets: VerifyTarget[]; source: string } {
  const stackFile = readChosenStack(projectDir, options);
  const label = path.relative(projectDir, stackFile.path) || stackFile.path;
  const config = loadStackVersion(stackFile.pulumiConfig, now, projectDir);
  if (config.problems.length > 0) throw new ConfigProblemsError(config.problems);
  const deployed = options.outputs
    ? readOutputsFile(path.resolve(projectDir, options.outputs), options.outputs, options.stack)
    : readOutputsWithCli(options.stack!, projectDir, env);
  const outputsLabel = options.outputs
    ? `outputs from ${options.outputs}`
    : `outputs of stack ${options.stack}`;
  return { targets: targetsFromStack(config.apps, deployed), source: `${label}, ${outputsLabel}` };
}

async function report(
  targets: VerifyTarget[],
  context: ReportContext,
  options: Options,
  io: CommandIo,
  acquire: (request: TokenRequest) => Promise<TokenOutcome>,
): Promise<number> {
  const results = await verifyApps(
    targets,
    {
      authority: context.authority,
      now: context.now,
      warnDays: context.warnDays,
      waitSeconds: options.wait,
      retryIntervalSeconds: options.retryInterval,
    },
    {
      acquire,
      sleep: io.sleep,
      clock: () => io.now().getTime(),
      progress: (line) => io.stderr(`${line}\n`),
    },
  );
  io.stdout(
    `${options.json ? verifyJson(results, context) : formatVerifyReport(results, context)}\n`,
  );
  return exitCodeFor(results);
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
