import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { offlineCatalogs } from "../../../program/permissions/catalog";
import { evaluateProgram } from "../../tenant/evaluateProgram";
import { UrnBook } from "../../tenant/registration";
import { isPulumiSecret } from "../../tenant/secretValues";
import { RecordedResource, SimulatedTenant, TYPES } from "../../tenant/simulatedTenant";
import { appKeyOf } from "../plan/planStack";

/*
 * What one side of a review would deploy: the trusted program run on that side's config map, in
 * process, on a fresh simulated tenant (as `plan` runs it, tools/commands/plan/planStack.ts).
 */

/** An input value that names another object: a resource of this run, or a resource API. */
export interface Reference {
  ref: string;
}

/** A custom resource the program registered, with its inputs as `pulumi up` would send them. */
export interface DeployedResource {
  type: string;
  /** The resource's name, the last part of its URN. */
  name: string;
  urn: string;
  /** URNs the engine would also find it under in the previous state (its and its parent's aliases). */
  aliasUrns: string[];
  /** The app (its GraphApp component's name) the resource belongs to, when it belongs to one. */
  appKey?: string;
  /**
   * The exact inputs, except: a secret is the string SECRET_INPUT (never its value), and an ID of
   * another resource of the run (or of a resource API's service principal) is a Reference to it,
   * so two runs that number their objects differently compare equal.
   */
  inputs: Record<string, unknown>;
}

export interface DeployedStack {
  stack: string;
  resources: DeployedResource[];
  /** App key → its Exchange scope script (the `exchangeScopeScript` output), when it has one. */
  exchangeScripts: Record<string, string>;
}

/** What a secret input compares and prints as: its value is never read. */
export const SECRET_INPUT = "[secret]";

/** The deployment of a stack that does not exist, or of a side that had no stack file. */
export function nothingDeployed(stack: string): DeployedStack {
  return { stack, resources: [], exchangeScripts: {} };
}

/**
 * Runs the program on `config`, the map `pulumi up` hands it ("entra-graph-apps:apps" → JSON
 * text, "azuread:tenantId" → text), as of `now`, and returns every custom resource it registers.
 * Throws the program's own refusal (StackConfigError, ConfigProblemsError) or the tenant's
 * (TenantRefusedError) when it would not deploy.
 */
export async function deployedResources(
  config: Record<string, string>,
  stack: string,
  now: Date,
): Promise<DeployedStack> {
  // The program is deterministic in its config and clock: the same run gives the same answer
  // (review in several formats, or `--all-stacks` with equal sides, runs it once).
  const key = createHash("sha256")
    .update(JSON.stringify([stack, now.toISOString(), Object.entries(config).sort()]))
    .digest("hex");
  const known = recentRuns.get(key);
  if (known) return known;
  const deployed = await runProgram(config, stack, now);
  recentRuns.set(key, deployed);
  if (recentRuns.size > RECENT_RUNS) recentRuns.delete(recentRuns.keys().next().value!);
  return deployed;
}

/** The last few deployments computed, by a hash of their inputs (never mutated once made). */
const recentRuns = new Map<string, DeployedStack>();
const RECENT_RUNS = 8;

