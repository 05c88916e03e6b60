import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { offlineCatalogs } from "../permissions/catalog";
import { PermissionCatalog } from "../permissions/catalogTypes";
import { TYPES } from "../guardrails/resourceTypes";

/**
 * An in-memory Entra tenant behind Pulumi's mock runtime, shared by the tests and `plan`.
 *
 * It answers the lookups the program makes (client config, resource API service principals from
 * the permission catalog) and enforces the rules Entra applies when resources are created, so a
 * program that passes here fails for no reason we could have known offline. It records every
 * resource and lookup so tests can assert exact inputs.
 */

export { TYPES };

export interface RecordedResource {
  type: string;
  name: string;
  /** Exact inputs as the program sent them (secrets arrive unwrapped). */
  inputs: Record<string, any>;
  id: string;
  state: Record<string, any>;
  /** False for component resources. */
  custom: boolean;
}

export interface RecordedLookup {
  token: string;
  inputs: Record<string, any>;
}

export interface SimulatedTenantOptions {
  tenantId?: string;
  /** Object ID of the identity running `pulumi up`. */
  deployerObjectId?: string;
  deployerClientId?: string;
  /** Used as a password's start when the program does not set one (Entra uses creation time). */
  now?: Date;
  /** Resource API catalogs to publish as service principals; default: the offline catalogs. */
  apis?: PermissionCatalog[];
}

interface ServicePrincipalRecord {
  objectId: string;
  clientId: string;
  displayName: string;
  appRoles: { id: string; value: string; allowedMemberTypes: string[]; enabled: boolean }[];
  scopes: { id: string; value: string; type: string; enabled: boolean }[];
}

export const SIMULATED_TENANT_ID = "11111111-2222-3333-4444-555555555555";

export class SimulatedTenant implements pulumi.runtime.Mocks {
  readonly tenantId: string;
  readonly deployerObjectId: string;
  readonly deployerClientId: string;
  readonly resources: RecordedResource[] = [];
  readonly lookups: RecordedLookup[] = [];

  private readonly now: Date;
  private readonly servicePrincipals = new Map<string, ServicePrincipalRecord>();
  private readonly applications = new Map<
    string,
    { objectId: string; clientId: string; displayName: string }
  >();
  private readonly assignments = new Set<string>();
  private readonly grants = new Set<string>();
  private readonly federatedCredentials = new Map<
    string,
    { issuer: string; subject: string; displayName: string }[]
  >();

  constructor(options: SimulatedTenantOptions = {}) {
    this.tenantId = options.tenantId ?? SIMULATED_TENANT_ID;
    this.deployerObjectId =
      options.deployerObjectId ?? deterministicGuid("deployer", this.tenantId);
    this.deployerClientId =
      options.deployerClientId ?? deterministicGuid("deployer-client", this.tenantId);
    this.now = options.now ?? new Date("2026-01-01T00:00:00Z");
    for (const api of options.apis ?? [...offlineCatalogs().values()]) this.publishApi(api);
  }

  /** Resources of one type, in registration order. */
  resourcesOfType(type: string): RecordedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The only resource with this type and name; throws when absent, so tests fail clearly. */
  resource(type: string, name: string): RecordedResource {
    const found = this.resources.find(
      (resource) => resource.type === type && resource.name === name,
    );
    if (!found)
      throw new Error(
        `no ${type} named ${name}; have: ${this.resources.map((r) => r.name).join(", ")}`,
      );
    return found;
  }

  servicePrincipalObjectId(appId: string): string | undefined {
    return [...this.servicePrincipals.values()].find((sp) => sp.clientId === appId)?.objectId;
  }

