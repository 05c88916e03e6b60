/**
 * `npm run plan -- --stack dev`: what `pulumi up` would create, offline, with no Pulumi CLI.
 * Exit 0 on success, 1 on bad config or usage (same messages as the program).
 */
import { Command } from "commander";
import { parseCommandLine, parseDateOption, runAsScript } from "../commandLine";
import { StackConfigError } from "../../config/configProblem";
import { readStackFile, stackFilePath, StackFileError } from "../../stack-files/readStackFile";
import { formatPlan } from "./formatPlan";
import { planJson } from "./planJson";
import { planStack } from "./planStack";

async function main(argv: string[]): Promise<number> {
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
    .option("--json", "print the plan as JSON");
  const parsed = parseCommandLine(program, argv, 1);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ stack?: string; config?: string; now?: Date; json?: boolean }>();
  if (!options.stack === !options.config) {
    process.stderr.write(
      "plan: give exactly one of --stack <name> or --config <file>, e.g. npm run plan -- --stack dev\n",
    );
    return 1;
  }
  try {
    const file = options.config ?? stackFilePath(process.cwd(), options.stack!);
    const plan = await planStack(readStackFile(file), options.now ?? new Date());
    process.stdout.write(
      (options.json ? JSON.stringify(planJson(plan), null, 2) : formatPlan(plan)) + "\n",
    );
    return 0;
  } catch (error) {
    if (error instanceof StackConfigError || error instanceof StackFileError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

runAsScript("plan", () => main(process.argv), 1);