async function runProgram(
  config: Record<string, string>,
  stack: string,
  now: Date,
): Promise<DeployedStack> {
  const tenant = new AliasRecordingTenant(stack, config["azuread:tenantId"], now);
  // As planStack: the whole map is the run's config, replacing the previous run's.
  pulumi.runtime.setAllConfig(config);
  const evaluation = await evaluateProgram(
    tenant,
    async () => {
      const { entraGraphApps } = await import("../../../program/entraGraphApps");
      const { readStackConfig } = await import("../../../program/readStackConfig");
      return () =>
        entraGraphApps(readStackConfig(), now) as unknown as Promise<Record<string, unknown>>;
    },
    stack,
  );
  const references = referenceTable(tenant);
  const byUrn = new Map(tenant.resources.map((resource) => [resource.urn, resource]));
  const resources = tenant.resources
    .filter((resource) => resource.custom)
    .map((resource) => {
      const appKey = appKeyOf(resource, byUrn);
      return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        aliasUrns: tenant.aliasUrns.get(resource.urn) ?? [],
        ...(appKey === undefined ? {} : { appKey }),
        inputs: withReferences(publicInputs(resource), references) as Record<string, unknown>,
      };
    });
  const apps = (evaluation.resolved.apps?.value ?? {}) as Record<
    string,
    { exchangeScopeScript?: string }
  >;
  const exchangeScripts = Object.fromEntries(
    Object.entries(apps)
      .filter(([, app]) => typeof app.exchangeScopeScript === "string")
      .map(([key, app]) => [key, app.exchangeScopeScript!]),
  );
  return { stack, resources, exchangeScripts };
}

/**
 * A fresh tenant that also keeps each registration's alias URNs, computed as the engine does
 * (tools/tenant/registration.ts UrnBook: a resource's own aliases and those inherited from its
 * parent's, Pulumi's inheritedChildAlias).
 */
class AliasRecordingTenant extends SimulatedTenant {
  readonly aliasUrns = new Map<string, string[]>();
  private readonly book: UrnBook;

  constructor(stack: string, tenantId: string | undefined, now: Date) {
    // As planStack (no export bundle): resources with an import ID are created, not read.
    super({ tenantId, now, apis: [...offlineCatalogs().values()], unverifiedImports: true });
    // URNs under the stack's name, as the mock monitor (set up for `stack`) names parents.
    this.nextRun({ stack });
    this.book = new UrnBook("entra-graph-apps", stack);
  }

  override announce(request: Parameters<SimulatedTenant["announce"]>[0]): void {
    super.announce(request);
    const registration = this.book.register(request);
    this.aliasUrns.set(registration.urn, registration.aliasUrns);
  }
}

/** The IDs a resource is referred to by (Application.id in credentials, ServicePrincipal.objectId in grants, ...). */
const REFERENCED_FIELDS = ["id", "objectId", "clientId"] as const;

/** ID → what it names: `<urn>#<field>` for a resource of the run, `api:<appId>` for a resource API. */
function referenceTable(tenant: SimulatedTenant): Map<string, string> {
  const table = new Map<string, string>();
  for (const api of offlineCatalogs().values()) {
    const objectId = tenant.servicePrincipalObjectId(api.appId);
    if (objectId) table.set(objectId, `api:${api.appId}`);
  }
  for (const resource of tenant.resources.filter((r: RecordedResource) => r.custom)) {
    const fields: Record<string, unknown> = { ...resource.state, id: resource.id };
    for (const field of REFERENCED_FIELDS) {
      const value = fields[field];
      if (typeof value === "string" && value.length > 0 && !table.has(value))
        table.set(value, `${resource.urn}#${field}`);
    }
  }
  return table;
}

/**
 * A certificate credential's `value` is the public certificate, which the stack file holds in
 * clear; the provider marks it sensitive, so it arrives as a secret. It is compared (by key) and
 * named by thumbprint; every other secret stays SECRET_INPUT.
 */
function publicInputs(resource: RecordedResource): Record<string, unknown> {
  const value: unknown = resource.inputs.value;
  if (resource.type !== TYPES.applicationCertificate || !isPulumiSecret(value))
    return resource.inputs;
  return { ...resource.inputs, value: value.value };
}

function withReferences(value: unknown, references: Map<string, string>): unknown {
  if (isPulumiSecret(value)) return SECRET_INPUT;
  if (typeof value === "string") {
    const ref = references.get(value);
    return ref === undefined ? value : ({ ref } satisfies Reference);
  }
  if (Array.isArray(value)) return value.map((item) => withReferences(item, references));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withReferences(item, references)]),
    );
  }
  return value;
}

export function isReference(value: unknown): value is Reference {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as Reference).ref === "string"
  );
}