  async call(args: pulumi.runtime.MockCallArgs): Promise<Record<string, any>> {
    this.lookups.push({ token: args.token, inputs: args.inputs });
    switch (args.token) {
      case TYPES.getClientConfig:
        return {
          id: `clientConfigs/clientId=${this.deployerClientId};objectId=${this.deployerObjectId};tenantId=${this.tenantId}`,
          clientId: this.deployerClientId,
          objectId: this.deployerObjectId,
          tenantId: this.tenantId,
        };
      case TYPES.getServicePrincipal:
        return this.lookupServicePrincipal(args.inputs);
      default:
        throw new Error(`simulated tenant: unexpected lookup ${args.token}`);
    }
  }

  async newResource(
    args: pulumi.runtime.MockResourceArgs,
  ): Promise<{ id: string; state: Record<string, any> }> {
    const { id, state } = args.custom
      ? this.create(args.type, args.name, args.inputs)
      : { id: "", state: {} };
    this.resources.push({
      type: args.type,
      name: args.name,
      inputs: args.inputs,
      id,
      state,
      custom: args.custom ?? true,
    });
    return { id, state };
  }

  private create(
    type: string,
    name: string,
    inputs: Record<string, any>,
  ): { id: string; state: Record<string, any> } {
    switch (type) {
      case TYPES.application:
        return this.createApplication(name, inputs);
      case TYPES.servicePrincipal:
        return this.createServicePrincipal(name, inputs);
      case TYPES.appRoleAssignment:
        return this.createAppRoleAssignment(name, inputs);
      case TYPES.delegatedGrant:
        return this.createDelegatedGrant(name, inputs);
      case TYPES.applicationPassword:
        return this.createPassword(name, inputs);
      case TYPES.applicationCertificate:
        return this.createCertificate(name, inputs);
      case TYPES.federatedCredential:
        return this.createFederatedCredential(name, inputs);
      case TYPES.keyVaultSecret:
        return this.createKeyVaultSecret(name, inputs);
      default:
        throw new Error(`simulated tenant: no model for resource type ${type} (${name})`);
    }
  }

  private createApplication(name: string, inputs: Record<string, any>) {
    requireText(inputs.displayName, `Application ${name}: displayName is required`);
    for (const owner of inputs.owners ?? []) {
      if (owner !== this.deployerObjectId && !isGuidText(owner)) {
        throw new Error(`Application ${name}: owner "${owner}" is not an object ID`);
      }
    }
    const objectId = deterministicGuid("application", name);
    const clientId = deterministicGuid("client", name);
    this.applications.set(objectId, { objectId, clientId, displayName: inputs.displayName });
    return {
      id: `/applications/${objectId}`,
      state: {
        ...inputs,
        objectId,
        clientId,
        signInAudience: inputs.signInAudience ?? "AzureADMyOrg",
        publisherDomain: "contoso.onmicrosoft.com",
        disabledByMicrosoft: "<nil>",
      },
    };
  }

  private createServicePrincipal(name: string, inputs: Record<string, any>) {
    const app = [...this.applications.values()].find(
      (candidate) => candidate.clientId === inputs.clientId,
    );
    if (!app) {
      throw new Error(
        `ServicePrincipal ${name}: no application with client ID ${inputs.clientId} in tenant ${this.tenantId}`,
      );
    }
    if (this.servicePrincipalObjectId(app.clientId) && !inputs.useExisting) {
      throw new Error(
        `ServicePrincipal ${name}: a service principal for client ID ${app.clientId} already exists (set useExisting or import it)`,
      );
    }
    const objectId = deterministicGuid("servicePrincipal", name);
    this.servicePrincipals.set(objectId, {
      objectId,
      clientId: app.clientId,
      displayName: app.displayName,
      appRoles: [],
      scopes: [],
    });
    return {
      id: `/servicePrincipals/${objectId}`,
      state: {
        ...inputs,
        objectId,
        displayName: app.displayName,
        applicationTenantId: this.tenantId,
        type: "Application",
      },
    };
  }

