import * as pulumi from "@pulumi/pulumi";
import { StateResource } from "../../tools/tenant/deployment";
import { EvaluatedOutput, evaluateProgram } from "../../tools/tenant/evaluateProgram";
import {
  isPulumiSecret,
  SimulatedTenant,
  SimulatedTenantOptions,
} from "../../tools/tenant/simulatedTenant";
import { readStackFile } from "../../tools/stack-files/readStackFile";

/** Pulumi's marker of a secret value in a checkpoint. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const PROVIDER_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CREATED = "2026-11-22T09:30:00Z";

/** A stack deployed on a simulated tenant: the tenant (live objects) and its stack export. */
export interface DeployedStack {
  tenant: SimulatedTenant;
  /** What `pulumi stack export` prints for it. */
  stackExport: { version: 3; deployment: Record<string, unknown> };
}

/**
 * Runs the real program with a stack file's config on a fresh simulated tenant (as `pulumi up`
 * would on the first run) and writes its state the way `pulumi stack export` prints a checkpoint
 * of the Pulumi CLI 3.248: deployment v3 with manifest and secrets provider, the stack resource
 * (outputs `apps` plain, `clientSecrets` secret), the default azuread provider, components with
 * their parents, custom resources with `__defaults` inputs, provider reference and property
 * dependencies, and secret values as `{ <sig>: ..., ciphertext }` (never plaintext). This outer
 * shape was checked by `pulumi stack import` and `pulumi stack export` round trips with the real
 * CLI (tools/engine): it reads back unchanged.
 */
export async function deployStack(
  stackFile: string,
  now: Date,
  stack = "dev",
  /** A tenant that starts with objects (an adopted stack's), for example. */
  tenantOptions: SimulatedTenantOptions = {},
): Promise<DeployedStack> {
  const file = readStackFile(stackFile);
  const tenant = new SimulatedTenant({ tenantId: file.tenantId, now, ...tenantOptions });
  pulumi.runtime.setAllConfig(file.pulumiConfig);
  const evaluation = await evaluateProgram(
    tenant,
    async () => {
      const { entraGraphApps } = await import("../../program/entraGraphApps");
      const { readStackConfig } = await import("../../program/readStackConfig");
      return () =>
        entraGraphApps(readStackConfig(), now) as unknown as Promise<Record<string, unknown>>;
    },
    stack,
  );
  return { tenant, stackExport: stackExport(tenant, evaluation.resolved, stack) };
}

function stackExport(
  tenant: SimulatedTenant,
  outputs: Record<string, EvaluatedOutput>,
  stack: string,
): DeployedStack["stackExport"] {
  const project = "entra-graph-apps";
  const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  const providerUrn = `urn:pulumi:${stack}::${project}::pulumi:providers:azuread::default_6_9_1`;
  const parents = new Map(tenant.resources.map((r) => [r.urn, r.parentUrn ?? stackUrn]));
  const resources: Record<string, unknown>[] = [
    {
      urn: stackUrn,
      custom: false,
      type: "pulumi:pulumi:Stack",
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([name, output]) => [
          name,
          output.secret ? ciphertext(name) : output.value,
        ]),
      ),
      created: CREATED,
      modified: CREATED,
    },
    {
      urn: providerUrn,
      custom: true,
      id: PROVIDER_ID,
      type: "pulumi:providers:azuread",
      inputs: { __internal: { pluginDownloadURL: "" }, version: "6.9.1" },
      outputs: { version: "6.9.1" },
      created: CREATED,
      modified: CREATED,
    },
    ...tenant.stackState().map((resource) =>
      resource.custom
        ? customResource(resource, parents.get(resource.urn) ?? stackUrn, providerUrn)
        : {
            urn: resource.urn,
            custom: false,
            type: resource.type,
            parent: parents.get(resource.urn) ?? stackUrn,
            created: CREATED,
            modified: CREATED,
          },
    ),
  ];
  return {
    version: 3,
    deployment: {
      // Property maps are Go maps in the engine: their keys come out sorted.
      manifest: {
        time: CREATED,
        magic: "1c72415da0837d6b54e4fd59aa49d86e7a984759e60a944fc9ff1c8042addcfe",
        version: "v3.248.0",
      },
      secrets_providers: {
        type: "passphrase",
        state: { salt: "v1:nn67HMRLKCU=:v1:5zbIXb1CwXstvWSf:/ZhX/w//vL6fznjp8J844AS2KGE/Bw==" },
      },
      resources: resources.map((resource) => ({
        ...resource,
        ...(resource.inputs ? { inputs: sortedKeys(resource.inputs) } : {}),
        ...(resource.outputs ? { outputs: sortedKeys(resource.outputs) } : {}),
        ...(resource.propertyDependencies
          ? { propertyDependencies: sortedKeys(resource.propertyDependencies) }
          : {}),
      })),
      metadata: {},
    },
  };
}

/** The fields the azuread provider marks secret (schema `secret: true`). */
const SECRET_OUTPUTS: Record<string, string[]> = {
  "azuread:index/applicationPassword:ApplicationPassword": ["value"],
};

function customResource(resource: StateResource, parent: string, providerUrn: string) {
  const secrets = SECRET_OUTPUTS[resource.type] ?? [];
  const plain = (bag: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(bag).map(([name, value]) => [
        name,
        secrets.includes(name) || isPulumiSecret(value) ? ciphertext(name) : value,
      ]),
    );
  return {
    urn: resource.urn,
    custom: true,
    id: resource.id,
    type: resource.type,
    inputs: { __defaults: [], ...plain(resource.inputs) },
    outputs: plain(resource.outputs),
    parent,
    provider: `${providerUrn}::${PROVIDER_ID}`,
    propertyDependencies: Object.fromEntries(
      Object.keys(resource.inputs).map((name) => [name, []]),
    ),
    created: CREATED,
    modified: CREATED,
  };
}

/** A secret as the checkpoint holds it: encrypted (this ciphertext decrypts to nothing). */
function ciphertext(name: string): Record<string, string> {
  return {
    [SECRET_SIG]: SECRET_VALUE,
    ciphertext: `v1:c2VjcmV0:${Buffer.from(name).toString("base64")}`,
  };
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}
