// What the workflows check before any pulumi command: the protection of the GitHub environment
// a job runs in (tests/pipelinePreflight.spec.ts checks the stack's secrets provider).
import {
  environmentProblems,
  EnvironmentRequirement,
  main as checkEnvironment,
  pipelineEnvironments,
} from "../tools/pipeline/environmentProtection";
describe("the protection of the GitHub environments", () => {
  const [production, preview] = pipelineEnvironments();
  const reviewers = (preventSelfReview: boolean) => ({
    type: "required_reviewers",
    prevent_self_review: preventSelfReview,
    reviewers: [{ type: "Team", reviewer: { slug: "platform" } }],
  });
  const protectedProduction = {
    name: "production",
    protection_rules: [reviewers(true), { type: "branch_policy" }],
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
  };
  const mainOnly = { branch_policies: [{ name: "main", type: "branch" }] };

  it("requires reviewers and main only for production, reviewers and no self-review for preview", () => {
    expect(production).toMatchObject<Partial<EnvironmentRequirement>>({
      name: "production",
      deploymentBranches: ["main"],
    });
    expect(preview).toMatchObject<Partial<EnvironmentRequirement>>({
      name: "preview",
      preventSelfReview: true,
      deploymentBranches: "any",
    });
    expect(environmentProblems(production, protectedProduction, mainOnly)).toEqual([]);
    expect(
      environmentProblems(preview, {
        name: "preview",
        protection_rules: [reviewers(true)],
        deployment_branch_policy: null,
      }),
    ).toEqual([]);
  });

  it("names what is missing from an environment GitHub created on first use", () => {
    expect(environmentProblems(production, { name: "production", protection_rules: [] })).toEqual([
      "it has no required reviewers, so nobody approved this run (GitHub creates a missing environment unprotected; on GitHub Free, Pro and Team, private repositories cannot have required reviewers)",
      "any branch can deploy to it; allow only main (deployment branches: selected branches)",
    ]);
    expect(
      environmentProblems(preview, { name: "preview", protection_rules: [reviewers(false)] }),
    ).toEqual([
      "prevent self-review is off, so whoever triggered the run (a pull request's author) can approve it",
    ]);
    expect(
      environmentProblems(production, {
        ...protectedProduction,
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
      }),
    ).toEqual([
      "every protected branch can deploy to it; allow only main (selected branches, not protected branches)",
    ]);
    expect(
      environmentProblems(production, protectedProduction, {
        branch_policies: [
          { name: "main", type: "branch" },
          { name: "release/*", type: "branch" },
          { name: "v*", type: "tag" },
        ],
      }),
    ).toEqual(["its deployment branch rules are main, release/*, tag v*; allow exactly main"]);
  });

  it("the command reads the environment from the GitHub API with the job's token and fails closed", async () => {
    const requests: { url: string; authorization: string }[] = [];
    const answer = (body: unknown, status = 200) =>
      Promise.resolve(new Response(JSON.stringify(body), { status }));
    const api = (responses: Record<string, () => Promise<Response>>) =>
      (async (url: string | URL | Request, init?: RequestInit) => {
        const href = String(url);
        requests.push({
          url: href,
          authorization: String((init?.headers as Record<string, string>).Authorization),
        });
        const route = Object.keys(responses).find((suffix) => href.endsWith(suffix));
        return route ? responses[route]() : answer({ message: "Not Found" }, 404);
      }) as typeof fetch;
    const env = { GITHUB_REPOSITORY: "contoso/entra-graph-apps", GITHUB_TOKEN: "ghs_token" };
    const output: string[] = [];
    const write = (text: string) => void output.push(text);

    const ok = await checkEnvironment(
      ["node", "x", "production"],
      env,
      write,
      api({
        "/environments/production": () => answer(protectedProduction),
        "/environments/production/deployment-branch-policies?per_page=100": () => answer(mainOnly),
      }),
    );
    expect(ok).toBe(0);
    expect(requests.map((request) => request.url)).toEqual([
      "https://api.github.com/repos/contoso/entra-graph-apps/environments/production",
      "https://api.github.com/repos/contoso/entra-graph-apps/environments/production/deployment-branch-policies?per_page=100",
    ]);
    expect(requests[0].authorization).toBe("Bearer ghs_token");

    output.length = 0;
    expect(await checkEnvironment(["node", "x", "production"], env, write, api({}))).toBe(1);
    expect(output.join("")).toContain(
      "::error title=environment production is not protected::it does not exist",
    );
    await expect(
      checkEnvironment(
        ["node", "x", "preview"],
        env,
        write,
        api({ "/environments/preview": () => answer({ message: "Forbidden" }, 403) }),
      ),
    ).rejects.toThrow(
      "GitHub answered HTTP 403 for environment preview; give the job `permissions: actions: read`",
    );
    expect(await checkEnvironment(["node", "x", "staging"], env, write, api({}))).toBe(2);
    expect(output.join("")).not.toContain("ghs_token");
  });
});
