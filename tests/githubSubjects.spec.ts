import fc from "fast-check";
import { formatProblem } from "../program/config/configProblem";
import { validateStackConfig } from "../program/config/validateStackConfig";
import {
  githubSubject,
  parseGitHubSubject,
  sameRunsOtherForm,
} from "../program/credentials/githubSubject";
import { oneApp, runProgram, TODAY } from "./support/simulate";

// GitHub's two subject forms in config: the immutable one built from ownerId and repositoryId,
// the name-based one still allowed but warned about (docs/credentials.md "GitHub subjects").

const ISSUER = "https://token.actions.githubusercontent.com";
const REPO = { repository: "contoso/payments-api", ownerId: 5544123, repositoryId: 821093847 };

const validate = (federatedCredentials: Record<string, unknown>, defaults?: unknown) =>
  validateStackConfig(
    {
      ...oneApp("ci", { displayName: "CI", federatedCredentials }),
      ...(defaults ? { defaults } : {}),
    },
    TODAY,
  );
const subjects = (federatedCredentials: Record<string, unknown>) =>
  validate(federatedCredentials).apps[0].federatedCredentials.map((f) => f.subject);
const problems = (federatedCredentials: Record<string, unknown>) =>
  validate(federatedCredentials).problems.map(formatProblem);
const ADVICE = (repository: string) =>
  `is the name-based (mutable) GitHub subject: if ${repository} is renamed, transferred or deleted, whoever takes the name gets tokens that match, and a repository created or renamed since 2026-07-15 presents only the immutable subject, which this never matches. Give the repository's IDs as github: { repository, ownerId, repositoryId, ... } (gh api repos/${repository} --jq '.id, .owner.id' prints the repository ID, then the owner ID); keep the name-based form only for GitHub Enterprise Server`;

describe("github: credentials with ownerId and repositoryId", () => {
  it("build GitHub's immutable subject for a branch, a tag, an environment and pull requests", () => {
    expect(
      subjects({
        main: { github: { ...REPO, branch: "main" } },
        release: { github: { ...REPO, ownerId: "5544123", repositoryId: "821093847", tag: "v1" } },
        prod: { github: { ...REPO, environment: "production" } },
        pr: { github: { ...REPO, pullRequest: true } },
      }),
    ).toEqual([
      "repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main",
      "repo:contoso@5544123/payments-api@821093847:ref:refs/tags/v1",
      "repo:contoso@5544123/payments-api@821093847:environment:production",
      "repo:contoso@5544123/payments-api@821093847:pull_request",
    ]);
    expect(validate({ main: { github: { ...REPO, branch: "main" } } }).warnings).toEqual([]);
  });

  it("take both IDs or neither, naming the credential's github path and how to find them", () => {
    expect(
      problems({
        a: { github: { repository: "contoso/infra", ownerId: 5544123, branch: "main" } },
        b: { github: { repository: "contoso/infra", repositoryId: "821093847", branch: "main" } },
      }),
    ).toEqual([
      "apps.ci.federatedCredentials.a.github: sets ownerId without repositoryId: the immutable subject holds both IDs. Set both (gh api repos/contoso/infra --jq '.id, .owner.id' prints the repository ID, then the owner ID), or neither for the name-based subject",
      "apps.ci.federatedCredentials.b.github: sets repositoryId without ownerId: the immutable subject holds both IDs. Set both (gh api repos/contoso/infra --jq '.id, .owner.id' prints the repository ID, then the owner ID), or neither for the name-based subject",
    ]);
  });

  it("refuse IDs that are not positive whole numbers written plainly, each with its path", () => {
    const bad = [0, -4, 1.5, 2 ** 53, "0123", "12a", " 12", "", "+5", true, null];
    const found = problems(
      Object.fromEntries(
        bad.map((id, i) => [`c${i}`, { github: { ...REPO, ownerId: id, branch: "main" } }]),
      ),
    );
    const rule =
      "must be the owner's numeric GitHub ID, a whole number above 0 without leading zeros (gh api repos/OWNER/REPO --jq '.id, .owner.id' prints the repository ID, then the owner ID)";
    expect(found).toEqual(
      bad.map(
        (id, i) =>
          `apps.ci.federatedCredentials.c${i}.github.ownerId = ${JSON.stringify(id)}: ${rule}`,
      ),
    );
  });
});

