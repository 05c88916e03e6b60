// The pipeline's security rules as checks over parsed GitHub workflows. Each check returns the
// problems it finds (empty when the workflows keep the rule), so a test can run it on the real
// workflows and on a broken one to show it bites.
import {
  Step,
  Workflow,
  environmentOf,
  grants,
  permissionsOf,
  pulumiCommands,
  runsInMainContextForPullRequests,
  runsPullRequestCode,
} from "./workflows";

export * from "./pathFilters";
export * from "./workflows";

const isStackPreflight = (step: Step) =>
  /npx ts-node --transpile-only tools\/pipeline\/stackPreflight\.ts "\$STACK"/.test(step.run ?? "");

/** Every workflow says which token permissions it has: repository defaults never apply. */
export function explicitPermissionProblems(workflows: Workflow[]): string[] {
  const problems: string[] = [];
  for (const workflow of workflows) {
    if (workflow.permissions === undefined)
      problems.push(`${workflow.file}: no top-level permissions (the repository default applies)`);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (permissionsOf(workflow, job) === "write-all")
        problems.push(`${workflow.file} ${name}: write-all`);
    }
  }
  return problems;
}

/**
 * A job that runs pull request code never gets a way to an Azure token, or anything secret,
 * except behind a protected environment other than production: no `id-token: write`, no secrets
 * but the job's own GITHUB_TOKEN, no write scope.
 */
export function pullRequestCodeProblems(
  workflows: Workflow[],
  gatedEnvironments: string[],
): string[] {
  const problems: string[] = [];
  for (const workflow of workflows.filter(runsPullRequestCode)) {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const where = `${workflow.file} ${name}`;
      const environment = environmentOf(job);
      const gated = environment !== undefined && gatedEnvironments.includes(environment);
      const permissions = permissionsOf(workflow, job);
      if (grants(permissions, "id-token", "write") && !gated)
        problems.push(
          `${where}: runs pull request code with id-token: write outside ${gatedEnvironments.join(", ")}`,
        );
      if (typeof permissions === "object") {
        for (const [scope, level] of Object.entries(permissions)) {
          if (level === "write" && scope !== "id-token")
            problems.push(`${where}: runs pull request code with ${scope}: write`);
        }
      }
      const jobText = JSON.stringify(job);
      if (/secrets\.(?!GITHUB_TOKEN\b)/.test(jobText) && !gated)
        problems.push(
          `${where}: hands a secret to pull request code outside ${gatedEnvironments.join(", ")}`,
        );
      if (/vars\.AZURE_CLIENT_ID\b/.test(jobText))
        problems.push(`${where}: names the deploy identity (vars.AZURE_CLIENT_ID)`);
    }
  }
  return problems;
}

/**
 * A workflow that runs in main's context for a pull request (workflow_run, pull_request_target)
 * may run main's code (the trusted review) but never the pull request's: GitHub Security Lab's
 * "pwn request" rules. A checkout is main's own (no `ref` or `repository`) and keeps no token;
 * nothing puts pull request files in the working tree (git checkout, switch, worktree, restore,
 * reset, read-tree, merge, pull, archive, unpacking an artifact) or installs from them (only
 * `npm ci --ignore-scripts`, of main's lock file); no expression is interpolated into a script
 * (values reach it through `env`); an artifact of a pull request run is never next to code that
 * runs; no id-token, no secret, no write scope but pull-requests, checks and statuses.
 */
export function mainContextProblems(workflows: Workflow[]): string[] {
  const problems: string[] = [];
  for (const workflow of workflows.filter(runsInMainContextForPullRequests)) {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const where = `${workflow.file} ${name}`;
      const permissions = permissionsOf(workflow, job);
      if (grants(permissions, "id-token", "write"))
        problems.push(`${where}: id-token: write in main's context`);
      if (permissions === "write-all" || permissions === undefined)
        problems.push(`${where}: no explicit least permissions in main's context`);
      else if (typeof permissions === "object")
        for (const [scope, level] of Object.entries(permissions))
          if (
            level === "write" &&
            !["pull-requests", "checks", "statuses", "id-token"].includes(scope)
          )
            problems.push(`${where}: ${scope}: write in main's context`);
      if (/secrets\.(?!GITHUB_TOKEN\b)/.test(JSON.stringify(job)))
        problems.push(`${where}: a secret in main's context`);
      const runsCode = job.steps.some((step) =>
        /\b(npm|npx|node|yarn|pnpm|pulumi|make|bash\s+\S+\.sh)\b/.test(step.run ?? ""),
      );
      for (const step of job.steps) {
        const run = (step.run ?? "").replace(/\\\n\s*/g, " ");
        if (step.uses?.startsWith("actions/checkout@")) {
          if (step.with?.ref !== undefined || step.with?.repository !== undefined)
            problems.push(
              `${where}: checks out ${String(step.with?.ref ?? step.with?.repository)}, not main's code`,
            );
          if (step.with?.["persist-credentials"] !== false)
            problems.push(`${where}: checkout keeps the token (persist-credentials)`);
        }
        if (step.uses?.startsWith("actions/download-artifact@") && runsCode)
          problems.push(`${where}: downloads an artifact in a job that runs code`);
        if (/\$\{\{/.test(run))
          problems.push(
            `${where}: interpolates an expression into a script: ${JSON.stringify(run.split("\n").find((line) => line.includes("${{")))}`,
          );
        if (
          /\bgit\b[^\n]*\b(checkout|switch|worktree|restore|reset|read-tree|checkout-index|merge(?!-base)|pull|rebase|cherry-pick|am|apply|stash|archive|submodule)\b/.test(
            run,
          ) ||
          /\b(tar\s+-?x|unzip)\b/.test(run)
        )
          problems.push(
            `${where}: puts pull request files in the working tree: ${JSON.stringify(run.split("\n")[0])}`,
          );
        for (const install of run.match(
          /\b(npm\s+(ci|install|i|exec)|yarn|pnpm|npx)\b[^\n;&|]*/g,
        ) ?? [])
          if (install.trim() !== "npm ci --ignore-scripts")
            problems.push(
              `${where}: installs or fetches packages: ${JSON.stringify(install.trim())}`,
            );
      }
    }
  }
  return problems;
}

/** Every `pulumi up`/`preview` runs the guardrail policy pack with the project's config. */
export function policyPackProblems(workflows: Workflow[]): string[] {
  const problems: string[] = [];
  for (const workflow of workflows) {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps) {
        for (const command of pulumiCommands(step)) {
          const where = `${workflow.file} ${name}: ${command.trim()}`;
          if (step.uses) {
            if (
              step.with?.policyPacks !== "policy" ||
              step.with?.policyPackConfigs !== "policy/config.json"
            )
              problems.push(
                `${where} without policyPacks: policy and policyPackConfigs: policy/config.json`,
              );
          } else if (/\bpulumi\s+(up|update|preview)\b/.test(command)) {
            const full = (step.run ?? "").replace(/\\\n\s*/g, " ");
            if (
              !/--policy-pack policy(\s|$)/.test(full) ||
              !/--policy-pack-config policy\/config\.json(\s|$)/.test(full)
            )
              problems.push(
                `${where} without --policy-pack policy --policy-pack-config policy/config.json`,
              );
          }
        }
      }
    }
  }
  return problems;
}

