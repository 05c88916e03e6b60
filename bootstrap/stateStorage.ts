import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { BootstrapConfig } from "./bootstrapConfig";

/**
 * Pulumi state: a resource group and a storage account (no public blobs, no shared keys: Entra
 * sign-in only) with a private container, blob versioning and soft delete.
 */
export function stateStorage(config: BootstrapConfig) {
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

/** A Key Vault (RBAC, purge protection) with the RSA key of Pulumi's secrets provider. */
export function secretsKey(
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
