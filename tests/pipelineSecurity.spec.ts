// The pipeline's security rules, checked over every workflow in .github/workflows (parsed), and
// each check shown to catch the mistake it is there for (docs/deploying.md "Deploying from GitHub Actions").
import { pipelineEnvironments } from "../tools/pipeline/environmentProtection";
import {
  environmentOf,
  explicitPermissionProblems,
  mainContextProblems,
  parseWorkflow,
  permissionsOf,
  pullRequestCodeProblems,
  readWorkflow,
  readWorkflows,
  runsPullRequestCode,
  Workflow,
} from "./support/workflowChecks";

const workflows = readWorkflows();
/** The one environment pull request code may mint a token in (required reviewers, self-review off). */
const PREVIEW_ONLY = pipelineEnvironments()
  .filter((environment) => environment.deploymentBranches === "any")
  .map((environment) => environment.name);

const bad = (text: string, file = "bad.yml") => parseWorkflow(file, text);

describe("who can get a token", () => {
  it("every workflow sets its token permissions explicitly", () => {
    expect(workflows.map((workflow) => workflow.file)).toEqual([
      "deploy.yml",
      "permission-review.yml",
      "preview.yml",
      "pull-request.yml",
      "scheduled.yml",
    ]);
    expect(explicitPermissionProblems(workflows)).toEqual([]);
    expect(
      explicitPermissionProblems([
        bad("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n"),
      ]),
    ).toEqual(["bad.yml: no top-level permissions (the repository default applies)"]);
  });

  it("no job that runs pull request code can mint an OIDC token, or see a secret, unless it waits in the preview environment", () => {
    expect(PREVIEW_ONLY).toEqual(["preview"]);
    expect(pullRequestCodeProblems(workflows, PREVIEW_ONLY)).toEqual([]);
    const tokenJobs = workflows.filter(runsPullRequestCode).flatMap((workflow) =>
      Object.entries(workflow.jobs)
        .filter(([, job]) => permissionsOf(workflow, job)?.["id-token" as never] === "write")
        .map(([name, job]) => `${workflow.file} ${name} in ${environmentOf(job)}`),
    );
    expect(tokenJobs).toEqual(["preview.yml preview in preview"]);
  });

  it("would catch the old preview job: pull request code with id-token, the deploy identity and the passphrase", () => {
    const old = bad(`
on: pull_request
permissions:
  contents: read
jobs:
  preview:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
      id-token: write
    env:
      ARM_CLIENT_ID: \${{ vars.AZURE_CLIENT_ID }}
      PULUMI_CONFIG_PASSPHRASE: \${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
    steps:
      - run: pulumi preview --stack dev
`);
    expect(pullRequestCodeProblems([old], PREVIEW_ONLY)).toEqual([
      "bad.yml preview: runs pull request code with id-token: write outside preview",
      "bad.yml preview: runs pull request code with pull-requests: write",
      "bad.yml preview: hands a secret to pull request code outside preview",
      "bad.yml preview: names the deploy identity (vars.AZURE_CLIENT_ID)",
    ]);
    const inProduction = bad(
      "on: pull_request\npermissions: {}\njobs:\n  x:\n    environment: production\n    permissions:\n      id-token: write\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n",
    );
    expect(pullRequestCodeProblems([inProduction], PREVIEW_ONLY)).toEqual([
      "bad.yml x: runs pull request code with id-token: write outside preview",
    ]);
  });

  it("the permission review runs in main's context with main's code only: the pull request's files are data", () => {
    expect(mainContextProblems(workflows)).toEqual([]);
    const review = readWorkflow("permission-review.yml");
    expect(Object.keys(review.on)).toEqual(["pull_request_target"]);
    expect(review.jobs["permission-review"].permissions).toEqual({
      contents: "read",
      "pull-requests": "write",
    });
  });

  it("would catch every pwn request: the head checked out or unpacked, its lock file installed, its values in a script, a token or a secret", () => {
    const pwn = bad(`
on:
  pull_request_target: {}
permissions: {}
jobs:
  review:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
    env:
      PASS: \${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
    steps:
      - uses: actions/checkout@v7
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm run review
      - run: echo "\${{ github.event.pull_request.title }}"
      - run: git fetch origin "$HEAD" && git -c advice.detachedHead=false checkout FETCH_HEAD
      - run: git worktree add ../head "$HEAD"
      - run: git archive "$HEAD" | tar -x -C head
      - run: npx some-tool
      - uses: actions/download-artifact@v8
`);
    expect(mainContextProblems([pwn])).toEqual([
      "bad.yml review: id-token: write in main's context",
      "bad.yml review: contents: write in main's context",
      "bad.yml review: a secret in main's context",
      "bad.yml review: checks out ${{ github.event.pull_request.head.sha }}, not main's code",
      "bad.yml review: checkout keeps the token (persist-credentials)",
      'bad.yml review: installs or fetches packages: "npm ci"',
      'bad.yml review: interpolates an expression into a script: "echo \\"${{ github.event.pull_request.title }}\\""',
      'bad.yml review: puts pull request files in the working tree: "git fetch origin \\"$HEAD\\" && git -c advice.detachedHead=false checkout FETCH_HEAD"',
      'bad.yml review: puts pull request files in the working tree: "git worktree add ../head \\"$HEAD\\""',
      'bad.yml review: puts pull request files in the working tree: "git archive \\"$HEAD\\" | tar -x -C head"',
      'bad.yml review: installs or fetches packages: "npx some-tool"',
      "bad.yml review: downloads an artifact in a job that runs code",
    ]);
  });

  it("only jobs in the preview environment use the preview identity, and they never use the deploy identity", () => {
    for (const workflow of workflows) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const text = JSON.stringify(job);
        const where = `${workflow.file} ${name}`;
        if (environmentOf(job) === "preview") {
          expect({ where, client: job.env?.ARM_CLIENT_ID }).toEqual({
            where,
            client: "${{ vars.AZURE_PREVIEW_CLIENT_ID }}",
          });
          expect(text).not.toContain("vars.AZURE_CLIENT_ID");
        } else {
          expect({ where, preview: text.includes("AZURE_PREVIEW_CLIENT_ID") }).toEqual({
            where,
            preview: false,
          });
        }
      }
    }
  });

  it("jobs that can mint a token install without lifecycle scripts and without a shared npm cache, and no checkout keeps the GitHub token", () => {
    for (const workflow of workflows) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const where = `${workflow.file} ${name}`;
        const privileged = permissionsOf(workflow, job)?.["id-token" as never] === "write";
        for (const step of job.steps) {
          if (step.uses?.startsWith("actions/checkout@"))
            expect({ where, with: step.with }).toMatchObject({
              where,
              with: { "persist-credentials": false },
            });
          if (!privileged) continue;
          if (step.uses?.startsWith("actions/setup-node@")) {
            expect({ where, cache: step.with?.cache }).toEqual({ where, cache: undefined });
            expect({ where, auto: step.with?.["package-manager-cache"] }).toEqual({
              where,
              auto: false,
            });
          }
          if (/\bnpm (ci|install)\b/.test(step.run ?? ""))
            expect({ where, run: step.run }).toEqual({ where, run: "npm ci --ignore-scripts" });
        }
      }
    }
  });

  it("the production and preview jobs check their environment's protection before signing in", () => {
    const expectations: [Workflow, string, string][] = [
      [readWorkflow("deploy.yml"), "prod", "production"],
      [readWorkflow("preview.yml"), "preview", "preview"],
    ];
    for (const [workflow, jobName, environment] of expectations) {
      const job = workflow.jobs[jobName];
      expect(environmentOf(job)).toBe(environment);
      const check = job.steps.findIndex(
        (step) =>
          step.run ===
          `npx ts-node --transpile-only tools/pipeline/environmentProtection.ts ${environment}`,
      );
      const login = job.steps.findIndex((step) => step.uses?.startsWith("azure/login@"));
      expect(check).toBeGreaterThanOrEqual(0);
      expect(check).toBeLessThan(login);
      expect(job.steps[check].env).toEqual({ GITHUB_TOKEN: "${{ github.token }}" });
      expect(job.permissions).toMatchObject({ actions: "read" });
    }
  });
});

describe("actions", () => {
  /**
   * Current majors, each running on Node 24 (`runs.using: node24` in its action.yml; checked
   * November 2026). A new action is added here once its runtime is checked.
   */
  const CURRENT_MAJORS: Record<string, number> = {
    "actions/checkout": 7,
    "actions/setup-node": 7,
    "azure/login": 3,
    "pulumi/actions": 7,
    "marocchino/sticky-pull-request-comment": 3,
  };

  it("are at their current major (Node 24 runtimes), and the jobs run Node 24", () => {
    const used = new Set<string>();
    for (const workflow of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.uses) {
            const [action, ref] = step.uses.split("@");
            used.add(action);
            expect({ uses: step.uses, known: action in CURRENT_MAJORS }).toEqual({
              uses: step.uses,
              known: true,
            });
            expect({ uses: step.uses, major: Number(/^v(\d+)$/.exec(ref)?.[1]) }).toEqual({
              uses: step.uses,
              major: CURRENT_MAJORS[action],
            });
          }
          if (step.uses?.startsWith("actions/setup-node@"))
            expect(step.with?.["node-version"]).toBe(24);
        }
      }
    }
    expect([...used].sort()).toEqual(Object.keys(CURRENT_MAJORS).sort());
  });
});
