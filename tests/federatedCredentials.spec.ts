import { formatProblem } from "../program/config/configProblem";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { TYPES } from "../tools/tenant/simulatedTenant";
import { oneApp, runProgram, TODAY } from "./support/simulate";

// Federated identity credentials: the subjects config builds, the resources the program
// registers, and what Entra refuses.

function problemsOf(settings: Record<string, unknown>, now = TODAY): string[] {
  return validateStackConfig(oneApp("ci", { displayName: "CI", ...settings }), now).problems.map(
    formatProblem,
  );
}

describe("federated identity credentials", () => {
  const subjects = (federatedCredentials: Record<string, unknown>) =>
    validateStackConfig(oneApp("ci", { displayName: "CI", federatedCredentials }), TODAY).apps[0]
      .federatedCredentials;

  it("use GitHub's issuer and subject formats for environments, branches, tags and pull requests", () => {
    expect(
      subjects({
        prod: { github: { repository: "contoso/infra", environment: "production" } },
        main: { github: { repository: "contoso/infra", branch: "main" } },
        release: { github: { repository: "contoso/infra", tag: "v1.2.0" } },
        pr: { github: { repository: "contoso/infra", pullRequest: true } },
      }),
    ).toEqual([
      {
        name: "prod",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/infra:environment:production",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        name: "main",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/infra:ref:refs/heads/main",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        name: "release",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/infra:ref:refs/tags/v1.2.0",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        name: "pr",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/infra:pull_request",
        audiences: ["api://AzureADTokenExchange"],
      },
    ]);
  });

  it("build Kubernetes service account subjects and take explicit issuer, subject and audiences", () => {
    expect(
      subjects({
        aks: {
          kubernetes: {
            issuer: "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/",
            namespace: "mail",
            serviceAccount: "alerts",
          },
        },
        other: {
          issuer: "https://idp.contoso.com",
          subject: "svc-42",
          audiences: ["api://custom"],
        },
      }),
    ).toEqual([
      {
        name: "aks",
        issuer: "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/",
        subject: "system:serviceaccount:mail:alerts",
        audiences: ["api://AzureADTokenExchange"],
      },
      {
        name: "other",
        issuer: "https://idp.contoso.com",
        subject: "svc-42",
        audiences: ["api://custom"],
      },
    ]);
  });

  it("register one ApplicationFederatedIdentityCredential each, named after the app and the credential", async () => {
    const { tenant } = await runProgram(
      oneApp("ci", {
        displayName: "CI",
        clientSecret: false,
        federatedCredentials: {
          prod: { github: { repository: "contoso/infra", environment: "production" } },
        },
      }),
    );
    expect(tenant.resource(TYPES.federatedCredential, "ci-federated-prod").inputs).toEqual({
      applicationId: tenant.resource(TYPES.application, "ci").id,
      displayName: "prod",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/infra:environment:production",
      audiences: ["api://AzureADTokenExchange"],
    });
    expect(tenant.resourcesOfType(TYPES.applicationPassword)).toEqual([]);
  });

  it("refuse more than 20 per app, a repeated issuer and subject, non-https issuers and ambiguous GitHub specs", () => {
    const many = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [
        `env-${i}`,
        { github: { repository: "contoso/infra", environment: `e${i}` } },
      ]),
    );
    expect(problemsOf({ federatedCredentials: many })).toEqual([
      "apps.ci.federatedCredentials: has 21 credentials; Entra allows at most 20 per app. Use a broader subject (e.g. an environment) or a second app",
    ]);
    expect(
      problemsOf({
        federatedCredentials: {
          a: { github: { repository: "contoso/infra", branch: "main" } },
          b: {
            issuer: "https://token.actions.githubusercontent.com",
            subject: "repo:contoso/infra:ref:refs/heads/main",
          },
        },
      }),
    ).toEqual([
      'apps.ci.federatedCredentials.b = "repo:contoso/infra:ref:refs/heads/main": has the same issuer and subject as "a"; Entra allows each pair once, remove one',
    ]);
    expect(
      problemsOf({
        federatedCredentials: { a: { issuer: "http://idp.contoso.com", subject: "x" } },
      }),
    ).toEqual([
      'apps.ci.federatedCredentials.a.issuer = "http://idp.contoso.com": must be an https URL (Entra accepts only https issuers)',
    ]);
    expect(
      problemsOf({
        federatedCredentials: {
          a: { github: { repository: "contoso/infra", branch: "main", tag: "v1" } },
        },
      }),
    ).toEqual([
      'apps.ci.federatedCredentials.a.github = {"repository":"contoso/infra","branch":"main","tag":"v1"}: set exactly one of environment, branch, tag or pullRequest: true (each is a different token subject)',
    ]);
  });
});
