/**
 * `npm run plan -- --stack dev`: what `pulumi up` would create, offline, with no Pulumi CLI, and
 * what the guardrail policy pack says of it. Exit 0 planned, 1 bad config, usage or a mandatory
 * guardrail violation (the messages `pulumi up` and `pulumi preview --policy-pack` would give) or
 * a credential the tenant's app management policy refuses (`--tenant-policy`),
 * 2 a file that cannot be read.
 */
import { Command } from "commander";
import { CommandIo } from "../commandIo";
import { parseCommandLine, parseDateOption, runAsScript } from "../commandLine";
import { DEFAULT_POLICY_CONFIG, EXIT, PlanOptions } from "./planOptions";

export { DEFAULT_POLICY_CONFIG, EXIT } from "./planOptions";

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("plan")
    .description(
      "Show what `pulumi up` would create for a stack, against a simulated Entra tenant (offline)",
    )
    .option("-s, --stack <name>", "stack name: reads Pulumi.<name>.yaml in the project folder")
    .option(
      "-c, --config <file>",
      "any stack config file instead, e.g. examples/002-mail-alerts/Pulumi.example.yaml",
    )
    .option(
      "--now <date>",
      "evaluate as of this date (ISO 8601), e.g. to preview a rotation",
      parseDateOption,
    )
    .option(
      "--policy-config <file>",
      `guardrail policy pack config (default ${DEFAULT_POLICY_CONFIG} when it exists)`,
    )
    .option(
      "--from-export <file>",
      "start the simulated tenant from an export bundle (adopt's), so imports are checked against it",
    )
    .option(
      "--tenant-policy <file>",
      "check credentials against the tenant's app management policy (GET /policies/defaultAppManagementPolicy, saved as JSON)",
    )
    .option("--json", "print the plan as JSON");
  const parsed = parseCommandLine(program, argv, EXIT.invalid, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<PlanOptions>();
  if (!options.stack === !options.config) {
    io.stderr(
      "plan: give exactly one of --stack <name> or --config <file>, e.g. npm run plan -- --stack dev\n",
    );
    return EXIT.invalid;
  }
  // The program, Pulumi and the simulated tenant load only now: `plan --help` stays fast.
  const { runPlan } = await import("./runPlan");
  return runPlan(options, io);
}

if (require.main === module) runAsScript("plan", main, EXIT.invalid);
