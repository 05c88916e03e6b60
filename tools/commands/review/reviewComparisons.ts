import { ConfigProblem, formatProblems } from "../../../program/config/configProblem";
import { MAX_APPS_PER_STACK, MAX_RESOURCES_PER_STACK } from "../../../program/config/inputLimits";
import { CONFIG_NAMESPACE } from "../../../program/config/rawStackConfig";
import { registeredResources } from "../../../program/config/resourceNames";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { Comparison } from "./comparisons";
import { withDeployedReview } from "./deployedReview";
import { otherConfigChanges } from "./otherConfigChanges";
import { pemFilePath } from "./pemFiles";
import { mergeProblems, reviewStack, StackReview } from "./stackReview";

/*
 * One review's work is bounded as one stack's is (program/config/inputLimits.ts), whatever the
 * number of stacks a change touches: at most the largest stack's two sides are validated and run
 * through the program, so every review stays within 5 s and 512 MB. A stack past the budget is
 * not reviewed and counts as privilege gained (a human reviews it, or runs --stack on it alone).
 */

/** App versions (base and head together, every stack) one review validates and compares. */
export const REVIEW_APP_BUDGET = 2 * MAX_APPS_PER_STACK;
/** Resources the program may register in one review, both sides of every stack together. */
export const REVIEW_RESOURCE_BUDGET = 2 * MAX_RESOURCES_PER_STACK;

export async function reviewComparisons(
  comparisons: Comparison[],
  now: Date,
): Promise<{ reviews: StackReview[]; problems: string[] }> {
  const reviews: StackReview[] = [];
  const problems: string[] = [];
  let apps = REVIEW_APP_BUDGET;
  let resources = REVIEW_RESOURCE_BUDGET;
  for (const comparison of comparisons) {
    const appVersions = appCount(comparison.beforeConfig) + appCount(comparison.afterConfig);
    if (appVersions > apps) {
      reviews.push(
        notReviewed(
          comparison,
          `this review already read ${REVIEW_APP_BUDGET - apps} app versions and this stack would add ${appVersions} (at most ${REVIEW_APP_BUDGET} a review); review it on its own with --stack`,
          [],
        ),
      );
      continue;
    }
    apps -= appVersions;
    const baseLabel = `${comparison.stackFile} at ${comparison.base}`;
    const before = loadStackVersion(comparison.beforeConfig, now);
    const after = loadStackVersion(comparison.afterConfig, now);
    const refused: ConfigProblem[] = [
      ...after.problems.map((p) => ({ ...p, path: pemFilePath(p.path, comparison.afterPemFiles) })),
      ...(after.problems.length === 0 ? mergeProblems(before.apps, after.apps, baseLabel) : []),
    ];
    if (refused.length > 0) {
      problems.push(`${comparison.stackFile}: ${formatProblems(refused)}`);
      continue;
    }
    const review = withOtherConfig(
      reviewStack(before.apps, after.apps, comparison.stackFile, comparison.base),
      comparison,
    );
    const cost = registeredResources(before.apps).length + registeredResources(after.apps).length;
    if (cost > resources) {
      reviews.push({
        ...notReviewed(
          comparison,
          `this review already ran the program on ${REVIEW_RESOURCE_BUDGET - resources} resources and this stack's two sides would add ${cost} (at most ${REVIEW_RESOURCE_BUDGET} a review); review it on its own with --stack`,
          review.apps,
        ),
        otherConfig: review.otherConfig,
      });
      continue;
    }
    resources -= cost;
    // What each side would deploy, compared too (deployedReview.ts).
    reviews.push(
      await withDeployedReview(
        review,
        comparison.beforeConfig,
        comparison.afterConfig,
        comparison.stackFile,
        now,
      ),
    );
  }
  return { reviews, problems };
}

/** Provider and other config outside the project's namespace (otherConfigChanges.ts). */
function withOtherConfig(review: StackReview, comparison: Comparison): StackReview {
  // A deleted stack deploys nothing: its provider config goes with it.
  if (comparison.afterConfig === undefined) return review;
  const otherConfig = otherConfigChanges(
    { config: comparison.beforeConfig, secureKeys: comparison.beforeSecureKeys },
    { config: comparison.afterConfig, secureKeys: comparison.afterSecureKeys },
  );
  return otherConfig.length === 0 ? review : { ...review, otherConfig, privilegeGained: true };
}

function notReviewed(comparison: Comparison, why: string, apps: StackReview["apps"]): StackReview {
  return {
    stackFile: comparison.stackFile,
    base: comparison.base,
    apps,
    privilegeGained: true,
    deployed: { changes: [], unexplained: [], notCompared: why },
  };
}

/** Apps in a config map, counted without validating them (an unreadable value counts as none). */
function appCount(config: Record<string, string> | undefined): number {
  try {
    const apps: unknown = JSON.parse(config?.[`${CONFIG_NAMESPACE}:apps`] ?? "{}");
    return apps && typeof apps === "object" ? Object.keys(apps).length : 0;
  } catch {
    return 0;
  }
}
