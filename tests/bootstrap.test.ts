import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { BootstrapConfig, bootstrapConfig } from "../bootstrap/bootstrapConfig";
import { valueOf } from "../tools/tenant/evaluateProgram";

const TENANT = "11111111-2222-3333-4444-555555555555";
const SUBSCRIPTION = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const BOOTSTRAPPER = "0b0b0b0b-0000-4000-8000-000000000001";
const GRAPH_SP = "9a9a9a9a-0000-4000-8000-0000000000aa";
const REPO = "contoso/entra-graph-apps";
/** What Entra gives the two app registrations the bootstrap creates (`pipeline`: deploy; `preview`). */
const IDENTITIES = {
  pipeline: {
    clientId: "c1c1c1c1-0000-4000-8000-000000000001",
    applicationObjectId: "a0a0a0a0-0000-4000-8000-000000000001",
    servicePrincipalObjectId: "5e5e5e5e-0000-4000-8000-000000000001",
  },
  preview: {
    clientId: "c2c2c2c2-0000-4000-8000-000000000002",
    applicationObjectId: "a0a0a0a0-0000-4000-8000-000000000002",
    servicePrincipalObjectId: "5e5e5e5e-0000-4000-8000-000000000002",
  },
};

interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * Pulumi mocks for the bootstrap's resources: records every registration, answers the two lookups
 * it makes, and gives each resource the outputs Azure or Entra would (names, IDs, client IDs).
 * Any other lookup is an error.
 */
class BootstrapMocks implements pulumi.runtime.Mocks {
  readonly resources: Recorded[] = [];
  readonly calls: string[] = [];

  newResource(args: pulumi.runtime.MockResourceArgs): {
    id: string;
    state: Record<string, unknown>;
  } {
    this.resources.push({ type: args.type, name: args.name, inputs: args.inputs });
    const state: Record<string, unknown> = { ...args.inputs };
    const azureName: Record<string, string> = {
      "azure-native:resources:ResourceGroup": "resourceGroupName",
      "azure-native:storage:StorageAccount": "accountName",
      "azure-native:storage:BlobContainer": "containerName",
      "azure-native:keyvault:Vault": "vaultName",
      "azure-native:keyvault:Key": "keyName",
    };
    if (azureName[args.type]) state.name = args.inputs[azureName[args.type]];
    const id = args.type.startsWith("azure-native:")
      ? `/subscriptions/${SUBSCRIPTION}/mock/${args.type}/${String(state.name ?? args.name)}`
      : `${args.name}-id`;
    const identity = IDENTITIES[args.name as keyof typeof IDENTITIES];
    if (args.type === "azuread:index/application:Application")
      Object.assign(state, { clientId: identity.clientId, objectId: identity.applicationObjectId });
    if (args.type === "azuread:index/servicePrincipal:ServicePrincipal")
      state.objectId = identity.servicePrincipalObjectId;
    return {
      id:
        args.type === "azuread:index/application:Application"
          ? `/applications/${identity.applicationObjectId}`
          : id,
      state,
    };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    this.calls.push(`${args.token} ${JSON.stringify(args.inputs)}`);
    if (args.token === "azure-native:authorization:getClientConfig") {
      return {
        tenantId: TENANT,
        subscriptionId: SUBSCRIPTION,
        objectId: BOOTSTRAPPER,
        clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      };
    }
    if (args.token === "azuread:index/getServicePrincipal:getServicePrincipal") {
      return {
        objectId: GRAPH_SP,
        clientId: args.inputs.clientId,
        displayName: "Microsoft Graph",
        appRoles: [],
        oauth2PermissionScopes: [],
      };
    }
    throw new Error(`unexpected lookup ${args.token}`);
  }
}

function config(overrides: Record<string, string> = {}): BootstrapConfig {
  const values: Record<string, string> = {
    location: "westeurope",
    githubRepository: REPO,
    ...overrides,
  };
  return bootstrapConfig((key) => values[key]);
}

