import {
  BootstrapMocks,
  IDENTITIES,
  SUBSCRIPTION,
  TENANT,
  runBootstrap,
} from "./support/bootstrapMocks";

// The bootstrap program's resources and outputs under Pulumi mocks (config: bootstrapConfig.spec.ts;
// guardrails and the move under GraphApp: bootstrapIdentities.spec.ts).
describe("the bootstrap program under Pulumi mocks", () => {
  let mocks: BootstrapMocks;
  let outputs: Record<string, unknown>;

  beforeAll(async () => {
    ({ mocks, outputs } = await runBootstrap());
  });

  it("creates exactly these resources, each identity a GraphApp named from stable keys (the deploy identity keeps its `pipeline` names)", () => {
    expect(mocks.resources.map((resource) => `${resource.type} ${resource.name}`).sort()).toEqual(
      [
        "azure-native:resources:ResourceGroup state",
        "azure-native:storage:StorageAccount state",
        "azure-native:storage:BlobServiceProperties state",
        "azure-native:storage:BlobContainer state",
        "azure-native:keyvault:Vault secrets",
        "azure-native:keyvault:Key pulumi-secrets",
        "azure-native:authorization:RoleAssignment pipeline-state-blob-data-contributor",
        "azure-native:authorization:RoleAssignment pipeline-secrets-key-crypto-user",
        "azure-native:authorization:RoleAssignment preview-state-blob-data-reader",
        "azure-native:authorization:RoleAssignment preview-secrets-key-crypto-user",
        "entra-graph-apps:apps:GraphApp pipeline",
        "entra-graph-apps:apps:AppRegistration pipeline",
        "entra-graph-apps:apps:AdminConsent pipeline-graph",
        "azuread:index/application:Application pipeline",
        "azuread:index/servicePrincipal:ServicePrincipal pipeline",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential pipeline-federated-github-main",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential pipeline-federated-github-production-environment",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-Application.ReadWrite.OwnedBy",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-AppRoleAssignment.ReadWrite.All",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-Application.Read.All",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-Policy.Read.All",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-DelegatedPermissionGrant.ReadWrite.All",
        "entra-graph-apps:apps:GraphApp preview",
        "entra-graph-apps:apps:AppRegistration preview",
        "entra-graph-apps:apps:AdminConsent preview-graph",
        "azuread:index/application:Application preview",
        "azuread:index/servicePrincipal:ServicePrincipal preview",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential preview-federated-github-preview-environment",
        "azuread:index/appRoleAssignment:AppRoleAssignment preview-graph-Application.Read.All",
      ].sort(),
    );
    expect(mocks.calls).toEqual([
      "azure-native:authorization:getClientConfig {}",
      'azuread:index/getServicePrincipal:getServicePrincipal {"clientId":"00000003-0000-0000-c000-000000000000"}',
    ]);
  });

  it("keeps state in a private, Entra-only storage account with blob versioning and soft delete", () => {
    expect(mocks.inputsOf("azure-native:resources:ResourceGroup", "state")).toEqual({
      resourceGroupName: "rg-entra-graph-apps-state",
      location: "westeurope",
    });
    expect(mocks.inputsOf("azure-native:storage:StorageAccount", "state")).toEqual({
      accountName: "stentragraphc931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      location: "westeurope",
      kind: "StorageV2",
      sku: { name: "Standard_GRS" },
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
    });
  });

  it("turns on versioning and soft delete for blobs and containers, and keeps the container private", () => {
    expect(mocks.inputsOf("azure-native:storage:BlobServiceProperties", "state")).toEqual({
      accountName: "stentragraphc931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      blobServicesName: "default",
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 30 },
      containerDeleteRetentionPolicy: { enabled: true, days: 30 },
    });
    expect(mocks.inputsOf("azure-native:storage:BlobContainer", "state")).toEqual({
      accountName: "stentragraphc931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      containerName: "pulumi-state",
      publicAccess: "None",
    });
  });

  it("creates an RBAC, purge-protected Key Vault with an RSA key for the secrets provider", () => {
    expect(mocks.inputsOf("azure-native:keyvault:Vault", "secrets")).toEqual({
      vaultName: "kv-entragraph-c931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      location: "westeurope",
      properties: {
        tenantId: TENANT,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        // azure-native's own defaults
        enabledForDeployment: false,
        enabledForDiskEncryption: false,
        enabledForTemplateDeployment: false,
        publicNetworkAccess: "enabled",
      },
    });
    expect(mocks.inputsOf("azure-native:keyvault:Key", "pulumi-secrets")).toEqual({
      keyName: "pulumi-secrets",
      vaultName: "kv-entragraph-c931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      properties: { kty: "RSA", keySize: 4096, keyOps: ["encrypt", "decrypt"] },
    });
  });

  it("lets the deploy identity write state and the preview identity only read it; each may use the key, not the vault", () => {
    const roleDefinitions = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions`;
    const container = `/subscriptions/${SUBSCRIPTION}/mock/azure-native:storage:BlobContainer/pulumi-state`;
    const key = `/subscriptions/${SUBSCRIPTION}/mock/azure-native:keyvault:Key/pulumi-secrets`;
    const assignment = (name: string) =>
      mocks.inputsOf("azure-native:authorization:RoleAssignment", name);
    expect(assignment("pipeline-state-blob-data-contributor")).toEqual({
      principalId: IDENTITIES.pipeline.servicePrincipalObjectId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `${roleDefinitions}/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
      scope: container,
      description: "entra-graph-apps pipeline: read and write Pulumi state",
    });
    expect(assignment("pipeline-secrets-key-crypto-user")).toEqual({
      principalId: IDENTITIES.pipeline.servicePrincipalObjectId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `${roleDefinitions}/12338af0-0e69-4776-bea7-57ae8d297424`,
      scope: key,
      description: "entra-graph-apps pipeline: encrypt and decrypt Pulumi secrets with this key",
    });
    expect(assignment("preview-state-blob-data-reader")).toEqual({
      principalId: IDENTITIES.preview.servicePrincipalObjectId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `${roleDefinitions}/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
      scope: container,
      description: "entra-graph-apps preview: read Pulumi state (pulumi preview writes none)",
    });
    expect(assignment("preview-secrets-key-crypto-user")).toEqual({
      principalId: IDENTITIES.preview.servicePrincipalObjectId,
      principalType: "ServicePrincipal",
      roleDefinitionId: `${roleDefinitions}/12338af0-0e69-4776-bea7-57ae8d297424`,
      scope: key,
      description: "entra-graph-apps preview: decrypt Pulumi secrets with this key",
    });
  });

  it("outputs the backend URL, the secrets provider, both identities and the GitHub settings to make", () => {
    const variables = {
      AZURE_CLIENT_ID: IDENTITIES.pipeline.clientId,
      AZURE_PREVIEW_CLIENT_ID: IDENTITIES.preview.clientId,
      AZURE_TENANT_ID: TENANT,
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      PULUMI_BACKEND_URL: "azblob://pulumi-state?storage_account=stentragraphc931f92b",
      PULUMI_SECRETS_PROVIDER:
        "azurekeyvault://kv-entragraph-c931f92b.vault.azure.net/keys/pulumi-secrets",
    };
    expect(outputs).toEqual({
      backendUrl: "azblob://pulumi-state?storage_account=stentragraphc931f92b",
      secretsProvider: "azurekeyvault://kv-entragraph-c931f92b.vault.azure.net/keys/pulumi-secrets",
      githubVariables: variables,
      githubSetup: {
        variables,
        environments: [
          "Settings → Environments → production (pulumi up of the prod stack with the deploy identity): required reviewers: at least one person or team; prevent self-review: on if the team has two people; deployment branches and tags: selected branches, exactly main",
          "Settings → Environments → preview (pulumi preview of a pull request's code with the preview identity, which can decrypt every stack's secrets): required reviewers: at least one person or team; prevent self-review: on; deployment branches and tags: no restriction (pull request branches run here)",
        ],
        mainBranch: expect.stringMatching(
          /^Settings → Rules → a ruleset on main: require a pull request with at least one approval/,
        ),
      },
      pipelineClientId: IDENTITIES.pipeline.clientId,
      pipelineServicePrincipalObjectId: IDENTITIES.pipeline.servicePrincipalObjectId,
      previewClientId: IDENTITIES.preview.clientId,
      previewServicePrincipalObjectId: IDENTITIES.preview.servicePrincipalObjectId,
    });
  });
});
