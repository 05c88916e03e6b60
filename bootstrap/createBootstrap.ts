import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import { MICROSOFT_GRAPH_APP_ID } from "../components";
import {
  leastPrivilegedDeployerPermissions,
  previewIdentityPermissions,
} from "../program/permissions/deployerPermissions";
import { describeRequirement, pipelineEnvironments } from "../tools/pipeline/environmentProtection";
import { BootstrapConfig } from "./bootstrapConfig";
import {
  bootstrapSubjectWarnings,
  deploySubjects,
  githubIdentity,
  previewSubjects,
} from "./githubIdentity";
import { secretsKey, stateStorage } from "./stateStorage";

export { deploySubjects, previewSubjects } from "./githubIdentity";

/** Built-in Azure roles (IDs are the same in every tenant). */
export const AZURE_ROLES = {
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
} as const;

/** The repository variables the workflows read. */
export interface GithubVariables {
  /** The deploy identity (deploy and scheduled workflows). */
  AZURE_CLIENT_ID: string;
  /** The read-only identity of the pull requests' `pulumi preview` (preview workflow). */
  AZURE_PREVIEW_CLIENT_ID: string;
  AZURE_TENANT_ID: string;
  /** Where azure-native writes Key Vault copies (bootstrap's own; change it if the vaults live elsewhere). */
  AZURE_SUBSCRIPTION_ID: string;
  PULUMI_BACKEND_URL: string;
  /** The one key the stacks may encrypt their secrets with: the workflows refuse any other. */
  PULUMI_SECRETS_PROVIDER: string;
}

/** The GitHub settings bootstrap cannot make (it has no GitHub credentials), to make by hand. */
export interface GithubSetup {
  /** Settings → Secrets and variables → Actions → Variables. */
  variables: GithubVariables;
  /** Settings → Environments: one line per environment. */
  environments: string[];
  /** Settings → Rules (or Branches): what protects main, which the deploy identity trusts. */
  mainBranch: string;
}

/** What the main project's stacks and the GitHub repository need from the bootstrap. */
export interface BootstrapOutputs {
  /** `pulumi login` URL of the state container. */
  backendUrl: pulumi.Output<string>;
  /** `--secrets-provider` URL of the Key Vault key. */
  secretsProvider: pulumi.Output<string>;
  /** Repository variables for the workflows. */
  githubVariables: pulumi.Output<GithubVariables>;
  /** Everything to set in GitHub, variables included. */
  githubSetup: pulumi.Output<GithubSetup>;
  /** The deploy identity (the name `pipeline` is kept from before the preview identity existed). */
  pipelineClientId: pulumi.Output<string>;
  /** List it in `entra-graph-apps:defaults.owners` of every stack (it holds only Application.ReadWrite.OwnedBy). */
  pipelineServicePrincipalObjectId: pulumi.Output<string>;
  previewClientId: pulumi.Output<string>;
  previewServicePrincipalObjectId: pulumi.Output<string>;
}

/**
 * State and secrets for a team, and the pipeline's two identities: a resource group; a storage
 * account (no public blobs, no shared keys: Entra sign-in only) with a state container, blob
 * versioning and soft delete; a Key Vault (RBAC, purge protection) with an RSA key for Pulumi's
 * secrets provider; the deploy identity (trusted by GitHub for the main branch and the production
 * environment, holding the Graph permissions `pulumi up` needs, state read-write) and the
 * preview identity (trusted only for the preview environment, Application.Read.All, state
 * read-only); each may decrypt with the key and nothing else in the vault.
 */
