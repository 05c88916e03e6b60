// What every Pulumi run of the pipeline does (policy pack, passphrase preflight, concurrency) and
// the path filters that decide when it runs, checked over every workflow in .github/workflows,
// each check shown to catch the mistake it is there for (docs/deploying.md "Deploying from GitHub Actions").
import * as fs from "fs";
import * as path from "path";
import {
  concurrencyProblems,
  importClosure,
  matchesPathFilter,
  parseWorkflow,
  passphraseProblems,
  pathFilterProblems,
  policyPackProblems,
  PROJECT_DIR,
  readWorkflow,
  readWorkflows,
} from "./support/workflowChecks";

const workflows = readWorkflows();
const bad = (text: string, file = "bad.yml") => parseWorkflow(file, text);

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
