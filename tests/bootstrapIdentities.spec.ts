import * as fs from "fs";
import * as path from "path";
import { PlannedResource, evaluateGuardrails } from "../policy/evaluateGuardrails";
import {
  BOOTSTRAPPER,
  BootstrapMocks,
  GRAPH_SP,
  IDENTITIES,
  PROJECT,
  REPO,
  STACK,
  runBootstrap,
} from "./support/bootstrapMocks";

// The pipeline's two identities, each the project's own GraphApp: credentials, Graph app roles,
// the project's guardrails, and the move of an existing bootstrap deployment under the component.
describe("the bootstrap identities under Pulumi mocks", () => {
  let mocks: BootstrapMocks;

  beforeAll(async () => {
    ({ mocks } = await runBootstrap());
  });

  const federatedCredentials = (applicationObjectId: string) =>
    mocks.resources
      .filter(
        (resource) =>
          resource.type.endsWith(":ApplicationFederatedIdentityCredential") &&
          resource.inputs.applicationId === `/applications/${applicationObjectId}`,
      )
      .map((credential) => credential.inputs)
      .sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)));
  const githubCredential = (applicationObjectId: string, displayName: string, subject: string) => ({
    applicationId: `/applications/${applicationObjectId}`,
    displayName,
    issuer: "https://token.actions.githubusercontent.com",
    subject,
    audiences: ["api://AzureADTokenExchange"],
    description: `GitHub Actions: ${subject}`,
  });

  it("gives the deploy identity federated credentials for main and the production environment only, never pull requests", () => {
    expect(mocks.inputsOf("azuread:index/application:Application", "pipeline")).toEqual({
      displayName: `entra-graph-apps pipeline (${REPO})`,
      signInAudience: "AzureADMyOrg",
      owners: [BOOTSTRAPPER],
      notes: `Deploys the entra-graph-apps stacks from GitHub Actions (${REPO}) by OIDC: main branch and the production environment only. It has no secret.`,
      requiredResourceAccesses: [
        {
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          resourceAccesses: [
            { id: "06b708a9-e830-4db3-a914-8e69da51d44f", type: "Role" }, // AppRoleAssignment.ReadWrite.All
            { id: "18a4783c-866b-4cc7-a460-3d5e5662c884", type: "Role" }, // Application.ReadWrite.OwnedBy
            { id: "246dd0d5-5bd0-4def-940b-0421030a5b68", type: "Role" }, // Policy.Read.All
            { id: "8e8e4742-1d95-4f68-9d56-6ee75648c72a", type: "Role" }, // DelegatedPermissionGrant.ReadWrite.All
            { id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", type: "Role" }, // Application.Read.All
          ],
        },
      ],
    });
    expect(mocks.inputsOf("azuread:index/servicePrincipal:ServicePrincipal", "pipeline")).toEqual({
      clientId: IDENTITIES.pipeline.clientId,
      owners: [BOOTSTRAPPER],
    });
    expect(federatedCredentials(IDENTITIES.pipeline.applicationObjectId)).toEqual([
      githubCredential(
        IDENTITIES.pipeline.applicationObjectId,
        "github-main",
        `repo:${REPO}:ref:refs/heads/main`,
      ),
      githubCredential(
        IDENTITIES.pipeline.applicationObjectId,
        "github-production-environment",
        `repo:${REPO}:environment:production`,
      ),
    ]);
    const subjects = mocks.resources
      .filter((resource) => resource.type.endsWith(":ApplicationFederatedIdentityCredential"))
      .map((resource) => String(resource.inputs.subject));
    expect(subjects.filter((subject) => subject.endsWith(":pull_request"))).toEqual([]);
    expect(
      mocks.resources.some(
        (resource) => resource.type === "azuread:index/applicationPassword:ApplicationPassword",
      ),
    ).toBe(false);
  });

  it("gives the preview identity one federated credential, for the preview environment, and only Application.Read.All", () => {
    expect(mocks.inputsOf("azuread:index/application:Application", "preview")).toEqual({
      displayName: `entra-graph-apps preview (${REPO})`,
      signInAudience: "AzureADMyOrg",
      owners: [BOOTSTRAPPER],
      notes: `Runs pulumi preview for pull requests of ${REPO} in the preview environment (required reviewers): reads Graph and state, writes nothing. It has no secret.`,
      requiredResourceAccesses: [
        {
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          resourceAccesses: [{ id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", type: "Role" }],
        },
      ],
    });
    expect(mocks.inputsOf("azuread:index/servicePrincipal:ServicePrincipal", "preview")).toEqual({
      clientId: IDENTITIES.preview.clientId,
      owners: [BOOTSTRAPPER],
    });
    expect(federatedCredentials(IDENTITIES.preview.applicationObjectId)).toEqual([
      githubCredential(
        IDENTITIES.preview.applicationObjectId,
        "github-preview-environment",
        `repo:${REPO}:environment:preview`,
      ),
    ]);
    const previewRoles = mocks.resources.filter(
      (resource) =>
        resource.type === "azuread:index/appRoleAssignment:AppRoleAssignment" &&
        resource.inputs.principalObjectId === IDENTITIES.preview.servicePrincipalObjectId,
    );
    expect(previewRoles.map((resource) => resource.inputs)).toEqual([
      {
        appRoleId: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
        principalObjectId: IDENTITIES.preview.servicePrincipalObjectId,
        resourceObjectId: GRAPH_SP,
      },
    ]);
  });

  it("grants the deploy identity the Graph app roles pulumi up needs, by their catalog IDs", () => {
    const graphRole = (permission: string) =>
      mocks.inputsOf(
        "azuread:index/appRoleAssignment:AppRoleAssignment",
        `pipeline-graph-${permission}`,
      );
    const principal = {
      principalObjectId: "5e5e5e5e-0000-4000-8000-000000000001",
      resourceObjectId: GRAPH_SP,
    };
    expect(graphRole("Application.ReadWrite.OwnedBy")).toEqual({
      appRoleId: "18a4783c-866b-4cc7-a460-3d5e5662c884",
      ...principal,
    });
    expect(graphRole("Application.Read.All")).toEqual({
      appRoleId: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
      ...principal,
    });
    expect(graphRole("AppRoleAssignment.ReadWrite.All")).toEqual({
      appRoleId: "06b708a9-e830-4db3-a914-8e69da51d44f",
      ...principal,
    });
    expect(graphRole("DelegatedPermissionGrant.ReadWrite.All")).toEqual({
      appRoleId: "8e8e4742-1d95-4f68-9d56-6ee75648c72a",
      ...principal,
    });
  });

  const planned = (): PlannedResource[] =>
    mocks.resources
      .filter((resource) => resource.custom)
      .map((resource) => ({
        type: resource.type,
        name: resource.name,
        urn: resource.registration.urn,
        inputs: resource.inputs,
        state: resource.state,
      }));
  const policyConfig = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "bootstrap", "policy-config.json"), "utf8"),
  );
  const today = new Date("2026-11-22T00:00:00Z");

  it("passes the project's guardrails with bootstrap's policy config: every consent is declared, the two critical deploy roles are allow-listed", async () => {
    const verdicts = await evaluateGuardrails(planned(), policyConfig, today);
    expect(verdicts.filter((verdict) => verdict.level === "mandatory")).toEqual([]);
    expect(policyConfig).toEqual({
      "graph-application-permission-privilege": {
        allow: [
          { permission: "AppRoleAssignment.ReadWrite.All", justification: expect.any(String) },
          {
            permission: "DelegatedPermissionGrant.ReadWrite.All",
            justification: expect.any(String),
          },
        ],
      },
    });
  });

  it("without the allow list, only the privilege policy objects, to the deploy identity's two critical roles", async () => {
    const verdicts = await evaluateGuardrails(planned(), {}, today);
    expect(
      verdicts
        .filter((verdict) => verdict.level === "mandatory")
        .map((verdict) => `${verdict.policy}: ${verdict.message.split(" (")[0]}`),
    ).toEqual([
      "graph-application-permission-privilege: app pipeline requests Microsoft Graph AppRoleAssignment.ReadWrite.All",
      "graph-application-permission-privilege: app pipeline requests Microsoft Graph DelegatedPermissionGrant.ReadWrite.All",
      "graph-application-permission-privilege: assignment pipeline-graph-AppRoleAssignment.ReadWrite.All grants Microsoft Graph AppRoleAssignment.ReadWrite.All",
      "graph-application-permission-privilege: assignment pipeline-graph-DelegatedPermissionGrant.ReadWrite.All grants Microsoft Graph DelegatedPermissionGrant.ReadWrite.All",
    ]);
  });

  it("keeps an existing bootstrap deployment: every Entra resource has an alias to its URN from before GraphApp (no parent, old credential names)", () => {
    const before = (type: string, name: string) =>
      `urn:pulumi:${STACK}::${PROJECT}::azuread:index/${type}::${name}`;
    const aliasesByOldUrn = mocks.resources
      .filter((resource) => resource.type.startsWith("azuread:"))
      .flatMap((resource) =>
        resource.registration.aliasUrns.map((alias) => [alias, resource.name] as const),
      );
    const credential =
      "applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
    const assignment = "appRoleAssignment:AppRoleAssignment";
    expect(Object.fromEntries(aliasesByOldUrn)).toEqual({
      [before("application:Application", "pipeline")]: "pipeline",
      [before("servicePrincipal:ServicePrincipal", "pipeline")]: "pipeline",
      [before(credential, "pipeline-github-main")]: "pipeline-federated-github-main",
      [before(credential, "pipeline-github-production-environment")]:
        "pipeline-federated-github-production-environment",
      [before(assignment, "pipeline-graph-Application.ReadWrite.OwnedBy")]:
        "pipeline-graph-Application.ReadWrite.OwnedBy",
      [before(assignment, "pipeline-graph-AppRoleAssignment.ReadWrite.All")]:
        "pipeline-graph-AppRoleAssignment.ReadWrite.All",
      [before(assignment, "pipeline-graph-Application.Read.All")]:
        "pipeline-graph-Application.Read.All",
      [before(assignment, "pipeline-graph-DelegatedPermissionGrant.ReadWrite.All")]:
        "pipeline-graph-DelegatedPermissionGrant.ReadWrite.All",
      [before(assignment, "pipeline-graph-Policy.Read.All")]: "pipeline-graph-Policy.Read.All",
      [before("application:Application", "preview")]: "preview",
      [before("servicePrincipal:ServicePrincipal", "preview")]: "preview",
      [before(credential, "preview-github-preview-environment")]:
        "preview-federated-github-preview-environment",
      [before(assignment, "preview-graph-Application.Read.All")]:
        "preview-graph-Application.Read.All",
    });
    expect(aliasesByOldUrn).toHaveLength(13);
  });
});
