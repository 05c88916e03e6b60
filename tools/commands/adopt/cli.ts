/**
 * `npm run adopt -- (--app <appId|objectId|displayName>... | --all [--filter <prefix>])
 * [--stack <name> | --config-out FILE] [--from-export FILE] [--save-export FILE] [--key <app key>]`:
 * writes stack config that takes existing (click-ops) apps over in place on the first `pulumi up`.
 * Exit 0 written, 1 usage or config (or every requested app refused), 2 a file or Graph read error.
 */
import { Command } from "commander";
import { CommandIo } from "../commandIo";
import { parseCommandLine, runAsScript } from "../commandLine";
import { appKeyProblem } from "./appKeys";
import { AdoptOptions, EXIT } from "./adoptOptions";

export { EXIT } from "./adoptOptions";

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
  const options = program.opts<AdoptOptions>();
  const usage = usageProblem(options);
  if (usage) {
    io.stderr(`adopt: ${usage}\n`);
    return EXIT.invalid;
  }
  // Graph, MSAL and the stack writer load only now: `adopt --help` stays fast.
  const { runAdopt } = await import("./runAdopt");
  return runAdopt(options, io);
}

function usageProblem(options: AdoptOptions): string | undefined {
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

if (require.main === module) runAsScript("adopt", main, EXIT.invalid);
