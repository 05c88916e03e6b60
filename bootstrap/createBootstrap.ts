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
} from "../credentials/federatedCredential";
import { catalogEntry } from "../permissions/catalog";
import { leastPrivilegedDeployerPermissions } from "../permissions/deployerPermissions";
import { MICROSOFT_GRAPH_APP_ID } from "../permissions/wellKnownApis";
import { BootstrapConfig } from "./bootstrapConfig";

/** Built-in Azure roles (IDs are the same in every tenant). */
export const AZURE_ROLES = {
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
} as const;

/** What the main project's stacks and the GitHub repository need from the bootstrap. */
export interface BootstrapOutputs {
  /** `pulumi login` URL of the state container. */
  backendUrl: pulumi.Output<string>;
  /** `--secrets-provider` URL of the Key Vault key. */
  secretsProvider: pulumi.Output<string>;
  /** Repository variables for the workflows. */
  githubVariables: pulumi.Output<{
    AZURE_CLIENT_ID: string;
    AZURE_TENANT_ID: string;
    PULUMI_BACKEND_URL: string;
  }>;
  pipelineClientId: pulumi.Output<string>;
  pipelineServicePrincipalObjectId: pulumi.Output<string>;
}

/**
 * State and secrets for a team, and the pipeline's identity: a resource group; a storage account
 * (no public blobs, no shared keys: Entra sign-in only) with a state container, blob versioning and
 * soft delete; a Key Vault (RBAC, purge protection) with an RSA key for Pulumi's secrets provider;
 * the pipeline's app registration and service principal with GitHub federated credentials (main
 * branch, the production environment, pull requests) and the Graph permissions `pulumi up` needs;
 * and Azure roles for the pipeline on the container and the vault.
 */
export function createBootstrap(config: BootstrapConfig): BootstrapOutputs {
  const client = authorization.getClientConfigOutput();
  const { group, container, account } = stateStorage(config);
  const { vault, key } = secretsKey(config, group, client.tenantId);
  const pipeline = pipelineIdentity(config, client.objectId);

  const roleDefinition = (roleId: string) =>
    pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
  new authorization.RoleAssignment("pipeline-state-blob-data-contributor", {
    principalId: pipeline.servicePrincipal.objectId,
    principalType: authorization.PrincipalType.ServicePrincipal,
    roleDefinitionId: roleDefinition(AZURE_ROLES.storageBlobDataContributor),
    scope: container.id,
    description: "entra-graph-apps pipeline: read and write Pulumi state",
  });
  new authorization.RoleAssignment("pipeline-secrets-key-crypto-user", {
    principalId: pipeline.servicePrincipal.objectId,
    principalType: authorization.PrincipalType.ServicePrincipal,
    roleDefinitionId: roleDefinition(AZURE_ROLES.keyVaultCryptoUser),
    scope: vault.id,
    description: "entra-graph-apps pipeline: encrypt and decrypt Pulumi secrets",
  });

  const backendUrl = pulumi.interpolate`azblob://${container.name}?storage_account=${account.name}`;
  return {
    backendUrl,
    secretsProvider: pulumi.interpolate`azurekeyvault://${vault.name}.vault.azure.net/keys/${key.name}`,
    githubVariables: pulumi
      .all([pipeline.application.clientId, client.tenantId, backendUrl])
      .apply(([clientId, tenantId, url]) => ({
        AZURE_CLIENT_ID: clientId,
        AZURE_TENANT_ID: tenantId,
        PULUMI_BACKEND_URL: url,
      })),
    pipelineClientId: pipeline.application.clientId,
    pipelineServicePrincipalObjectId: pipeline.servicePrincipal.objectId,
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

/** GitHub workflows the pipeline trusts, by federated credential name. */
export function githubSubjects(config: BootstrapConfig): Record<string, string> {
  return {
    "github-main": githubSubject(config.githubRepository, { branch: "main" }),
    // A fixed name: the environment's own name may be up to 255 characters with `/ ? # %`, and a
    // federated credential's name is at most 120 URL-friendly characters (Graph).
    "github-production-environment": githubSubject(config.githubRepository, {
      environment: config.productionEnvironment,
    }),
    "github-pull-request": githubSubject(config.githubRepository, { pullRequest: true }),
  };
}

function pipelineIdentity(config: BootstrapConfig, bootstrapperObjectId: pulumi.Input<string>) {
  const application = new azuread.Application("pipeline", {
    displayName: config.pipelineDisplayName,
    signInAudience: "AzureADMyOrg",
    owners: [bootstrapperObjectId],
    notes: `Deploys the entra-graph-apps stacks from GitHub Actions (${config.githubRepository}) by OIDC; it has no secret.`,
  });
  const servicePrincipal = new azuread.ServicePrincipal("pipeline", {
    clientId: application.clientId,
    owners: [bootstrapperObjectId],
  });
  for (const [name, subject] of Object.entries(githubSubjects(config))) {
    new azuread.ApplicationFederatedIdentityCredential(`pipeline-${name}`, {
      applicationId: application.id,
      displayName: name,
      issuer: GITHUB_ACTIONS_ISSUER,
      subject,
      audiences: [DEFAULT_AUDIENCE],
      description: `GitHub Actions: ${subject}`,
    });
  }
  const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID });
  for (const permission of leastPrivilegedDeployerPermissions()) {
    new azuread.AppRoleAssignment(`pipeline-graph-${permission}`, {
      appRoleId: graphAppRoleId(permission),
      principalObjectId: servicePrincipal.objectId,
      resourceObjectId: graph.objectId,
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