  private createAppRoleAssignment(name: string, inputs: Record<string, any>) {
    const principal = this.servicePrincipals.get(inputs.principalObjectId);
    if (!principal) {
      throw new Error(
        `AppRoleAssignment ${name}: principal ${inputs.principalObjectId} is not a service principal of this tenant`,
      );
    }
    const resource = this.servicePrincipals.get(inputs.resourceObjectId);
    if (!resource) {
      throw new Error(
        `AppRoleAssignment ${name}: resource ${inputs.resourceObjectId} is not a service principal of this tenant`,
      );
    }
    const role = resource.appRoles.find((candidate) => candidate.id === inputs.appRoleId);
    if (!role || !role.enabled) {
      throw new Error(
        `AppRoleAssignment ${name}: Permission being assigned was not found on application ${resource.displayName} (app role ${inputs.appRoleId})`,
      );
    }
    if (!role.allowedMemberTypes.includes("Application")) {
      throw new Error(
        `AppRoleAssignment ${name}: app role ${role.value} cannot be assigned to applications`,
      );
    }
    const key = `${principal.objectId}|${resource.objectId}|${role.id}`;
    if (this.assignments.has(key)) {
      throw new Error(
        `AppRoleAssignment ${name}: Permission being assigned already exists on the object (${role.value} for ${principal.displayName})`,
      );
    }
    this.assignments.add(key);
    const assignmentId = deterministicGuid("appRoleAssignment", key);
    return {
      id: `/servicePrincipals/${resource.objectId}/appRoleAssignedTo/${assignmentId}`,
      state: {
        ...inputs,
        principalDisplayName: principal.displayName,
        principalType: "ServicePrincipal",
        resourceDisplayName: resource.displayName,
      },
    };
  }

  private createDelegatedGrant(name: string, inputs: Record<string, any>) {
    const client = this.servicePrincipals.get(inputs.servicePrincipalObjectId);
    const resource = this.servicePrincipals.get(inputs.resourceServicePrincipalObjectId);
    if (!client || !resource) {
      throw new Error(
        `ServicePrincipalDelegatedPermissionGrant ${name}: client and resource must be service principals of this tenant`,
      );
    }
    const claimValues: string[] = inputs.claimValues ?? [];
    if (claimValues.length === 0) {
      throw new Error(
        `ServicePrincipalDelegatedPermissionGrant ${name}: claimValues must not be empty`,
      );
    }
    for (const value of claimValues) {
      if (!resource.scopes.some((scope) => scope.value === value && scope.enabled)) {
        throw new Error(
          `ServicePrincipalDelegatedPermissionGrant ${name}: ${value} is not a scope of ${resource.displayName}`,
        );
      }
    }
    const key = `${client.objectId}|${resource.objectId}|${inputs.userObjectId ?? "AllPrincipals"}`;
    if (this.grants.has(key)) {
      throw new Error(
        `ServicePrincipalDelegatedPermissionGrant ${name}: a grant for ${client.displayName} to ${resource.displayName} already exists; use one grant per client and resource`,
      );
    }
    this.grants.add(key);
    return { id: deterministicGrantId(key), state: { ...inputs } };
  }

  private createPassword(name: string, inputs: Record<string, any>) {
    const objectId = this.applicationOf(`ApplicationPassword ${name}`, inputs.applicationId);
    const start = inputs.startDate ? new Date(inputs.startDate) : this.now;
    const end = inputs.endDate ? new Date(inputs.endDate) : undefined;
    if (!end || Number.isNaN(end.getTime()) || Number.isNaN(start.getTime())) {
      throw new Error(`ApplicationPassword ${name}: endDate must be an RFC 3339 date`);
    }
    if (end.getTime() <= start.getTime()) {
      throw new Error(
        `ApplicationPassword ${name}: endDate ${inputs.endDate} must be after startDate ${start.toISOString()}`,
      );
    }
    const keyId = deterministicGuid("password", `${name}|${start.toISOString()}`);
    return {
      id: `${objectId}/password/${keyId}`,
      state: {
        ...inputs,
        keyId,
        startDate: start.toISOString().replace(".000Z", "Z"),
        value: pulumi.secret(simulatedSecretValue(keyId)),
      },
    };
  }

