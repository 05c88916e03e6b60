/**
 * `npm run review -- --stack prod [--base origin/main]`: what a change to a stack's config grants,
 * for a pull request. Exit 0 no privilege gained, 3 privilege gained, 1 invalid config or usage,
 * 2 a git or file error. What counts as a gain: changeKinds.ts (mirrored in the README).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { CommandIo } from "../commandIo";
import { EXIT_CODES } from "../exitCodes";
import { parseCommandLine, runAsScript } from "../commandLine";
import { ConfigProblemsError } from "../../../program/config/configProblem";
import { StackFileError } from "../../stack-files/readStackFile";
import { ISO_DATE_HINT, parseIsoDate } from "../isoDate";
import { chooseComparisons, ComparisonOptions, reviewRange, UsageError } from "./comparisons";
import { reviewJson, reviewMarkdown, reviewText } from "./formatReview";
import { GitError } from "./gitFiles";
import { StackReview } from "./stackReview";
import { reviewComparisons } from "./reviewComparisons";
import * as repo from "./repositoryReview";

export const EXIT = {
  ok: EXIT_CODES.ok,
  invalid: EXIT_CODES.usage,
  gitOrFile: EXIT_CODES.readError,
  privilegeGained: EXIT_CODES.privilegeGained,
} as const;

type Format = "markdown" | "text" | "json";

interface Options extends ComparisonOptions {
  format?: Format;
  now?: Date;
}

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
  const options = program.opts<Options>();
  const now = options.now ?? io.now();
  try {
    const place = { dir: io.cwd, env: io.env };
    const comparisons = chooseComparisons(options, place);
    // Code and guardrail config changed over the same range (repositoryReview.ts).
    const range = reviewRange(options, place);
    // Which commit the review starts from, and why (a default base): on stderr, beside the review.
    for (const line of range?.base.why ?? []) io.stderr(`${line}\n`);
    const repository = range && repo.reviewRepository(place, range.base, range.head);
    const { reviews, problems } = await reviewComparisons(comparisons, now);
    problems.push(...(repository?.problems ?? []));
    if (problems.length > 0) {
      io.stderr(problems.join("\n") + "\n");
      return EXIT.invalid;
    }
    const format = options.format ?? (io.env.CI ? "markdown" : "text");
    const colour = format === "text" && io.isTty && !io.env.NO_COLOR;
    io.stdout(render(reviews, format, comparisons.length === 0, colour, repository) + "\n");
    const gained = reviews.some((review) => review.privilegeGained);
    return gained || repo.repositoryGainsPrivilege(repository) ? EXIT.privilegeGained : EXIT.ok;
  } catch (error) {
    if (error instanceof GitError) {
      io.stderr(`${error.message.startsWith("review:") ? "" : "review: "}${error.message}\n`);
      return EXIT.gitOrFile;
    }
    if (
      error instanceof UsageError ||
      error instanceof StackFileError ||
      error instanceof ConfigProblemsError
    ) {
      io.stderr(`${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  }
}

function render(
  reviews: StackReview[],
  format: Format,
  nothingChanged: boolean,
  colour: boolean,
  repository?: repo.RepositoryReview,
): string {
  if (format === "json") return reviewJson(reviews, repo.repositoryJson(repository));
  const stacks = nothingChanged
    ? format === "markdown"
      ? "No stack config changed."
      : "no stack config changed"
    : reviews
        .map((review) =>
          format === "markdown" ? reviewMarkdown(review) : reviewText(review, colour),
        )
        .join("\n\n");
  const more =
    format === "markdown"
      ? repo.repositoryMarkdown(repository)
      : repo.repositoryText(repository, colour);
  return more ? `${stacks}\n\n${more}` : stacks;
}

if (require.main === module) runAsScript("review", main, EXIT.invalid);
