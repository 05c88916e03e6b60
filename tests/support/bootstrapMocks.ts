import * as pulumi from "@pulumi/pulumi";
import { BootstrapConfig, bootstrapConfig } from "../../bootstrap/bootstrapConfig";
import { valueOf } from "../../tools/tenant/evaluateProgram";
import { Registration, UrnBook, installMocks } from "../../tools/tenant/registration";

export const PROJECT = "entra-graph-apps-bootstrap";
export const STACK = "test";
export const TENANT = "11111111-2222-3333-4444-555555555555";
export const SUBSCRIPTION = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const BOOTSTRAPPER = "0b0b0b0b-0000-4000-8000-000000000001";
export const GRAPH_SP = "9a9a9a9a-0000-4000-8000-0000000000aa";
export const REPO = "contoso/entra-graph-apps";
/** What Entra gives the two app registrations the bootstrap creates (`pipeline`: deploy; `preview`). */
export const IDENTITIES = {
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

export interface Recorded {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** Its outputs as the mocks gave them (inputs plus what Azure or Entra computes). */
  state: Record<string, unknown>;
  /** URN and aliases as the engine would see them. */
  registration: Registration;
}

/**
 * Pulumi mocks for the bootstrap's resources: records every registration (with the URN and alias
 * URNs the engine would compute), answers the two lookups it makes, and gives each resource the
 * outputs Azure or Entra would (names, IDs, client IDs). Any other lookup is an error.
 */
export class BootstrapMocks implements pulumi.runtime.Mocks {
  readonly resources: Recorded[] = [];
  readonly calls: string[] = [];
  private readonly urns = new UrnBook(PROJECT, STACK);
  private pending?: Registration;

  /** The inputs of the one resource of `type` named `name`; throws unless there is exactly one. */
  inputsOf(type: string, name: string): Record<string, unknown> {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    }
    return found[0].inputs;
  }

  announce(request: Parameters<UrnBook["register"]>[0]): void {
    this.pending = this.urns.register(request);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: object } {
    const state: Record<string, unknown> = { ...args.inputs };
    const azureName: Record<string, string> = {
      "azure-native:resources:ResourceGroup": "resourceGroupName",
      "azure-native:storage:StorageAccount": "accountName",
      "azure-native:storage:BlobContainer": "containerName",
      "azure-native:keyvault:Vault": "vaultName",
      "azure-native:keyvault:Key": "keyName",
    };
    if (azureName[args.type]) state.name = args.inputs[azureName[args.type]];
    let id = args.type.startsWith("azure-native:")
      ? `/subscriptions/${SUBSCRIPTION}/mock/${args.type}/${String(state.name ?? args.name)}`
      : `${args.name}-id`;
    const identity = IDENTITIES[args.name as keyof typeof IDENTITIES];
    if (args.type === "azuread:index/application:Application") {
      Object.assign(state, { clientId: identity.clientId, objectId: identity.applicationObjectId });
      id = `/applications/${identity.applicationObjectId}`;
    }
    if (args.type === "azuread:index/servicePrincipal:ServicePrincipal")
      state.objectId = identity.servicePrincipalObjectId;
    const registration = this.pending!;
    this.pending = undefined;
    this.resources.push({
      type: args.type,
      name: args.name,
      custom: args.custom ?? true,
      inputs: args.inputs,
      state,
      registration,
    });
    return { id, state };
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

export function config(overrides: Record<string, string> = {}): BootstrapConfig {
  const values: Record<string, string> = {
    location: "westeurope",
    githubRepository: REPO,
    ...overrides,
  };
  return bootstrapConfig((key) => values[key]);
}

/** Runs the bootstrap program under the mocks and resolves its outputs. */
export async function runBootstrap(): Promise<{
  mocks: BootstrapMocks;
  outputs: Record<string, unknown>;
}> {
  const mocks = new BootstrapMocks();
  await installMocks(mocks, PROJECT, STACK);
  const { createBootstrap } = await import("../../bootstrap/createBootstrap");
  const result = createBootstrap(config());
  const outputs: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(result))
    outputs[name] = await valueOf(output as pulumi.Output<unknown>);
  // Resources no output depends on (credentials, assignments) are still registering; wait for them.
  await (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();
  return { mocks, outputs };
}
