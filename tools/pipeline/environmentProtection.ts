/**
 * The GitHub environments the pipeline's identities trust, the protection each must have, and a
 * check of a live environment against it:
 *
 *   GITHUB_TOKEN=... npx ts-node --transpile-only pipeline/environmentProtection.ts production
 *
 * GitHub creates an environment a job names if it does not exist, with no protection at all, and
 * on GitHub Free, Pro and Team required reviewers exist only in public repositories. A job that
 * runs in an unprotected environment has not been approved by anyone, so the deploy job checks
 * its environment first and stops (exit 1) unless it is protected as below. The job's token needs
 * `actions: read`. Bootstrap prints the same settings (output `githubSetup`), since it cannot make
 * them itself. The check stops this repository's own jobs; against a hostile workflow (which can
 * drop the check) only the environment's settings hold, so they must be in place before the
 * identities that trust the environment exist.
 */

/** The protection one environment must have. */
export interface EnvironmentRequirement {
  name: string;
  /** What the environment gates, for messages. */
  purpose: string;
  /** At least one required reviewer must approve each job. */
  requiredReviewers: true;
  /** The person who triggered the run may not approve it. */
  preventSelfReview: boolean;
  /** Branches allowed to deploy: exactly these names, or "any" when pull requests must run there. */
  deploymentBranches: string[] | "any";
}

/** Names of the two environments (bootstrap config `productionEnvironment`, `previewEnvironment`). */
export interface EnvironmentNames {
  productionEnvironment: string;
  previewEnvironment: string;
}

export const DEFAULT_ENVIRONMENTS: EnvironmentNames = {
  productionEnvironment: "production",
  previewEnvironment: "preview",
};

/** The environments the pipeline uses and the protection each needs. */
export function pipelineEnvironments(
  names: EnvironmentNames = DEFAULT_ENVIRONMENTS,
): EnvironmentRequirement[] {
  return [
    {
      name: names.productionEnvironment,
      purpose: "pulumi up of the prod stack with the deploy identity",
      requiredReviewers: true,
      // Four eyes on top of the pull request review; a lone maintainer may turn it off.
      preventSelfReview: false,
      deploymentBranches: ["main"],
    },
    {
      name: names.previewEnvironment,
      purpose:
        "pulumi preview of a pull request's code with the preview identity, which can decrypt every stack's secrets",
      requiredReviewers: true,
      // Otherwise a pull request's author approves the run of their own unread code.
      preventSelfReview: true,
      // Pull request runs deploy from their head branch, whatever its name.
      deploymentBranches: "any",
    },
  ];
}

/** The settings to make, in words: what bootstrap prints and docs/deploying.md lists. */
export function describeRequirement(requirement: EnvironmentRequirement): string {
  const settings = [
    "required reviewers: at least one person or team",
    requirement.preventSelfReview
      ? "prevent self-review: on"
      : "prevent self-review: on if the team has two people",
    requirement.deploymentBranches === "any"
      ? "deployment branches and tags: no restriction (pull request branches run here)"
      : `deployment branches and tags: selected branches, exactly ${requirement.deploymentBranches.join(", ")}`,
  ];
  return `Settings → Environments → ${requirement.name} (${requirement.purpose}): ${settings.join("; ")}`;
}

/** The parts of GitHub's environment resource the check reads (GET /repos/{repo}/environments/{name}). */
export interface GitHubEnvironment {
  name: string;
  protection_rules?: {
    type: string;
    prevent_self_review?: boolean;
    reviewers?: unknown[];
  }[];
  deployment_branch_policy?: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
}

/** GET /repos/{repo}/environments/{name}/deployment-branch-policies. */
export interface GitHubBranchPolicies {
  branch_policies: { name: string; type?: string }[];
}

