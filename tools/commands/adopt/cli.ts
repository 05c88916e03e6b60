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
import { parseCommandLine, runAsScript } from "../commandLine";
import { StackFileError, stackFilePath } from "../../stack-files/readStackFile";
import { DirectoryExport } from "../../tenant/directory/graphTypes";
import { appKeyProblem } from "./appKeys";
import { ExportReadError, readExportBundle } from "./exportBundle";
import { formatAdoption, formatRefusals } from "./formatAdoption";
import { adoptInto } from "./adoptInto";
import { AdoptUsageError, selectApps } from "./selectApps";
import { StackDocument } from "./stackDocument";

export const EXIT = { ok: 0, invalid: 1, unreadable: 2 } as const;

interface Options {
  app?: string[];
  all?: boolean;
  filter?: string;
  stack?: string;
  configOut?: string;
  fromExport?: string;
  saveExport?: string;
  key?: string;
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("adopt")
    .description("Write stack config that takes existing Entra apps over on the first pulumi up")
    .option("--app <app...>", "an app by appId, object ID or display name (repeatable)")
    .option("--all", "every app in the export (or every app the identity can read)")
    .option("--filter <prefix>", "with --all: only apps whose display name starts with this")
    .option("-s, --stack <name>", "merge into Pulumi.<name>.yaml (created when missing)")
    .option("--config-out <file>", "write a new stack file instead (never overwrites)")
    .option("--from-export <file>", "read the apps from an export bundle, offline")
    .option("--save-export <file>", "also write what was read as an export bundle")
    .option("--key <key>", "the app key to use (one app only; default: from the display name)");
  const parsed = parseCommandLine(program, argv, EXIT.invalid, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<Options>();
  const usage = usageProblem(options);
  if (usage) {
    io.stderr(`adopt: ${usage}\n`);
    return EXIT.invalid;
  }
  try {
    const bundle = await readApps(options, io);
    const chosen = selectApps(bundle, options.app ?? [], options.all === true, options.filter);
    if (options.key && chosen.length > 1) {
      throw new AdoptUsageError(`--key names one app, but ${chosen.length} were chosen`);
    }
    const target = options.stack
      ? stackFilePath(io.cwd, options.stack)
      : path.resolve(io.cwd, options.configOut!);
    const doc = openTarget(target, options, bundle, io.now());
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
    if (error instanceof AdoptUsageError) {
      io.stderr(`adopt: ${error.message}\n`);
      return EXIT.invalid;
    }
    if (error instanceof ExportReadError || error instanceof StackFileError) {
      io.stderr(`adopt: ${error.message}\n`);
      return EXIT.unreadable;
    }
    throw error;
  }
}

function usageProblem(options: Options): string | undefined {
  const apps = options.app ?? [];
  if (apps.length > 0 === (options.all === true)) {
    return 'name the apps with --app <appId|objectId|displayName> (repeatable) or --all, e.g. npm run adopt -- --app "Jira Mail" --stack dev --from-export tenant.json';
  }
  if (options.filter !== undefined && !options.all) return "--filter goes with --all";
  if (!options.stack === !options.configOut) {
    return "give exactly one of --stack <name> (merge into Pulumi.<name>.yaml) or --config-out <file> (a new stack file)";
  }
  if (options.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(options.stack)) {
    return "--stack must be a stack name (letters, digits, - _ .), e.g. --stack dev";
  }
  if (options.key !== undefined) return appKeyProblem(options.key);
  if (!options.fromExport) {
    return "reading Microsoft Graph directly is not available in this version; export the apps and give --from-export <file>";
  }
  return undefined;
}

async function readApps(options: Options, io: CommandIo): Promise<DirectoryExport> {
  return readExportBundle(path.resolve(io.cwd, options.fromExport!));
}

function openTarget(
  file: string,
  options: Options,
  bundle: DirectoryExport,
  now: Date,
): StackDocument {
  const fresh = options.configOut !== undefined || !fs.existsSync(file);
  if (options.configOut !== undefined && fs.existsSync(file)) {
    throw new AdoptUsageError(
      `${options.configOut} already exists; --config-out never overwrites a file (merge into a stack with --stack <name>, or choose a new file name)`,
    );
  }
  const doc = fresh
    ? StackDocument.create(
        file,
        ` Stack config written by npm run adopt on ${now.toISOString().slice(0, 10)}`,
      )
    : StackDocument.read(file);
  doc.claimTenant(bundle.tenantId);
  return doc;
}

function display(io: CommandIo, file: string): string {
  return path.relative(io.cwd, file) || file;
}

if (require.main === module) runAsScript("adopt", main, EXIT.invalid);