describe("bootstrap config", () => {
  it("derives stable, valid names from the repository when none are given", () => {
    expect(config()).toEqual({
      location: "westeurope",
      githubRepository: REPO,
      resourceGroupName: "rg-entra-graph-apps-state",
      storageAccountName: "stentragraphc931f92b",
      stateContainerName: "pulumi-state",
      keyVaultName: "kv-entragraph-c931f92b",
      secretsKeyName: "pulumi-secrets",
      pipelineDisplayName: `entra-graph-apps pipeline (${REPO})`,
      previewDisplayName: `entra-graph-apps preview (${REPO})`,
      productionEnvironment: "production",
      previewEnvironment: "preview",
      softDeleteRetentionDays: 30,
    });
    expect(config().storageAccountName).toBe(
      config({ githubRepository: "Contoso/Entra-Graph-Apps" }).storageAccountName,
    );
    expect(config({ githubRepository: "fabrikam/infra" }).storageAccountName).not.toBe(
      config().storageAccountName,
    );
  });

  it("reports every problem at once, each with its key and the rule", () => {
    expect(() =>
      config({
        location: "",
        githubRepository: "https://github.com/contoso/x",
        storageAccountName: "State_Store",
        softDeleteRetentionDays: "0",
        keyVaultName: "kv--x",
      }),
    ).toThrow(
      [
        "bootstrap config has 5 problems:",
        "  - entra-graph-apps-bootstrap:location is required: the Azure region, e.g. pulumi config set location westeurope",
        '  - entra-graph-apps-bootstrap:githubRepository = "https://github.com/contoso/x": give the repository as org/repo, e.g. contoso/entra-graph-apps',
        '  - entra-graph-apps-bootstrap:storageAccountName = "State_Store": must be 3-24 lowercase letters and digits, unique across Azure',
        '  - entra-graph-apps-bootstrap:keyVaultName = "kv--x": must be 3-24 letters, digits and single dashes, starting with a letter, unique across Azure',
        '  - entra-graph-apps-bootstrap:softDeleteRetentionDays = "0": must be a whole number of days from 1 to 365',
      ].join("\n"),
    );
  });

  it("refuses a preview environment that is the production one: the preview identity must never share its token subject", () => {
    expect(() => config({ previewEnvironment: "Production" })).toThrow(
      'entra-graph-apps-bootstrap:previewEnvironment = "Production": must be the GitHub environment name, without spaces or quotes (the token subject it makes must stay within 600 characters), other than productionEnvironment (the preview identity must not share the deploy identity\'s environment)',
    );
    expect(config({ previewEnvironment: "pr-preview" }).previewEnvironment).toBe("pr-preview");
  });

  it("imports azure-native by subpath only, never the package root", () => {
    const sources = fs
      .readdirSync(path.join(__dirname, "..", "bootstrap"))
      .filter((file) => file.endsWith(".ts"));
    const imports = sources.flatMap((file) =>
      [
        ...fs
          .readFileSync(path.join(__dirname, "..", "bootstrap", file), "utf8")
          .matchAll(/from "(@pulumi\/azure-native[^"]*)"/g),
      ].map((m) => m[1]),
    );
    expect(imports.sort()).toEqual([
      "@pulumi/azure-native/authorization",
      "@pulumi/azure-native/keyvault",
      "@pulumi/azure-native/resources",
      "@pulumi/azure-native/storage",
    ]);
  });
});

