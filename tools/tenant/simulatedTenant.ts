import * as pulumi from "@pulumi/pulumi";
import { offlineCatalogs } from "../../program/permissions/catalog";
import { PermissionCatalog } from "../../program/permissions/catalogTypes";
import { TYPES } from "../../program/guardrails/resourceTypes";
import { DEPLOYER_FULL_ROLES, Directory } from "./directory/directory";
import { DirectoryExport, GraphDirectoryObject } from "./directory/graphTypes";
import { SeededAppManagementPolicies } from "./directory/appManagementRules";
import { directoryGuid } from "./directory/ids";
import { Deployment, StateResource, Step } from "./deployment";
import { RESOURCE_MODELS } from "./provider/models";
import { clientConfig, servicePrincipalLookup } from "./provider/lookups";
import { ProviderCall, ProviderError } from "./provider/resourceModel";
import { checkInputs } from "./provider/schema";
import { Registration, UrnBook } from "./registration";

export { TYPES };

// Inputs and state are Record<string, any> as in Pulumi's own Mocks interface
// (@pulumi/pulumi runtime/mocks.d.ts), so tests read provider properties without casts.
/* eslint-disable @typescript-eslint/no-explicit-any */
export { isPulumiSecret } from "./secretValues";

/**
 * The real provider's twin behind Pulumi's mock runtime, shared by the tests and `plan`.
 *
 * Each registration goes through what `pulumi up` does with terraform-provider-azuread v3.8.0:
 * the provider's schema check (tenant/provider), a diff against the previous run's state
 * (tenant/deployment.ts), and Graph calls on an in-memory tenant with Graph's rules
 * (tenant/directory). State is what Graph reads back. A tenant can start from existing objects
 * (`seed`) and run again (`nextRun`), so second runs and click-ops objects are tested too.
 */

export interface RecordedResource {
  type: string;
  name: string;
  urn: string;
  /** URN of the parent resource (a component), when there is one. */
  parentUrn?: string;
  /** Exact inputs as the program sent them (secret inputs arrive in Pulumi's secret wrapper). */
  inputs: Record<string, any>;
  id: string;
  state: Record<string, any>;
  /** False for component resources. */
  custom: boolean;
  /** The `import` resource option, when the resource takes over an existing object. */
  importId?: string;
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
  /** Graph app roles of the deployer; default: everything this stack needs. */
  deployerRoles?: string[];
  /** The tenant's clock (creation times, password start dates). */
  now?: Date;
  /** Resource API catalogs to publish as service principals; default: the offline catalogs. */
  apis?: PermissionCatalog[];
  /** Objects that exist before the first run (e.g. apps made by hand in the portal). */
  seed?: Partial<DirectoryExport> & { users?: GraphDirectoryObject[] };
  /** Refuse owners that are not known users or service principals (Graph's 404). */
  strictPrincipals?: boolean;
  /**
   * Create resources that carry an import ID instead of reading the objects they name (reported
   * as imports): an offline plan of an adopted stack without the export it was adopted from.
   */
  unverifiedImports?: boolean;
  /** The tenant's app management policies: addPassword and certificates are held to them. */
  appManagementPolicies?: SeededAppManagementPolicies;
}

export const SIMULATED_TENANT_ID = "11111111-2222-3333-4444-555555555555";

export class SimulatedTenant implements pulumi.runtime.Mocks {
  readonly tenantId: string;
  readonly deployerObjectId: string;
  readonly deployerClientId: string;
  readonly directory: Directory;
  resources: RecordedResource[] = [];
  lookups: RecordedLookup[] = [];
  private now: Date;
  private deployment: Deployment;
  private readonly unverifiedImports: boolean;
  private urns = new UrnBook("entra-graph-apps", "dev");
  private pending: Registration | undefined;
  private readonly seenUrns = new Set<string>();
  /**
   * With `recordRefusals`, a refused registration is recorded here instead of rejecting: under
   * the mock runtime a rejection fails every output that depends on it as an unhandled
   * rejection. Like the engine, no further resource is registered after the first refusal.
   */
  recordRefusals = false;
  readonly refusals: Error[] = [];

  constructor(options: SimulatedTenantOptions = {}) {
    this.tenantId = options.tenantId ?? SIMULATED_TENANT_ID;
    this.deployerObjectId =
      options.deployerObjectId ?? directoryGuid(this.tenantId, "deployer", "objectId");
    this.deployerClientId =
      options.deployerClientId ?? directoryGuid(this.tenantId, "deployer", "clientId");
    this.now = options.now ?? new Date("2026-01-01T00:00:00Z");
    this.unverifiedImports = options.unverifiedImports ?? false;
    this.deployment = new Deployment([], this.unverifiedImports);
    this.directory = new Directory({
      tenantId: this.tenantId,
      now: () => this.now,
      caller: {
        objectId: this.deployerObjectId,
        clientId: this.deployerClientId,
        roles: options.deployerRoles ?? [...DEPLOYER_FULL_ROLES, "Application.Read.All"],
      },
      assumeUnknownPrincipalsExist: !options.strictPrincipals,
      appManagementPolicies: options.appManagementPolicies,
    });
    for (const api of options.apis ?? [...offlineCatalogs().values()])
      this.directory.publishApi(api);
    if (options.seed) this.directory.seed(options.seed);
  }

