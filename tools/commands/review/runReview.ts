/** `review`'s work once its command line is read (cli.ts): compare, print, judge the gain. */
import { CommandIo } from "../commandIo";
import { ConfigProblemsError } from "../../../program/config/configProblem";
import { StackFileError } from "../../stack-files/readStackFile";
import { chooseComparisons, reviewRange, UsageError } from "./comparisons";
import { reviewJson, reviewMarkdown, reviewText } from "./formatReview";
import { GitError } from "./gitFiles";
import { StackReview } from "./stackReview";
import { reviewComparisons } from "./reviewComparisons";
import * as repo from "./repositoryReview";
import { EXIT, Format, ReviewOptions } from "./reviewOptions";

export async function runReview(options: ReviewOptions, io: CommandIo): Promise<number> {
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