describe("the bootstrap program under Pulumi mocks", () => {
  const mocks = new BootstrapMocks();
  let outputs: Record<string, unknown>;
  const byName = (type: string, name: string) => {
    const found = mocks.resources.filter(
      (resource) => resource.type === type && resource.name === name,
    );
    expect(found).toHaveLength(1);
    return found[0].inputs;
  };

  beforeAll(async () => {
    await pulumi.runtime.setMocks(mocks, "entra-graph-apps-bootstrap", "test", false);
    const { createBootstrap } = await import("../bootstrap/createBootstrap");
    const result = createBootstrap(config());
    outputs = {};
    for (const [name, output] of Object.entries(result))
      outputs[name] = await valueOf(output as pulumi.Output<unknown>);
    // Resources no output depends on (credentials, assignments) are still registering; wait for them.
    await (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();
  });

  it("creates exactly these resources, named from stable keys (the deploy identity keeps its `pipeline` names)", () => {
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
        "azuread:index/application:Application pipeline",
        "azuread:index/servicePrincipal:ServicePrincipal pipeline",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential pipeline-github-main",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential pipeline-github-production-environment",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-Application.ReadWrite.OwnedBy",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-AppRoleAssignment.ReadWrite.All",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-Application.Read.All",
        "azuread:index/appRoleAssignment:AppRoleAssignment pipeline-graph-DelegatedPermissionGrant.ReadWrite.All",
        "azuread:index/application:Application preview",
        "azuread:index/servicePrincipal:ServicePrincipal preview",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential preview-github-preview-environment",
        "azuread:index/appRoleAssignment:AppRoleAssignment preview-graph-Application.Read.All",
      ].sort(),
    );
    expect(mocks.calls).toEqual([
      "azure-native:authorization:getClientConfig {}",
      'azuread:index/getServicePrincipal:getServicePrincipal {"clientId":"00000003-0000-0000-c000-000000000000"}',
    ]);
  });

  it("keeps state in a private, Entra-only storage account with blob versioning and soft delete", () => {
    expect(byName("azure-native:resources:ResourceGroup", "state")).toEqual({
      resourceGroupName: "rg-entra-graph-apps-state",
      location: "westeurope",
    });
    expect(byName("azure-native:storage:StorageAccount", "state")).toEqual({
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
    expect(byName("azure-native:storage:BlobServiceProperties", "state")).toEqual({
      accountName: "stentragraphc931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      blobServicesName: "default",
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 30 },
      containerDeleteRetentionPolicy: { enabled: true, days: 30 },
    });
    expect(byName("azure-native:storage:BlobContainer", "state")).toEqual({
      accountName: "stentragraphc931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      containerName: "pulumi-state",
      publicAccess: "None",
    });
  });

  it("creates an RBAC, purge-protected Key Vault with an RSA key for the secrets provider", () => {
    expect(byName("azure-native:keyvault:Vault", "secrets")).toEqual({
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
    expect(byName("azure-native:keyvault:Key", "pulumi-secrets")).toEqual({
      keyName: "pulumi-secrets",
      vaultName: "kv-entragraph-c931f92b",
      resourceGroupName: "rg-entra-graph-apps-state",
      properties: { kty: "RSA", keySize: 4096, keyOps: ["encrypt", "decrypt"] },
    });
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
    expect(byName("azuread:index/application:Application", "pipeline")).toEqual({
      displayName: `entra-graph-apps pipeline (${REPO})`,
      signInAudience: "AzureADMyOrg",
      owners: [BOOTSTRAPPER],
      notes: `Deploys the entra-graph-apps stacks from GitHub Actions (${REPO}) by OIDC: main branch and the production environment only. It has no secret.`,
    });
    expect(byName("azuread:index/servicePrincipal:ServicePrincipal", "pipeline")).toEqual({
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
    expect(byName("azuread:index/application:Application", "preview")).toEqual({
      displayName: `entra-graph-apps preview (${REPO})`,
      signInAudience: "AzureADMyOrg",
      owners: [BOOTSTRAPPER],
      notes: `Runs pulumi preview for pull requests of ${REPO} in the preview environment (required reviewers): reads Graph and state, writes nothing. It has no secret.`,
    });
    expect(byName("azuread:index/servicePrincipal:ServicePrincipal", "preview")).toEqual({
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

  it("names the environments from config, so a renamed production environment keeps the deploy identity's credential name", async () => {
    const { deploySubjects, previewSubjects } = await import("../bootstrap/createBootstrap");
    const custom = config({
      productionEnvironment: "prod-approval",
      previewEnvironment: "pr-preview",
    });
    expect(deploySubjects(custom)).toEqual({
      "github-main": `repo:${REPO}:ref:refs/heads/main`,
      "github-production-environment": `repo:${REPO}:environment:prod-approval`,
    });
    expect(previewSubjects(custom)).toEqual({
      "github-preview-environment": `repo:${REPO}:environment:pr-preview`,
    });
  });

  it("grants the deploy identity the Graph app roles pulumi up needs, by their catalog IDs", () => {
    const graphRole = (permission: string) =>
      byName("azuread:index/appRoleAssignment:AppRoleAssignment", `pipeline-graph-${permission}`);
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

  it("lets the deploy identity write state and the preview identity only read it; each may use the key, not the vault", () => {
    const roleDefinitions = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions`;
    const container = `/subscriptions/${SUBSCRIPTION}/mock/azure-native:storage:BlobContainer/pulumi-state`;
    const key = `/subscriptions/${SUBSCRIPTION}/mock/azure-native:keyvault:Key/pulumi-secrets`;
    const assignment = (name: string) => byName("azure-native:authorization:RoleAssignment", name);
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