  /** Steps of the current run: create, same, update, replace, import and (after it) delete. */
  get steps(): Step[] {
    return this.deployment.steps;
  }

  /** The stack's state after the current run, in registration order. */
  stackState(): StateResource[] {
    return [...this.deployment.state.values()];
  }

  /** Starts another `pulumi up` on the same tenant, from the state the last one left. */
  nextRun(options: { now?: Date; stack?: string } = {}): void {
    if (options.now) this.now = options.now;
    this.deployment = new Deployment(this.stackState(), this.unverifiedImports);
    this.urns = new UrnBook("entra-graph-apps", options.stack ?? "dev");
    this.seenUrns.clear();
    this.resources = [];
    this.lookups = [];
    this.refusals.length = 0;
  }

  /** Ends the run: deletes what was replaced or dropped from the program. */
  finishRun(): void {
    this.deployment.finish(RESOURCE_MODELS, (name) => this.providerCall(name));
  }

  /** Acts as a Global Administrator in the portal (e.g. "Grant admin consent"), outside the stack. */
  portal<T>(action: (directory: Directory) => T): T {
    const roles = this.directory.caller.roles;
    this.directory.caller.roles = [...DEPLOYER_FULL_ROLES, "Application.Read.All"];
    try {
      return action(this.directory);
    } finally {
      this.directory.caller.roles = roles;
    }
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
    if (!found) {
      throw new Error(
        `no ${type} named ${name}; have: ${this.resources.map((r) => r.name).join(", ")}`,
      );
    }
    return found;
  }

  servicePrincipalObjectId(appId: string): string | undefined {
    return this.directory.servicePrincipals.byAppId(appId)?.id;
  }

  /** Called by the mock monitor hook (tenant/registration.ts) just before `newResource`. */
  announce(request: Parameters<UrnBook["register"]>[0]): void {
    this.pending = this.urns.register(request);
  }

  async call(args: pulumi.runtime.MockCallArgs): Promise<Record<string, any>> {
    this.lookups.push({ token: args.token, inputs: args.inputs });
    switch (args.token) {
      case TYPES.getClientConfig:
        return clientConfig(this.directory);
      case TYPES.getServicePrincipal:
        return servicePrincipalLookup(this.directory, args.inputs);
      default:
        throw new Error(`simulated tenant: unexpected lookup ${args.token}`);
    }
  }

  async newResource(
    args: pulumi.runtime.MockResourceArgs,
  ): Promise<{ id: string; state: Record<string, any> }> {
    if (this.recordRefusals && this.refusals.length > 0) return { id: "", state: {} };
    try {
      return this.register(args);
    } catch (error) {
      if (!this.recordRefusals) throw error;
      this.refusals.push(error as Error);
      return { id: "", state: {} };
    }
  }

  private register(args: pulumi.runtime.MockResourceArgs): {
    id: string;
    state: Record<string, any>;
  } {
    const registration = this.takeRegistration(args);
    const custom = args.custom ?? true;
    if (this.seenUrns.has(registration.urn)) {
      throw new Error(
        `Duplicate resource URN '${registration.urn}'; try giving it a unique name (${args.name})`,
      );
    }
    this.seenUrns.add(registration.urn);
    let result: { id: string; state: Record<string, any> } = { id: "", state: {} };
    if (custom) {
      const model = RESOURCE_MODELS.get(args.type);
      if (!model)
        throw new Error(`simulated tenant: no model for resource type ${args.type} (${args.name})`);
      const problems = [
        ...checkInputs(model.fields, args.inputs),
        ...(model.check?.(args.inputs) ?? []),
      ];
      if (problems.length > 0) {
        throw new ProviderError(args.type, args.name, `has a problem: ${problems.join("; ")}`);
      }
      result = this.deployment.registerCustom(
        registration,
        model,
        this.providerCall(args.name),
        args.inputs,
      );
    } else {
      this.deployment.registerComponent(registration);
    }
    this.resources.push({
      type: args.type,
      name: args.name,
      urn: registration.urn,
      ...(registration.parentUrn ? { parentUrn: registration.parentUrn } : {}),
      inputs: args.inputs,
      id: result.id,
      state: result.state,
      custom,
      ...(registration.importId ? { importId: registration.importId } : {}),
    });
    return result;
  }

  private providerCall(name: string): ProviderCall {
    return { directory: this.directory, name };
  }

  /** The registration the hook announced; without the hook (a bare setMocks), a URN from the name. */
  private takeRegistration(args: pulumi.runtime.MockResourceArgs): Registration {
    const pending = this.pending;
    this.pending = undefined;
    if (pending && pending.name === args.name && pending.type === args.type) return pending;
    return {
      urn: `urn:pulumi:dev::entra-graph-apps::${args.type}::${args.name}`,
      type: args.type,
      name: args.name,
      aliasUrns: [],
      deleteBeforeReplace: false,
      importId: args.id || undefined,
    };
  }
}
