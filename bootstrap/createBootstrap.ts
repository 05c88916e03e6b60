import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import {
  DEFAULT_AUDIENCE,
  GITHUB_ACTIONS_ISSUER,
  githubSubject,
} from "../program/credentials/federatedCredential";
import { catalogEntry } from "../program/permissions/catalog";
import {
  leastPrivilegedDeployerPermissions,
  previewIdentityPermissions,
} from "../program/permissions/deployerPermissions";
import { MICROSOFT_GRAPH_APP_ID } from "../program/permissions/wellKnownApis";
import { describeRequirement, pipelineEnvironments } from "../tools/pipeline/environmentProtection";
import { BootstrapConfig } from "./bootstrapConfig";

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
  const client = authorization.getClientConfigOutput();
  const { group, container, account } = stateStorage(config);
  const { vault, key } = secretsKey(config, group, client.tenantId);
  const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID });
  const deployer = githubIdentity("pipeline", {
    displayName: config.pipelineDisplayName,
    notes: `Deploys the entra-graph-apps stacks from GitHub Actions (${config.githubRepository}) by OIDC: main branch and the ${config.productionEnvironment} environment only. It has no secret.`,
    owner: client.objectId,
    subjects: deploySubjects(config),
    graphPermissions: leastPrivilegedDeployerPermissions(),
    graphObjectId: graph.objectId,
  });
  const preview = githubIdentity("preview", {
    displayName: config.previewDisplayName,
    notes: `Runs pulumi preview for pull requests of ${config.githubRepository} in the ${config.previewEnvironment} environment (required reviewers): reads Graph and state, writes nothing. It has no secret.`,
    owner: client.objectId,
    subjects: previewSubjects(config),
    graphPermissions: [...previewIdentityPermissions],
    graphObjectId: graph.objectId,
  });

  const roleDefinition = (roleId: string) =>
    pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
  const grant = (
    name: string,
    principal: azuread.ServicePrincipal,
    roleId: string,
    scope: pulumi.Input<string>,
    description: string,
  ) =>
    new authorization.RoleAssignment(name, {
      principalId: principal.objectId,
      principalType: authorization.PrincipalType.ServicePrincipal,
      roleDefinitionId: roleDefinition(roleId),
      scope,
      description,
    });
  grant(
    "pipeline-state-blob-data-contributor",
    deployer.servicePrincipal,
    AZURE_ROLES.storageBlobDataContributor,
    container.id,
    "entra-graph-apps pipeline: read and write Pulumi state",
  );
  // On the key, not the vault: the identities need this key's decrypt (and encrypt) only.
  grant(
    "pipeline-secrets-key-crypto-user",
    deployer.servicePrincipal,
    AZURE_ROLES.keyVaultCryptoUser,
    key.id,
    "entra-graph-apps pipeline: encrypt and decrypt Pulumi secrets with this key",
  );
  grant(
    "preview-state-blob-data-reader",
    preview.servicePrincipal,
    AZURE_ROLES.storageBlobDataReader,
    container.id,
    "entra-graph-apps preview: read Pulumi state (pulumi preview writes none)",
  );
  grant(
    "preview-secrets-key-crypto-user",
    preview.servicePrincipal,
    AZURE_ROLES.keyVaultCryptoUser,
    key.id,
    "entra-graph-apps preview: decrypt Pulumi secrets with this key",
  );

  const backendUrl = pulumi.interpolate`azblob://${container.name}?storage_account=${account.name}`;
  const secretsProvider = pulumi.interpolate`azurekeyvault://${vault.name}.vault.azure.net/keys/${key.name}`;
  const githubVariables = pulumi
    .all([
      deployer.application.clientId,
      preview.application.clientId,
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
    pipelineClientId: deployer.application.clientId,
    pipelineServicePrincipalObjectId: deployer.servicePrincipal.objectId,
    previewClientId: preview.application.clientId,
    previewServicePrincipalObjectId: preview.servicePrincipal.objectId,
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

function stateStorage(config: BootstrapConfig) {
  const group = new resources.ResourceGroup("state", {
    resourceGroupName: config.resourceGroupName,
    location: config.location,
  });
  const account = new storage.StorageAccount("state", {
    accountName: config.storageAccountName,
    resourceGroupName: group.name,
    location: config.location,
    kind: storage.Kind.StorageV2,
    sku: { name: storage.SkuName.Standard_GRS },
    minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    // Entra sign-in only (Pulumi's azblob backend uses DefaultAzureCredential): no account keys to leak.
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
  });
  const retention = { enabled: true, days: config.softDeleteRetentionDays };
  new storage.BlobServiceProperties("state", {
    accountName: account.name,
    resourceGroupName: group.name,
    blobServicesName: "default",
    isVersioningEnabled: true,
    deleteRetentionPolicy: retention,
    containerDeleteRetentionPolicy: retention,
  });
  const container = new storage.BlobContainer("state", {
    accountName: account.name,
    resourceGroupName: group.name,
    containerName: config.stateContainerName,
    publicAccess: storage.PublicAccess.None,
  });
  return { group, account, container };
}

function secretsKey(
  config: BootstrapConfig,
  group: resources.ResourceGroup,
  tenantId: pulumi.Input<string>,
) {
  const vault = new keyvault.Vault("secrets", {
    vaultName: config.keyVaultName,
    resourceGroupName: group.name,
    location: config.location,
    properties: {
      tenantId,
      sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Standard },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      // A purged key would make every stack's secrets unreadable: never allow it.
      enablePurgeProtection: true,
    },
  });
  const key = new keyvault.Key("pulumi-secrets", {
    keyName: config.secretsKeyName,
    vaultName: vault.name,
    resourceGroupName: group.name,
    properties: {
      kty: keyvault.JsonWebKeyType.RSA,
      keySize: 4096,
      keyOps: [keyvault.JsonWebKeyOperation.Encrypt, keyvault.JsonWebKeyOperation.Decrypt],
    },
  });
  return { vault, key };
}

/**
 * The GitHub workflow runs the deploy identity trusts, by federated credential name: pushes,
 * schedules and dispatches on main, and jobs in the production environment. Never a pull request:
 * its code has not been reviewed.
 */
export function deploySubjects(config: BootstrapConfig): Record<string, string> {
  return {
    "github-main": githubSubject(config.githubRepository, { branch: "main" }),
    // A fixed name: the environment's own name may be up to 255 characters with `/ ? # %`, and a
    // federated credential's name is at most 120 URL-friendly characters (Graph).
    "github-production-environment": githubSubject(config.githubRepository, {
      environment: config.productionEnvironment,
    }),
  };
}

/** The only runs the preview identity trusts: jobs in the preview environment (required reviewers). */
export function previewSubjects(config: BootstrapConfig): Record<string, string> {
  return {
    "github-preview-environment": githubSubject(config.githubRepository, {
      environment: config.previewEnvironment,
    }),
  };
}

interface GithubIdentityArgs {
  displayName: string;
  notes: string;
  owner: pulumi.Input<string>;
  subjects: Record<string, string>;
  graphPermissions: string[];
  graphObjectId: pulumi.Input<string>;
}

/**
 * A secretless app registration and service principal that GitHub Actions signs in as by OIDC
 * for the given subjects, holding the given Graph app roles. Resources are named `<name>-...`.
 */
function githubIdentity(name: string, args: GithubIdentityArgs) {
  const application = new azuread.Application(name, {
    displayName: args.displayName,
    signInAudience: "AzureADMyOrg",
    owners: [args.owner],
    notes: args.notes,
  });
  const servicePrincipal = new azuread.ServicePrincipal(name, {
    clientId: application.clientId,
    owners: [args.owner],
  });
  for (const [credential, subject] of Object.entries(args.subjects)) {
    new azuread.ApplicationFederatedIdentityCredential(`${name}-${credential}`, {
      applicationId: application.id,
      displayName: credential,
      issuer: GITHUB_ACTIONS_ISSUER,
      subject,
      audiences: [DEFAULT_AUDIENCE],
      description: `GitHub Actions: ${subject}`,
    });
  }
  for (const permission of args.graphPermissions) {
    new azuread.AppRoleAssignment(`${name}-graph-${permission}`, {
      appRoleId: graphAppRoleId(permission),
      principalObjectId: servicePrincipal.objectId,
      resourceObjectId: args.graphObjectId,
    });
  }
  return { application, servicePrincipal };
}

/** The app role ID of a Graph application permission, from the permission catalog. */
function graphAppRoleId(permission: string): string {
  const entry = catalogEntry(MICROSOFT_GRAPH_APP_ID, permission, "application");
  if (!entry)
    throw new Error(
      `permission catalog has no Microsoft Graph application permission ${permission}`,
    );
  return entry.id;
}
