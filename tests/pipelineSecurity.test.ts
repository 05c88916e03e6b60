// The pipeline's security rules, checked over every workflow in .github/workflows (parsed), and
// each check shown to catch the mistake it is there for (README "Deploying from GitHub Actions").
import * as fs from "fs";
import * as path from "path";
import { pipelineEnvironments } from "../tools/pipeline/environmentProtection";
import {
  concurrencyProblems,
  environmentOf,
  explicitPermissionProblems,
  importClosure,
  mainContextProblems,
  matchesPathFilter,
  parseWorkflow,
  passphraseProblems,
  pathFilterProblems,
  permissionsOf,
  policyPackProblems,
  PROJECT_DIR,
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
      "preview.yml",
      "pull-request-comment.yml",
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

  it("the comment workflow, which runs in main's context, never runs pull request code and never asks for a token", () => {
    expect(mainContextProblems(workflows)).toEqual([]);
    const comment = readWorkflow("pull-request-comment.yml");
    expect(Object.keys(comment.on)).toEqual(["workflow_run"]);
    expect(comment.jobs.comment.permissions).toEqual({
      actions: "read",
      "pull-requests": "write",
    });
    const pwn = bad(`
on:
  workflow_run:
    workflows: [pull-request]
    types: [completed]
permissions: {}
jobs:
  comment:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - uses: actions/checkout@v7
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: npm ci && npm run review
`);
    expect(mainContextProblems([pwn])).toEqual([
      "bad.yml comment: id-token: write in main's context",
      "bad.yml comment: checks out code in main's context",
      'bad.yml comment: runs "npm ci && npm run review"',
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

describe("what every pulumi run does", () => {
  it("every pulumi up and preview runs the policy pack with policy/config.json", () => {
    expect(policyPackProblems(workflows)).toEqual([]);
    const ups = workflows.flatMap((workflow) =>
      Object.values(workflow.jobs).flatMap((job) =>
        job.steps.filter((step) => /\bpulumi up\b/.test(step.run ?? "")).map(() => workflow.file),
      ),
    );
    expect(ups).toEqual(["deploy.yml", "deploy.yml", "scheduled.yml"]);
    const unchecked = bad(`
on: push
permissions: {}
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: pulumi up --yes --stack dev
      - run: pulumi up --yes --stack dev --policy-pack policy
      - uses: pulumi/actions@v7
        with:
          command: up
          stack-name: prod
`);
    expect(policyPackProblems([unchecked])).toEqual([
      "bad.yml x: pulumi up --yes --stack dev without --policy-pack policy --policy-pack-config policy/config.json",
      "bad.yml x: pulumi up --yes --stack dev --policy-pack policy without --policy-pack policy --policy-pack-config policy/config.json",
      "bad.yml x: pulumi up (pulumi/actions) without policyPacks: policy and policyPackConfigs: policy/config.json",
    ]);
  });

  it("no path to an empty passphrase: the stack preflight runs before the first Pulumi command of every job that has one", () => {
    expect(passphraseProblems(workflows)).toEqual([]);
    const unguarded = bad(`
on: push
permissions: {}
env:
  PULUMI_CONFIG_PASSPHRASE: \${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
jobs:
  late:
    runs-on: ubuntu-latest
    env:
      STACK: dev
    steps:
      - run: pulumi up --yes --stack dev --policy-pack policy --policy-pack-config policy/config.json
      - run: npx ts-node --transpile-only tools/pipeline/stackPreflight.ts "$STACK"
  none:
    runs-on: ubuntu-latest
    steps:
      - run: pulumi preview --stack dev --policy-pack policy --policy-pack-config policy/config.json
`);
    expect(passphraseProblems([unguarded])).toEqual([
      "bad.yml: PULUMI_CONFIG_PASSPHRASE set for every job",
      "bad.yml late: pulumi without the stack preflight before the first Pulumi command",
      "bad.yml none: pulumi without the stack preflight before the first Pulumi command",
    ]);
  });

  it("the rotation has its own concurrency group per stack: a deploy waiting for approval cannot hold it, a push cannot cancel it", () => {
    const deploy = readWorkflow("deploy.yml");
    const scheduled = readWorkflow("scheduled.yml");
    expect(concurrencyProblems(deploy, scheduled)).toEqual([]);
    const shared = bad(
      readWorkflow("scheduled.yml").text.replace(
        /concurrency:\n(\s+)group: .*\n(\s+)cancel-in-progress: false/,
        "concurrency:\n$1group: pulumi-up-prod-deploy\n$2cancel-in-progress: true",
      ),
      "scheduled.yml",
    );
    expect(concurrencyProblems(deploy, shared)).toEqual([
      "rotate (pulumi-up-prod-deploy): cancel-in-progress would kill a running pulumi up",
      "rotate (pulumi-up-prod-deploy): cancel-in-progress would kill a running pulumi up",
      "rotation shares the deploy group pulumi-up-prod-deploy",
      "rotation shares the deploy group pulumi-up-prod-deploy",
      "two rotation stacks share one group",
    ]);
    const whole = bad(
      `concurrency:\n  group: entra-graph-apps-pulumi-up\n  cancel-in-progress: false\n${deploy.text}`,
      "deploy.yml",
    );
    expect(concurrencyProblems(whole, scheduled)).toEqual([
      "deploy.yml: a workflow-level concurrency group holds every job of a run",
    ]);
  });
});

describe("path filters", () => {
  /** What the deploy and rotation jobs load: the program, the pack, and the commands they run. */
  const entries = [
    "index.ts",
    "policy/index.ts",
    "tools/commands/plan/cli.ts",
    "tools/commands/verify/cli.ts",
    "tools/commands/expiry/cli.ts",
    "tools/pipeline/stackPreflight.ts",
    "tools/pipeline/environmentProtection.ts",
    "tools/pipeline/rotationGate.ts",
  ];
  const stackFiles = fs.readdirSync(PROJECT_DIR).filter((file) => /^Pulumi\..+\.yaml$/.test(file));
  const mustTrigger = [
    "Pulumi.yaml",
    ...stackFiles,
    "tsconfig.json",
    "package.json",
    "package-lock.json",
    "policy/config.json",
    "policy/package.json",
    "policy/PulumiPolicy.yaml",
    "policy/tsconfig.json",
    ...fs
      .readdirSync(path.join(PROJECT_DIR, "program", "permissions", "catalog"))
      .map((f) => `program/permissions/catalog/${f}`),
    ...importClosure(entries),
  ];

  it("match GitHub's pattern rules as implemented here", () => {
    expect(matchesPathFilter(["Pulumi.*.yaml"], "Pulumi.dev.yaml")).toBe(true);
    expect(matchesPathFilter(["Pulumi.*.yaml"], "Pulumi.yaml")).toBe(false);
    expect(matchesPathFilter(["Pulumi.*.yaml"], "examples/x/Pulumi.example.yaml")).toBe(false);
    expect(matchesPathFilter(["policy/**"], "policy/config.json")).toBe(true);
    expect(matchesPathFilter(["**/*.ts"], "index.ts")).toBe(false);
    expect(matchesPathFilter(["**", "!**.md"], "README.md")).toBe(false);
  });

  it("include Pulumi.yaml, every stack file, tsconfig.json, package*.json, the policy pack and every source file a deployment loads", () => {
    expect(mustTrigger).toEqual(
      expect.arrayContaining(["Pulumi.dev.yaml", "Pulumi.prod.yaml", "program/entraGraphApps.ts"]),
    );
    const filtered = workflows.filter((workflow) => JSON.stringify(workflow.on).includes('"paths'));
    expect(filtered.map((workflow) => workflow.file)).toEqual(["deploy.yml", "preview.yml"]);
    expect(pathFilterProblems(workflows, mustTrigger)).toEqual([]);
  });

  it("would catch the old filters, which missed Pulumi.yaml, tsconfig.json and the policy config", () => {
    const old = bad(`
on:
  push:
    paths:
      - "Pulumi.*.yaml"
      - "**/*.ts"
      - "package.json"
      - "package-lock.json"
      - "permission-catalog/**"
permissions: {}
jobs: {}
`);
    expect(pathFilterProblems([old], mustTrigger)).toEqual(
      expect.arrayContaining([
        "bad.yml on.push.paths misses Pulumi.yaml",
        "bad.yml on.push.paths misses tsconfig.json",
        "bad.yml on.push.paths misses policy/config.json",
        "bad.yml on.push.paths misses index.ts",
      ]),
    );
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
    "actions/upload-artifact": 7,
    "actions/download-artifact": 8,
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