  /** The application object a credential's applicationId (`/applications/<objectId>`) names. */
  private applicationOf(resource: string, applicationId: unknown): string {
    const match = /^\/applications\/([0-9a-f-]{36})$/.exec(
      typeof applicationId === "string" ? applicationId : "",
    );
    if (!match || !this.applications.has(match[1])) {
      throw new Error(
        `${resource}: applicationId ${String(applicationId)} is not an application of this tenant`,
      );
    }
    return match[1];
  }

  private createCertificate(name: string, inputs: Record<string, any>) {
    const objectId = this.applicationOf(`ApplicationCertificate ${name}`, inputs.applicationId);
    if (inputs.type !== "AsymmetricX509Cert" && inputs.type !== "Symmetric") {
      throw new Error(
        `ApplicationCertificate ${name}: type must be AsymmetricX509Cert or Symmetric`,
      );
    }
    // The provider's schema marks `value` secret, so it arrives wrapped.
    const value = isPulumiSecret(inputs.value) ? inputs.value.value : inputs.value;
    if (
      typeof value !== "string" ||
      !value.includes("BEGIN CERTIFICATE") ||
      /PRIVATE KEY/.test(value)
    ) {
      throw new Error(`ApplicationCertificate ${name}: value must be a public PEM certificate`);
    }
    if (
      inputs.endDate &&
      inputs.startDate &&
      Date.parse(inputs.endDate) <= Date.parse(inputs.startDate)
    ) {
      throw new Error(`ApplicationCertificate ${name}: endDate must be after startDate`);
    }
    const keyId = deterministicGuid("certificate", name);
    return { id: `${objectId}/certificate/${keyId}`, state: { ...inputs, keyId } };
  }

  private createFederatedCredential(name: string, inputs: Record<string, any>) {
    const objectId = this.applicationOf(
      `ApplicationFederatedIdentityCredential ${name}`,
      inputs.applicationId,
    );
    if (!/^https:\/\//.test(inputs.issuer ?? "")) {
      throw new Error(
        `ApplicationFederatedIdentityCredential ${name}: issuer must be an https URL`,
      );
    }
    const existing = this.federatedCredentials.get(objectId) ?? [];
    if (existing.length >= 20) {
      throw new Error(
        `ApplicationFederatedIdentityCredential ${name}: the application already has 20 federated identity credentials`,
      );
    }
    if (existing.some((c) => c.issuer === inputs.issuer && c.subject === inputs.subject)) {
      throw new Error(
        `ApplicationFederatedIdentityCredential ${name}: FederatedIdentityCredential with the same issuer and subject already exists`,
      );
    }
    if (existing.some((c) => c.displayName === inputs.displayName)) {
      throw new Error(
        `ApplicationFederatedIdentityCredential ${name}: a credential named ${inputs.displayName} already exists on the application`,
      );
    }
    existing.push({
      issuer: inputs.issuer,
      subject: inputs.subject,
      displayName: inputs.displayName,
    });
    this.federatedCredentials.set(objectId, existing);
    const credentialId = deterministicGuid("federatedCredential", name);
    return {
      id: `/applications/${objectId}/federatedIdentityCredential/${credentialId}`,
      state: { ...inputs, credentialId },
    };
  }

