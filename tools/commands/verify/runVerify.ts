/** `verify`'s work once its command line is read (cli.ts): sign in as each app, compare roles. */
import * as path from "path";
import { CommandIo } from "../commandIo";
import { ConfigProblemsError } from "../../../program/config/configProblem";
import { StackFileError } from "../../stack-files/readStackFile";
import { StackConfigRefusedError } from "../../stack-files/loadStackConfig";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { readChosenStack } from "../../stack-files/projectStack";
import { AuthorityError, authorityHost } from "./authority";
import { deployerPreflight, deployerStack, formatDeployerReport } from "./deployerPreflight";
import { formatTenantPolicy, stackTenantPolicy } from "./tenantPolicyPreflight";
import { acquireGraphToken, TokenOutcome, TokenRequest } from "./graphToken";
import { exitCodeFor, formatVerifyReport, ReportContext, verifyJson } from "./formatVerifyReport";
import { StackOutputsError } from "../readStackOutputs";
import { PulumiCliMissingError, readOutputsFile, readOutputsWithCli } from "./readDeployedApps";
import { verifyApps } from "./verifyApps";
import {
  targetFromEnvironment,
  targetsFromStack,
  VerifyTarget,
  VerifyUsageError,
} from "./verifyTargets";
import { EXIT, VerifyOptions } from "./verifyOptions";

/** GRAPH_* and ARM_* are read from `io.env`; every request goes through the io's network. */
export async function runVerify(options: VerifyOptions, io: CommandIo): Promise<number> {
  const { env, cwd: projectDir } = io;
  // Every request verify makes goes through the io's network.
  const fetchFn = io.fetch ?? fetch;
  const acquire = (request: TokenRequest) => acquireGraphToken(request, fetchFn);
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

function chooseMode(options: VerifyOptions): "stack" | "env" | "deployer" {
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
  options: VerifyOptions,
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
  options: VerifyOptions,
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
