/**
 * `npm run review -- --stack prod [--base origin/main]`: what a change to a stack's config grants,
 * for a pull request. Exit 0 no privilege gained, 3 privilege gained, 1 invalid config or usage,
 * 2 a git or file error.
 */
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { parseCommandLine, runAsScript } from "../commandLine";
import { formatProblems, StackConfigError } from "../../config/configProblem";
import { StackFileError, stackFilePath } from "../../stack-files/readStackFile";
import { reviewJson, reviewMarkdown, reviewText } from "./formatReview";
import { changedStackFiles, defaultBase, fileAtRef, GitError } from "./gitFiles";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { reviewStack, StackReview } from "./stackReview";

export const EXIT = { ok: 0, invalid: 1, gitOrFile: 2, privilegeGained: 3 } as const;

interface Options {
  stack?: string;
  base?: string;
  before?: string;
  after?: string;
  allStacks?: boolean;
  format?: "markdown" | "text" | "json";
  now?: string;
}

/** A comparison to make: the two texts (undefined = the file did not exist) and their labels. */
interface Comparison {
  stackFile: string;
  base: string;
  beforeText: string | undefined;
  afterText: string | undefined;
}

/** Exit code for usage and config errors raised while choosing what to compare. */
class UsageError extends Error {}

export async function main(argv: string[], projectDir = process.cwd()): Promise<number> {
  const program = new Command()
    .name("review")
    .description("Review permission changes in stack config for a pull request (offline)")
    .option("-s, --stack <name>", "review Pulumi.<name>.yaml against --base")
    .option("--base <ref>", "git ref to compare with (default: merge base with the default branch)")
    .option("--before <file>", "compare two config files instead: the old version")
    .option("--after <file>", "... and the new version")
    .option("--all-stacks", "review every Pulumi.*.yaml that changed since --base")
    .addOption(
      new Option(
        "--format <format>",
        "output format (default: markdown when CI is set, else text)",
      ).choices(["markdown", "text", "json"]),
    )
    .option("--now <date>", "validate as of this date (ISO 8601)");
  const parsed = parseCommandLine(program, argv, EXIT.invalid);
  if (parsed !== undefined) return parsed;
  const options = program.opts<Options>();
  const now = options.now ? new Date(options.now) : new Date();
  try {
    const comparisons = chooseComparisons(options, projectDir);
    const reviews: StackReview[] = [];
    const problems: string[] = [];
    for (const comparison of comparisons) {
      const before = loadStackVersion(
        comparison.beforeText,
        `${comparison.stackFile} at ${comparison.base}`,
        now,
      );
      const after = loadStackVersion(comparison.afterText, comparison.stackFile, now);
      if (after.problems.length > 0)
        problems.push(`${comparison.stackFile}: ${formatProblems(after.problems)}`);
      else
        reviews.push(reviewStack(before.apps, after.apps, comparison.stackFile, comparison.base));
    }
    if (problems.length > 0) {
      process.stderr.write(problems.join("\n") + "\n");
      return EXIT.invalid;
    }
    process.stdout.write(
      render(
        reviews,
        options.format ?? (process.env.CI ? "markdown" : "text"),
        comparisons.length === 0,
      ) + "\n",
    );
    return reviews.some((review) => review.privilegeGained) ? EXIT.privilegeGained : EXIT.ok;
  } catch (error) {
    if (error instanceof GitError) {
      process.stderr.write(`review: ${error.message}\n`);
      return EXIT.gitOrFile;
    }
    if (
      error instanceof UsageError ||
      error instanceof StackFileError ||
      error instanceof StackConfigError
    ) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  }
}

function chooseComparisons(options: Options, projectDir: string): Comparison[] {
  const modes = [
    options.stack !== undefined,
    options.before !== undefined || options.after !== undefined,
    options.allStacks === true,
  ];
  if (modes.filter(Boolean).length !== 1) {
    throw new UsageError(
      "review: give one of --stack <name>, --before <file> --after <file>, or --all-stacks",
    );
  }
  if (options.before !== undefined || options.after !== undefined) {
    if (!options.before || !options.after)
      throw new UsageError("review: --before and --after go together");
    return [
      {
        stackFile: options.after,
        base: options.before,
        beforeText: readFile(options.before),
        afterText: readFile(options.after),
      },
    ];
  }
  const base = options.base
    ? { commit: options.base, label: options.base }
    : defaultBase(projectDir);
  const files = options.allStacks
    ? changedStackFiles(projectDir, base.commit)
    : [path.relative(projectDir, stackFilePath(projectDir, options.stack!))];
  return files.map((file) => ({
    stackFile: file,
    base: base.label,
    beforeText: fileAtRef(projectDir, base.commit, file),
    afterText: fs.existsSync(path.join(projectDir, file))
      ? fs.readFileSync(path.join(projectDir, file), "utf8")
      : undefined,
  }));
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new GitError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function render(
  reviews: StackReview[],
  format: "markdown" | "text" | "json",
  nothingChanged: boolean,
): string {
  if (format === "json") return reviewJson(reviews);
  if (nothingChanged)
    return format === "markdown" ? "No stack config changed." : "no stack config changed";
  const colour = format === "text" && process.stdout.isTTY === true && !process.env.NO_COLOR;
  return reviews
    .map((review) => (format === "markdown" ? reviewMarkdown(review) : reviewText(review, colour)))
    .join("\n\n");
}

if (require.main === module) runAsScript("review", () => main(process.argv), EXIT.invalid);
