// A Pulumi program that uses the entra-graph-apps components directly, without the stack config
// layer: the tenant and Microsoft Graph are looked up as Outputs and passed straight to GraphApp.
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { GraphApp, MICROSOFT_GRAPH_APP_ID } from "entra-graph-apps/components";

const config = new pulumi.Config();
const client = azuread.getClientConfigOutput();
const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID });

/** The ID of a Microsoft Graph application permission, read from Graph's service principal. */
function graphAppRoleId(value: string): pulumi.Output<string> {
  return graph.appRoles.apply((roles) => {
    const role = roles.find(
      (candidate) =>
        candidate.value === value && candidate.allowedMemberTypes.includes("Application"),
    );
    if (!role) throw new Error(`Microsoft Graph has no application permission named ${value}`);
    return role.id;
  });
}

const exporter = new GraphApp("report-exporter", {
  displayName: "Report Exporter",
  tenantId: client.tenantId,
  // The deployer stays an owner so an identity holding Application.ReadWrite.OwnedBy can manage
  // the app; `owners` in config adds the people who answer for it. Deploy from one identity (the
  // pipeline): run by someone else, the owner set would change with them.
  owners: [client.objectId, ...(config.getObject<string[]>("owners") ?? [])],
  notes: "Exports users and groups every night. Managed by Pulumi.",
  apis: [
    {
      resourceKey: "graph",
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      resourceDisplayName: graph.displayName,
      resourceServicePrincipalObjectId: graph.objectId,
      applicationPermissions: ["User.Read.All", "GroupMember.Read.All"].map((value) => ({
        value,
        id: graphAppRoleId(value),
      })),
    },
  ],
  // A fixed end date from config: the components never read the clock. Change it to rotate.
  clientSecret: {
    slots: [
      {
        slot: "a",
        endDate: config.require("clientSecretEndDate"),
        displayName: "report-exporter (Pulumi)",
      },
    ],
    current: "a",
  },
  // Secretless sign-in for the exporter's own GitHub workflow, next to the secret.
  federatedCredentials: [
    {
      name: "github-main",
      issuer: "https://token.actions.githubusercontent.com",
      subject: `repo:${githubRepository()}:ref:refs/heads/main`,
      audiences: ["api://AzureADTokenExchange"],
    },
  ],
});

export const clientId = exporter.clientId;
export const tenantId = exporter.tenantId;
export const tokenEndpoint = exporter.tokenEndpoint;
export const applicationPermissions = exporter.applicationPermissions;
export const clientSecretExpiresOn = exporter.clientSecretExpiresOn;
/** A Pulumi secret: `pulumi stack output clientSecret --show-secrets`. */
export const clientSecret = exporter.clientSecret;

/**
 * The repository as GitHub's OIDC subject names it: `owner@ownerId/repo@repositoryId`, the
 * immutable form GitHub issues for repositories created, renamed or transferred since
 * 2026-07-15 (`gh api repos/OWNER/REPO --jq '.id, .owner.id'` gives the IDs); `owner/repo` only
 * without the IDs (GitHub Enterprise Server, or a repository not yet switched), whose name a
 * stranger could later claim.
 */
function githubRepository(): string {
  const repository = config.require("githubRepository");
  const ownerId = config.get("githubOwnerId");
  const repositoryId = config.get("githubRepositoryId");
  if (!ownerId || !repositoryId) return repository;
  const [owner, name] = repository.split("/");
  return `${owner}@${ownerId}/${name}@${repositoryId}`;
}
