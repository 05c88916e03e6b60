import type { Directory } from "../directory/directory";
import { GraphError, providerErrorText } from "../directory/graphError";
import { FieldSpec } from "./schema";

/** One provider call: the tenant it acts on and the Pulumi name of the resource. */
export interface ProviderCall {
  directory: Directory;
  /** Pulumi resource name: the hint behind deterministic IDs, and named in errors. */
  name: string;
}

export type ResourceState = Record<string, unknown>;

/**
 * The azuread provider's handling of one resource type, modelled on terraform-provider-azuread
 * v3.8.0: its schema (checked at preview), and Create / Read / Update / Delete turned into Graph
 * calls on the directory, with state as Read sets it from Graph's answer.
 */
export interface ResourceModel {
  type: string;
  /** The provider file this model follows (at tag v3.8.0). */
  source: string;
  fields: FieldSpec[];
  /** Checks beyond the per-field schema (e.g. a CustomizeDiff). */
  check?(inputs: ResourceState): string[];
  create(call: ProviderCall, inputs: ResourceState): { id: string; state: ResourceState };
  /** State from the live object; undefined when it is gone. `prior` keeps what Graph never returns. */
  read(call: ProviderCall, id: string, prior?: ResourceState): ResourceState | undefined;
  /** In-place update; absent when every field forces replacement. */
  update?(
    call: ProviderCall,
    id: string,
    prior: ResourceState,
    inputs: ResourceState,
  ): ResourceState;
  delete(call: ProviderCall, id: string, prior: ResourceState): void;
  /** The problem with an import ID, or undefined when the provider's parser accepts it. */
  importIdProblem?(id: string): string | undefined;
}

/** A provider failure as `pulumi up` reports it. */
export class ProviderError extends Error {
  constructor(
    readonly resourceType: string,
    readonly resourceName: string,
    readonly detail: string,
    readonly graph?: GraphError,
  ) {
    super(`${resourceType} ${resourceName}: ${detail}`);
    this.name = "ProviderError";
  }
}

/** Runs Graph calls for a provider step, turning Graph's refusal into the provider's message. */
export function graphStep<T>(type: string, name: string, action: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof GraphError) {
      throw new ProviderError(type, name, `${action}: ${providerErrorText(error)}`, error);
    }
    throw error;
  }
}

/** Lower-case strings: how the provider stores IDs it reads back from Graph. */
export function lower(values: unknown): string[] {
  return ((values as string[] | undefined) ?? []).map((value) => String(value).toLowerCase());
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