/** What is wrong with a live environment; empty when it is protected as required. */
export function environmentProblems(
  requirement: EnvironmentRequirement,
  environment: GitHubEnvironment,
  branchPolicies?: GitHubBranchPolicies,
): string[] {
  const problems: string[] = [];
  const reviewers = (environment.protection_rules ?? []).find(
    (rule) => rule.type === "required_reviewers",
  );
  if (!reviewers || (reviewers.reviewers ?? []).length === 0) {
    problems.push(
      "it has no required reviewers, so nobody approved this run (GitHub creates a missing environment unprotected; on GitHub Free, Pro and Team, private repositories cannot have required reviewers)",
    );
  } else if (requirement.preventSelfReview && reviewers.prevent_self_review !== true) {
    problems.push(
      "prevent self-review is off, so whoever triggered the run (a pull request's author) can approve it",
    );
  }
  if (requirement.deploymentBranches !== "any") {
    const policy = environment.deployment_branch_policy;
    const wanted = requirement.deploymentBranches;
    if (!policy) {
      problems.push(
        `any branch can deploy to it; allow only ${wanted.join(", ")} (deployment branches: selected branches)`,
      );
    } else if (policy.protected_branches) {
      problems.push(
        `every protected branch can deploy to it; allow only ${wanted.join(", ")} (selected branches, not protected branches)`,
      );
    } else {
      const names = (branchPolicies?.branch_policies ?? [])
        .filter((branch) => (branch.type ?? "branch") === "branch")
        .map((branch) => branch.name)
        .sort();
      const tags = (branchPolicies?.branch_policies ?? []).filter(
        (branch) => branch.type === "tag",
      );
      if (JSON.stringify(names) !== JSON.stringify([...wanted].sort()) || tags.length > 0) {
        problems.push(
          `its deployment branch rules are ${[...names, ...tags.map((tag) => `tag ${tag.name}`)].join(", ") || "empty"}; allow exactly ${wanted.join(", ")}`,
        );
      }
    }
  }
  return problems;
}

/** Reads an environment (and its branch rules when it has custom ones) from the GitHub API. */
export async function fetchEnvironment(
  repository: string,
  name: string,
  token: string,
  apiUrl = "https://api.github.com",
  request: typeof fetch = fetch,
): Promise<{ environment?: GitHubEnvironment; branchPolicies?: GitHubBranchPolicies }> {
  const get = async (route: string) => {
    const response = await request(`${apiUrl}/repos/${repository}/environments/${route}`, {
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${token}`,
        "X-GitHub-Api-Version": "2022-11-28",
      },
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(
        `GitHub answered HTTP ${response.status} for environment ${name}; give the job \`permissions: actions: read\``,
      );
    return response.json();
  };
  const environment = (await get(encodeURIComponent(name))) as GitHubEnvironment | undefined;
  if (!environment?.deployment_branch_policy?.custom_branch_policies) return { environment };
  const branchPolicies = (await get(
    `${encodeURIComponent(name)}/deployment-branch-policies?per_page=100`,
  )) as GitHubBranchPolicies | undefined;
  return { environment, branchPolicies };
}

/** Checks environment `argv[2]` of GITHUB_REPOSITORY; returns the exit code (0 protected, 1 not, 2 usage). */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
  request: typeof fetch = fetch,
): Promise<number> {
  const name = argv[2];
  const requirement = pipelineEnvironments({
    productionEnvironment: env.PRODUCTION_ENVIRONMENT || DEFAULT_ENVIRONMENTS.productionEnvironment,
    previewEnvironment: env.PREVIEW_ENVIRONMENT || DEFAULT_ENVIRONMENTS.previewEnvironment,
  }).find((candidate) => candidate.name === name);
  if (!requirement || argv.length > 3) {
    write(
      "usage: environmentProtection.ts <environment>   (production or preview; GITHUB_REPOSITORY and GITHUB_TOKEN from the job)\n",
    );
    return 2;
  }
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_TOKEN) {
    write("::error::GITHUB_REPOSITORY and GITHUB_TOKEN must be set (the job's github.token)\n");
    return 2;
  }
  const { environment, branchPolicies } = await fetchEnvironment(
    env.GITHUB_REPOSITORY,
    requirement.name,
    env.GITHUB_TOKEN,
    env.GITHUB_API_URL,
    request,
  );
  const problems = environment
    ? environmentProblems(requirement, environment, branchPolicies)
    : ["it does not exist"];
  if (problems.length === 0) {
    write(`environment ${requirement.name} is protected: ${describeRequirement(requirement)}\n`);
    return 0;
  }
  for (const problem of problems)
    write(`::error title=environment ${requirement.name} is not protected::${problem}\n`);
  write(`Make these settings, then re-run: ${describeRequirement(requirement)}\n`);
  return 1;
}

if (require.main === module) {
  main(process.argv, process.env, (text) => process.stdout.write(text)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stdout.write(`::error::${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