export function createBootstrap(config: BootstrapConfig): BootstrapOutputs {
  for (const warning of bootstrapSubjectWarnings(config)) void pulumi.log.warn(warning);
  const client = authorization.getClientConfigOutput();
  const { group, container, account } = stateStorage(config);
  const { vault, key } = secretsKey(config, group, client.tenantId);
  const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID });
  const deployer = githubIdentity("pipeline", {
    displayName: config.pipelineDisplayName,
    notes: `Deploys the entra-graph-apps stacks from GitHub Actions (${config.githubRepository}) by OIDC: main branch and the ${config.productionEnvironment} environment only. It has no secret.`,
    tenantId: client.tenantId,
    owner: client.objectId,
    subjects: deploySubjects(config),
    graphPermissions: leastPrivilegedDeployerPermissions(),
    graphObjectId: graph.objectId,
  });
  const preview = githubIdentity("preview", {
    displayName: config.previewDisplayName,
    notes: `Runs pulumi preview for pull requests of ${config.githubRepository} in the ${config.previewEnvironment} environment (required reviewers): reads Graph and state, writes nothing. It has no secret.`,
    tenantId: client.tenantId,
    owner: client.objectId,
    subjects: previewSubjects(config),
    graphPermissions: [...previewIdentityPermissions],
    graphObjectId: graph.objectId,
  });

  const roleDefinition = (roleId: string) =>
    pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
  const grant = (
    name: string,
    principal: pulumi.Input<string>,
    roleId: string,
    scope: pulumi.Input<string>,
    description: string,
  ) =>
    new authorization.RoleAssignment(name, {
      principalId: principal,
      principalType: authorization.PrincipalType.ServicePrincipal,
      roleDefinitionId: roleDefinition(roleId),
      scope,
      description,
    });
  grant(
    "pipeline-state-blob-data-contributor",
    deployer.servicePrincipalObjectId,
    AZURE_ROLES.storageBlobDataContributor,
    container.id,
    "entra-graph-apps pipeline: read and write Pulumi state",
  );
  // On the key, not the vault: the identities need this key's decrypt (and encrypt) only.
  grant(
    "pipeline-secrets-key-crypto-user",
    deployer.servicePrincipalObjectId,
    AZURE_ROLES.keyVaultCryptoUser,
    key.id,
    "entra-graph-apps pipeline: encrypt and decrypt Pulumi secrets with this key",
  );
  grant(
    "preview-state-blob-data-reader",
    preview.servicePrincipalObjectId,
    AZURE_ROLES.storageBlobDataReader,
    container.id,
    "entra-graph-apps preview: read Pulumi state (pulumi preview writes none)",
  );
  grant(
    "preview-secrets-key-crypto-user",
    preview.servicePrincipalObjectId,
    AZURE_ROLES.keyVaultCryptoUser,
    key.id,
    "entra-graph-apps preview: decrypt Pulumi secrets with this key",
  );

  const backendUrl = pulumi.interpolate`azblob://${container.name}?storage_account=${account.name}`;
  const secretsProvider = pulumi.interpolate`azurekeyvault://${vault.name}.vault.azure.net/keys/${key.name}`;
  const githubVariables = pulumi
    .all([
      deployer.clientId,
      preview.clientId,
      client.tenantId,
      client.subscriptionId,
      backendUrl,
      secretsProvider,
    ])
    .apply(([clientId, previewClientId, tenantId, subscriptionId, url, provider]) => ({
      AZURE_CLIENT_ID: clientId,
      AZURE_PREVIEW_CLIENT_ID: previewClientId,
      AZURE_TENANT_ID: tenantId,
      AZURE_SUBSCRIPTION_ID: subscriptionId,
      PULUMI_BACKEND_URL: url,
      PULUMI_SECRETS_PROVIDER: provider,
    }));
  return {
    backendUrl,
    secretsProvider,
    githubVariables,
    githubSetup: githubVariables.apply((variables) => githubSetup(config, variables)),
    pipelineClientId: deployer.clientId,
    pipelineServicePrincipalObjectId: deployer.servicePrincipalObjectId,
    previewClientId: preview.clientId,
    previewServicePrincipalObjectId: preview.servicePrincipalObjectId,
  };
}

/** The GitHub settings to make by hand (bootstrap holds no GitHub credential). */
export function githubSetup(config: BootstrapConfig, variables: GithubVariables): GithubSetup {
  return {
    variables,
    environments: pipelineEnvironments(config).map(describeRequirement),
    mainBranch:
      "Settings → Rules → a ruleset on main: require a pull request with at least one approval (dismiss stale approvals), " +
      "require code owner review for .github/, policy/, guardrails/, permissions/, pipeline/ and bootstrap/, require the pull-request checks, " +
      "block force pushes and deletion. The deploy identity trusts every workflow run on main, so main is what gates it.",
  };
}