/**
 * Before any Pulumi command, the job runs the stack preflight, which fails on an empty
 * passphrase (and on a stack file with no real secrets provider). PULUMI_CONFIG_PASSPHRASE is
 * never set for a whole workflow.
 */
export function passphraseProblems(workflows: Workflow[]): string[] {
  const problems: string[] = [];
  for (const workflow of workflows) {
    if (workflow.env && "PULUMI_CONFIG_PASSPHRASE" in workflow.env)
      problems.push(`${workflow.file}: PULUMI_CONFIG_PASSPHRASE set for every job`);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const usesPassphrase = JSON.stringify(job).includes("PULUMI_CONFIG_PASSPHRASE");
      const firstPulumi = job.steps.findIndex((step) => pulumiCommands(step).length > 0);
      if (!usesPassphrase && firstPulumi < 0) continue;
      const guard = job.steps.findIndex(isStackPreflight);
      if (guard < 0 || (firstPulumi >= 0 && guard > firstPulumi))
        problems.push(
          `${workflow.file} ${name}: ${usesPassphrase ? "PULUMI_CONFIG_PASSPHRASE" : "pulumi"} without the stack preflight before the first Pulumi command`,
        );
      if (guard >= 0 && !("STACK" in (job.env ?? {})))
        problems.push(`${workflow.file} ${name}: the stack preflight has no STACK to check`);
    }
  }
  return problems;
}

/** The concurrency groups of the jobs that run `pulumi up`, matrix values expanded. */
export function pulumiUpGroups(
  workflow: Workflow,
): { job: string; group: string; cancel: boolean }[] {
  const groups: { job: string; group: string; cancel: boolean }[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (!job.steps.some((step) => pulumiCommands(step).some((c) => /pulumi (up|update)\b/.test(c))))
      continue;
    const concurrency =
      typeof job.concurrency === "string" ? { group: job.concurrency } : job.concurrency;
    const stacks = (job.strategy?.matrix?.stack as string[] | undefined) ?? [undefined];
    for (const stack of stacks) {
      groups.push({
        job: name,
        group: (concurrency?.group ?? "").replace(/\$\{\{\s*matrix\.stack\s*\}\}/g, String(stack)),
        cancel: concurrency?.["cancel-in-progress"] === true,
      });
    }
  }
  return groups;
}

/**
 * The rotation never waits on, or is cancelled by, a deploy: job-level groups (a workflow-level
 * group would hold a whole run, approval wait included), per stack, not shared, never cancelling.
 */
export function concurrencyProblems(deploy: Workflow, scheduled: Workflow): string[] {
  const problems: string[] = [];
  for (const workflow of [deploy, scheduled]) {
    if (workflow.concurrency !== undefined)
      problems.push(
        `${workflow.file}: a workflow-level concurrency group holds every job of a run`,
      );
  }
  const deployGroups = pulumiUpGroups(deploy);
  const rotationGroups = pulumiUpGroups(scheduled);
  for (const { job, group, cancel } of [...deployGroups, ...rotationGroups]) {
    if (!group) problems.push(`${job}: pulumi up without a concurrency group`);
    if (cancel)
      problems.push(`${job} (${group}): cancel-in-progress would kill a running pulumi up`);
  }
  const shared = rotationGroups.filter((rotation) =>
    deployGroups.some((deployment) => deployment.group === rotation.group),
  );
  for (const { group } of shared) problems.push(`rotation shares the deploy group ${group}`);
  if (new Set(rotationGroups.map((g) => g.group)).size !== rotationGroups.length)
    problems.push("two rotation stacks share one group");
  return problems;
}

// ---------------------------------------------------------------------------------------------