describe("name-based GitHub subjects", () => {
  it("are still deployed, with a warning at the path they are written at (github or subject)", () => {
    const result = validate({
      main: { github: { repository: "contoso/infra", branch: "main" } },
      raw: { issuer: ISSUER, subject: "repo:contoso/infra:environment:production" },
      immutable: { issuer: ISSUER, subject: "repo:contoso@1/infra@2:environment:production" },
      // GitHub Enterprise Server issues only name-based subjects, from its own issuer.
      ghes: {
        issuer: "https://ghes.contoso.com/_services/token",
        subject: "repo:c/i:pull_request",
      },
    });
    expect(result.problems).toEqual([]);
    expect(result.apps[0].federatedCredentials.map((f) => f.name)).toEqual([
      "main",
      "raw",
      "immutable",
      "ghes",
    ]);
    expect(result.warnings.map(formatProblem)).toEqual([
      `apps.ci.federatedCredentials.main.github = "repo:contoso/infra:ref:refs/heads/main": ${ADVICE("contoso/infra")}`,
      `apps.ci.federatedCredentials.raw.subject = "repo:contoso/infra:environment:production": ${ADVICE("contoso/infra")}`,
    ]);
  });

  it("are warned about once under defaults, however many apps inherit them", () => {
    const result = validateStackConfig(
      {
        apps: { a: { displayName: "A" }, b: { displayName: "B" } },
        defaults: { federatedCredentials: { ci: { github: { repository: "c/r", tag: "v1" } } } },
      },
      TODAY,
    );
    expect(result.warnings.map((w) => w.path)).toEqual(["defaults.federatedCredentials.ci.github"]);
  });

  it("reach pulumi up's log as a warning, and the credential is still created", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { tenant } = await runProgram(
        oneApp("ci", {
          displayName: "CI",
          federatedCredentials: {
            main: { github: { repository: "contoso/infra", branch: "main" } },
          },
        }),
      );
      expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
        `warning: [runtime] apps.ci.federatedCredentials.main.github = "repo:contoso/infra:ref:refs/heads/main": ${ADVICE("contoso/infra")}`,
      ]);
      expect(
        tenant.resources.filter((r) => r.name === "ci-federated-main").map((r) => r.inputs.subject),
      ).toEqual(["repo:contoso/infra:ref:refs/heads/main"]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("the subject builder and reader (generated)", () => {
  const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);
  const id = fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String);
  const refName = fc.stringMatching(/^[A-Za-z0-9_./-]{1,30}$/);
  const spec = fc.oneof(
    refName.map((branch) => ({ branch })),
    refName.map((tag) => ({ tag })),
    refName.map((environment) => ({ environment })),
    fc.constant({ pullRequest: true as const }),
  );
  const context = (s: {
    branch?: string;
    tag?: string;
    environment?: string;
    pullRequest?: true;
  }) =>
    s.branch !== undefined
      ? `ref:refs/heads/${s.branch}`
      : s.tag !== undefined
        ? `ref:refs/tags/${s.tag}`
        : s.environment !== undefined
          ? `environment:${s.environment}`
          : "pull_request";

  it("is exactly GitHub's documented form, read back to the same repository, IDs and runs", () => {
    fc.assert(
      fc.property(name, name, id, id, spec, (owner, repo, ownerId, repositoryId, runs) => {
        const repository = `${owner}/${repo}`;
        const immutable = githubSubject({ repository, ownerId, repositoryId }, runs);
        const named = githubSubject({ repository }, runs);
        expect(immutable).toBe(`repo:${owner}@${ownerId}/${repo}@${repositoryId}:${context(runs)}`);
        expect(named).toBe(`repo:${owner}/${repo}:${context(runs)}`);
        expect(parseGitHubSubject(immutable)).toEqual({
          repository,
          ownerId,
          repositoryId,
          form: "immutable",
          spec: runs,
        });
        expect(parseGitHubSubject(named)).toEqual({ repository, form: "name-based", spec: runs });
        expect(sameRunsOtherForm(named, immutable)).toBe(true);
        expect(sameRunsOtherForm(immutable, immutable)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("config builds the same subject from YAML integers and digit strings", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1 }), (o, r) => {
        const [a, b] = subjects({
          n: { github: { repository: "c/r", ownerId: o, repositoryId: r, branch: "main" } },
          s: { github: { repository: "c/r", ownerId: `${o}`, repositoryId: `${r}`, tag: "v1" } },
        });
        expect(a).toBe(`repo:c@${o}/r@${r}:ref:refs/heads/main`);
        expect(b).toBe(`repo:c@${o}/r@${r}:ref:refs/tags/v1`);
      }),
      { numRuns: 50 },
    );
  });

  it("reads nothing it could not build back: customized templates and half-immutable subjects", () => {
    for (const subject of [
      "repo:contoso/infra:environment:prod:job_workflow_ref:contoso/t/.github/workflows/x.yml@refs/heads/main",
      "repo:contoso@1/infra:ref:refs/heads/main",
      "repo:contoso@01/infra@2:ref:refs/heads/main",
      "repo:contoso/infra:ref:refs/pull/1/merge",
      "repository_owner_id:5544123:repository_id:821093847",
      "system:serviceaccount:mail:alerts",
    ])
      expect(parseGitHubSubject(subject)).toBeUndefined();
  });
});
