/**
 * `npm run review -- --stack prod [--base origin/main]`: what a change to a stack's config grants,
 * for a pull request. Exit 0 no privilege gained, 3 privilege gained, 1 invalid config or usage,
 * 2 a git or file error. What counts as a gain: changeKinds.ts (mirrored in docs/review-and-guardrails.md).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { CommandIo } from "../commandIo";
import { parseCommandLine, runAsScript } from "../commandLine";
import { ISO_DATE_HINT, parseIsoDate } from "../../../program/isoDate";
import { EXIT, ReviewOptions } from "./reviewOptions";

export { EXIT } from "./reviewOptions";

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("review")
    .description("Review permission changes in stack config for a pull request (offline)")
    .option("-s, --stack <name>", "review Pulumi.<name>.yaml against --base")
    .option("--base <ref>", "git ref to compare with (default: merge base with the default branch)")
    .option("--before <file>", "compare two config files instead: the old version")
    .option("--after <file>", "... and the new version")
    .option("--all-stacks", "review every Pulumi.*.yaml that changed since --base")
    .option(
      "--head <ref>",
      "read the new version from this commit, as data (default: working tree)",
    )
    .addOption(
      new Option(
        "--format <format>",
        "output format (default: markdown when CI is set, else text)",
      ).choices(["markdown", "text", "json"]),
    )
    .option("--now <date>", "validate as of this date (ISO 8601)", (value: string) => {
      const date = parseIsoDate(value);
      if (!date) throw new InvalidArgumentError(`use ${ISO_DATE_HINT}`);
      return date;
    });
  const parsed = parseCommandLine(program, argv, EXIT.invalid, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<ReviewOptions>();
  // Git, the program's config schemas and the formats load only now: `review --help` stays fast.
  const { runReview } = await import("./runReview");
  return runReview(options, io);
}

if (require.main === module) runAsScript("review", main, EXIT.invalid);
