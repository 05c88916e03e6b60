/** `drift`'s work once its command line is read (cli.ts): state and live objects, compared. */
import * as path from "path";
import { CommandIo } from "../commandIo";
import { ExportFileError, GraphCloudError, GraphReadError, liveDirectory } from "../../graph";
import { compareDrift } from "./compareDrift";
import { DriftTooLargeError } from "./driftWork";
import { DriftReport } from "./findings";
import { driftJson, driftMarkdown, driftText } from "./formatDrift";
import { printedReport } from "./printLimits";
import { PulumiCliMissingError, StateError, readStateFile, readStateWithCli } from "./stackState";
import { DriftOptions, EXIT } from "./driftOptions";

class UsageError extends Error {}

export async function runDrift(options: DriftOptions, io: CommandIo): Promise<number> {
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

function checkUsage(options: DriftOptions): void {
  if (Boolean(options.stack) === Boolean(options.state))
    throw new UsageError("drift: give either --stack <name> or --state <file> (one of them)");
  if (options.saveExport && options.fromExport)
    throw new UsageError(
      "drift: --save-export saves what is read from Graph; with --from-export nothing is read",
    );
}

function render(full: DriftReport, format: DriftOptions["format"], io: CommandIo): string {
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
