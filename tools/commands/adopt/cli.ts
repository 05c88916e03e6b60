/**
 * `npm run adopt -- (--app <appId|objectId|displayName>... | --all [--filter <prefix>])
 * [--stack <name> | --config-out FILE] [--from-export FILE] [--save-export FILE] [--key <app key>]`:
 * writes stack config that takes existing (click-ops) apps over in place on the first `pulumi up`.
 * Exit 0 written, 1 usage or config (or every requested app refused), 2 a file or Graph read error.
 */
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { CommandIo } from "../commandIo";
import { EXIT_CODES } from "../exitCodes";
import { parseCommandLine, runAsScript } from "../commandLine";
import { StackFileError } from "../../stack-files/readStackFile";
import { projectStackFilePath } from "../../stack-files/projectStack";
import { ExportFileError, GraphCloudError, GraphReadError, liveDirectory } from "../../graph";
import { appKeyProblem } from "./appKeys";
import { adoptInto } from "./adoptInto";
import { formatAdoption, formatRefusals } from "./formatAdoption";
import { AdoptUsageError, selectApps } from "./selectApps";
import { StackDocument } from "./stackDocument";

export const EXIT = {
  ok: EXIT_CODES.ok,
  invalid: EXIT_CODES.usage,
  unreadable: EXIT_CODES.readError,
} as const;

interface Options {
  app?: string[];
  all?: boolean;
  filter?: string;
  stack?: string;
  configOut?: string;
  fromExport?: string;
  saveExport?: string;
  key?: string;
  authorityHost?: string;
  scope?: string;
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("adopt")
    .description("Write stack config that takes existing Entra apps over on the first pulumi up")
    .option("--app <app...>", "an app by appId, object ID or display name (repeatable)")
    .option("--all", "every app the identity can read (or every app in the export)")
    .option("--filter <prefix>", "with --all: only apps whose display name starts with this")
    .option("-s, --stack <name>", "merge into Pulumi.<name>.yaml (created when missing)")
    .option("--config-out <file>", "write a new stack file instead (never overwrites)")
    .option("--from-export <file>", "read the apps from an export bundle, offline")
    .option("--save-export <file>", "also write what was read from Graph as an export bundle")
    .option("--key <key>", "the app key to use (one app only; default: from the display name)")
    .option("--authority-host <url>", "login host of a national cloud (as verify)")
    .option("--scope <scope>", "Graph's .default scope elsewhere, e.g. a local emulator");
  const parsed = parseCommandLine(program, argv, EXIT.invalid, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<Options>();
  const usage = usageProblem(options);
  if (usage) {
    io.stderr(`adopt: ${usage}\n`);
    return EXIT.invalid;
  }
  try {
    const target = options.stack
      ? projectStackFilePath(io.cwd, options.stack)
      : path.resolve(io.cwd, options.configOut!);
    if (options.configOut !== undefined && fs.existsSync(target)) {
      throw new AdoptUsageError(
        `${options.configOut} already exists; --config-out never overwrites a file (merge into a stack with --stack <name>, or give a new file name)`,
      );
    }
    const { bundle } = await liveDirectory(
      io,
      options,
      "adopt",
      options.all
        ? { all: true, displayNameStartsWith: options.filter }
        : { apps: options.app ?? [] },
    );
    const chosen = selectApps(bundle, options.app ?? [], options.all === true, options.filter);
    if (options.key && chosen.length > 1) {
      throw new AdoptUsageError(`--key names one app, but ${chosen.length} were chosen`);
    }
    // Not following links: a link, even a dangling one, is refused by StackDocument.read.
    const doc = lstatOrUndefined(target)
      ? StackDocument.read(target)
      : StackDocument.create(
          target,
          ` Written by npm run adopt on ${io.now().toISOString().slice(0, 10)}`,
        );
    doc.claimTenant(bundle.tenantId);
    const result = adoptInto(doc, bundle, chosen, { key: options.key, now: io.now() });
    if (result.refused.length > 0) io.stderr(formatRefusals(result.refused) + "\n");
    if (result.written.length === 0) {
      io.stderr(
        `adopt: every requested app was refused; nothing was written to ${display(io, target)}\n`,
      );
      return EXIT.invalid;
    }
    doc.write();
    io.stdout(
      formatAdoption({
        source: options.fromExport ?? "Microsoft Graph",
        target: display(io, target),
        stack: options.stack,
        exportFile: options.fromExport ?? options.saveExport,
        written: result.written,
        refused: result.refused,
      }) + "\n",
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof AdoptUsageError || error instanceof GraphCloudError) {
      io.stderr(`adopt: ${error.message.replace(/^adopt: /, "")}\n`);
      return EXIT.invalid;
    }
    if (error instanceof ExportFileError) {
      io.stderr(`adopt: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof GraphReadError || error instanceof StackFileError) {
      io.stderr(`adopt: ${error.message}\n`);
      return EXIT.unreadable;
    }
    throw error;
  }
}

function usageProblem(options: Options): string | undefined {
  const apps = options.app ?? [];
  if (apps.length > 0 === (options.all === true)) {
    return 'name the apps with --app <appId|objectId|displayName> (repeatable) or --all, e.g. npm run adopt -- --app "Jira Email This Issue" --stack dev';
  }
  if (options.filter !== undefined && !options.all) return "--filter goes with --all";
  if (!options.stack === !options.configOut) {
    return "give exactly one of --stack <name> (merge into Pulumi.<name>.yaml) or --config-out <file> (a new stack file)";
  }
  if (options.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(options.stack)) {
    return "--stack must be a stack name (letters, digits, - _ .), e.g. --stack dev";
  }
  if (options.fromExport && options.saveExport) {
    return "--save-export writes what was read from Graph; with --from-export there is nothing new to save";
  }
  if (options.fromExport && (options.authorityHost || options.scope)) {
    return "--authority-host and --scope choose the Graph to read; with --from-export nothing is read from Graph";
  }
  return options.key !== undefined ? appKeyProblem(options.key) : undefined;
}

function display(io: CommandIo, file: string): string {
  return path.relative(io.cwd, file) || file;
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

if (require.main === module) runAsScript("adopt", main, EXIT.invalid);