  /**
   * A secret in an existing vault. Its value must arrive as a Pulumi secret (azure-native does not
   * mark it); the SDK lifts a nested secret to the whole `properties` input, so either counts.
   */
  private createKeyVaultSecret(name: string, inputs: Record<string, any>) {
    const { vaultName, secretName, resourceGroupName } = inputs;
    const properties = isPulumiSecret(inputs.properties)
      ? (inputs.properties.value as Record<string, any>)
      : inputs.properties;
    if (!isPulumiSecret(inputs.properties) && !isPulumiSecret(properties?.value)) {
      throw new Error(
        `keyvault Secret ${name}: properties.value must be passed as a Pulumi secret`,
      );
    }
    const secretUri = `https://${vaultName}.vault.azure.net/secrets/${secretName}`;
    const version = deterministicGuid(
      "vaultSecretVersion",
      JSON.stringify([name, properties.attributes]),
    ).replace(/-/g, "");
    return {
      id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${resourceGroupName}/providers/Microsoft.KeyVault/vaults/${vaultName}/secrets/${secretName}`,
      state: {
        ...inputs,
        name: secretName,
        properties: pulumi.secret({
          ...properties,
          secretUri,
          secretUriWithVersion: `${secretUri}/${version}`,
        }),
      },
    };
  }

  private lookupServicePrincipal(inputs: Record<string, any>) {
    const sp = [...this.servicePrincipals.values()].find(
      (candidate) =>
        (inputs.clientId !== undefined && candidate.clientId === inputs.clientId) ||
        (inputs.objectId !== undefined && candidate.objectId === inputs.objectId) ||
        (inputs.displayName !== undefined && candidate.displayName === inputs.displayName),
    );
    if (!sp) {
      throw new Error(
        `service principal not found: no service principal matching ${JSON.stringify(inputs)} in tenant ${this.tenantId}`,
      );
    }
    return {
      id: `/servicePrincipals/${sp.objectId}`,
      objectId: sp.objectId,
      clientId: sp.clientId,
      displayName: sp.displayName,
      applicationTenantId: "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
      appRoles: sp.appRoles.map((role) => ({ ...role, description: "", displayName: role.value })),
      appRoleIds: Object.fromEntries(sp.appRoles.map((role) => [role.value, role.id])),
      oauth2PermissionScopes: sp.scopes.map((scope) => ({
        ...scope,
        adminConsentDescription: "",
        adminConsentDisplayName: scope.value,
        userConsentDescription: "",
        userConsentDisplayName: scope.value,
      })),
      oauth2PermissionScopeIds: Object.fromEntries(
        sp.scopes.map((scope) => [scope.value, scope.id]),
      ),
    };
  }

  private publishApi(api: PermissionCatalog): void {
    const objectId = deterministicGuid("resourceApi", api.appId);
    this.servicePrincipals.set(objectId, {
      objectId,
      clientId: api.appId,
      displayName: api.displayName,
      appRoles: api.permissions
        .filter((p) => p.kind === "application")
        .map((p) => ({
          id: p.id,
          value: p.value,
          allowedMemberTypes: ["Application"],
          enabled: true,
        })),
      scopes: api.permissions
        .filter((p) => p.kind === "delegated")
        .map((p) => ({
          id: p.id,
          value: p.value,
          type: p.adminConsentRequired ? "Admin" : "User",
          enabled: true,
        })),
    });
  }
}

/** Pulumi's wire form of a secret value, as the mock runtime hands secret inputs over. */
const SECRET_SIGNATURE = {
  key: "4dabf18193072939515e22adb298388d",
  value: "1b47061264138c4ac30d75fd1eb44270",
};

export function isPulumiSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE.key] === SECRET_SIGNATURE.value
  );
}

/** A GUID-shaped ID derived from its inputs: the same resource always gets the same ID. */
export function deterministicGuid(kind: string, key: string): string {
  const hex = createHash("sha1").update(`${kind}:${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Shaped like a real Entra secret (3 chars, "8Q~", 34 chars); never printed by the program. */
function simulatedSecretValue(keyId: string): string {
  const body = createHash("sha256").update(`secret:${keyId}`).digest("base64url");
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

function deterministicGrantId(key: string): string {
  return createHash("sha256").update(`grant:${key}`).digest("base64url").slice(0, 43);
}

function requireText(value: unknown, message: string): void {
  if (typeof value !== "string" || value.trim() === "") throw new Error(message);
}

function isGuidText(value: unknown): boolean {
  return (
    typeof value === "string" &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}
