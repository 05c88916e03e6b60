/** `adopt`'s work once its command line is read (cli.ts): read the apps, write the stack config. */
import * as fs from "fs";
import * as path from "path";
import { CommandIo } from "../commandIo";
import { StackFileError } from "../../stack-files/readStackFile";
import { projectStackFilePath } from "../../stack-files/projectStack";
import { ExportFileError, GraphCloudError, GraphReadError, liveDirectory } from "../../graph";
import { adoptInto } from "./adoptInto";
import { formatAdoption, formatRefusals } from "./formatAdoption";
import { AdoptUsageError, selectApps } from "./selectApps";
import { StackDocument } from "./stackDocument";
import { AdoptOptions, EXIT } from "./adoptOptions";

export async function runAdopt(options: AdoptOptions, io: CommandIo): Promise<number> {
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
