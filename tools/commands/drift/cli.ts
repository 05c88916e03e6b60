/**
 * `npm run drift -- --stack <name> | --state FILE [--from-export FILE]`: the live app
 * registrations against what the stack's state says it manages. Exit 0 no access gained outside
 * the code, 3 access gained (an extra grant, credential, owner or redirect URI, a wider
 * audience), 1 config or usage, 2 a Graph, state or file read error, 7 no Pulumi CLI.
 */
import * as path from "path";
import { Command, Option } from "commander";
import { CommandIo } from "../commandIo";
import { EXIT_CODES } from "../exitCodes";
import { parseCommandLine, runAsScript } from "../commandLine";
import { ExportFileError, GraphCloudError, GraphReadError, liveDirectory } from "../../graph";
import { compareDrift } from "./compareDrift";
import { DriftTooLargeError } from "./driftWork";
import { DriftReport } from "./findings";
import { driftJson, driftMarkdown, driftText } from "./formatDrift";
import { printedReport } from "./printLimits";
import { PulumiCliMissingError, StateError, readStateFile, readStateWithCli } from "./stackState";

export const EXIT = {
  ok: EXIT_CODES.ok,
  usage: EXIT_CODES.usage,
  readError: EXIT_CODES.readError,
  accessGained: EXIT_CODES.privilegeGained,
  noPulumiCli: EXIT_CODES.noPulumiCli,
} as const;

interface Options {
  stack?: string;
  state?: string;
  fromExport?: string;
  saveExport?: string;
  format: "markdown" | "text" | "json";
  authorityHost?: string;
  scope?: string;
}

class UsageError extends Error {}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("drift")
    .description("Compare the live app registrations with the stack's state (read-only)")
    .option("-s, --stack <name>", "read the state with pulumi stack export --stack <name>")
    .option("--state <file>", "read a state saved with pulumi stack export instead")
    .option("--from-export <file>", "read the live objects from an export bundle (no network)")
    .option("--save-export <file>", "also save the live objects read from Graph (never overwrites)")
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["markdown", "text", "json"])
        .default("markdown"),
    )
    .option(
      "--authority-host <url>",
      "Entra login host, for national clouds (e.g. https://login.microsoftonline.us)",
    )
    .option(
      "--scope <scope>",
      "Graph's token scope (default: Graph of the authority host's cloud)",
    );
  const parsed = parseCommandLine(program, argv, EXIT.usage, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<Options>();
  try {
    checkUsage(options);
    const state = options.state
      ? readStateFile(path.resolve(io.cwd, options.state))
      : readStateWithCli(options.stack!, io.cwd, io.env);
    const stateLabel = options.state ? options.state : `stack ${options.stack}`;
    if (state.apps.length === 0) {
      io.stderr(
        `drift: ${stateLabel} holds no app registration of this project (azuread:index/application:Application); nothing to compare, so no clean result. Is it the right stack, and has pulumi up run?\n`,
      );
      return EXIT.readError;
    }
    const { bundle, source: live } = await liveDirectory(io, options, "drift", {
      apps: state.apps.map((app) => app.clientId),
    });
    if (state.tenantId && state.tenantId !== bundle.tenantId.toLowerCase()) {
      io.stderr(
        `drift: ${live} is of tenant ${bundle.tenantId}, but ${stateLabel} was deployed to tenant ${state.tenantId}; compare like with like\n`,
      );
      return EXIT.readError;
    }
    const apps = compareDrift(state, bundle, live);
    const report: DriftReport = {
      state: stateLabel,
      live,
      tenantId: bundle.tenantId,
      accessGained: apps.some((app) => app.findings.some((finding) => finding.gain)),
      apps,
    };
    io.stdout(`${render(report, options.format, io)}\n`);
    return report.accessGained ? EXIT.accessGained : EXIT.ok;
  } catch (error) {
    return failure(error, io);
  }
}

function checkUsage(options: Options): void {
  if (Boolean(options.stack) === Boolean(options.state))
    throw new UsageError("drift: give either --stack <name> or --state <file> (one of them)");
  if (options.saveExport && options.fromExport)
    throw new UsageError(
      "drift: --save-export saves what is read from Graph; with --from-export nothing is read",
    );
}

function render(full: DriftReport, format: Options["format"], io: CommandIo): string {
  const report = printedReport(full);
  if (format === "json") return driftJson(report);
  if (format === "text") return driftText(report, io.isTty && !io.env.NO_COLOR);
  return driftMarkdown(report);
}

function failure(error: unknown, io: CommandIo): number {
  const say = (message: string) =>
    io.stderr(`${message.startsWith("drift:") ? "" : "drift: "}${message}\n`);
  if (error instanceof UsageError || error instanceof GraphCloudError) {
    say(error.message);
    return EXIT.usage;
  }
  if (error instanceof PulumiCliMissingError) {
    say(error.message);
    return EXIT.noPulumiCli;
  }
  if (error instanceof ExportFileError) {
    say(error.message);
    return error.exitCode;
  }
  if (
    error instanceof StateError ||
    error instanceof GraphReadError ||
    error instanceof DriftTooLargeError
  ) {
    say(error.message);
    return EXIT.readError;
  }
  throw error;
}

if (require.main === module) runAsScript("drift", main, EXIT.readError);
