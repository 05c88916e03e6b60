/**
 * `npm run drift -- --stack <name> | --state FILE [--from-export FILE]`: the live app
 * registrations against what the stack's state says it manages. Exit 0 no access gained outside
 * the code, 3 access gained (an extra grant, credential, owner or redirect URI, a wider
 * audience), 1 config or usage, 2 a Graph, state or file read error, 7 no Pulumi CLI.
 */
import { Command, Option } from "commander";
import { CommandIo } from "../commandIo";
import { parseCommandLine, runAsScript } from "../commandLine";
import { DriftOptions, EXIT } from "./driftOptions";

export { EXIT } from "./driftOptions";

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
  const options = program.opts<DriftOptions>();
  // Graph, MSAL and the comparison load only now: `drift --help` stays fast.
  const { runDrift } = await import("./runDrift");
  return runDrift(options, io);
}

if (require.main === module) runAsScript("drift", main, EXIT.readError);
