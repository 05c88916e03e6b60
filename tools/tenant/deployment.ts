import {
  ProviderCall,
  ProviderError,
  ResourceModel,
  ResourceState,
} from "./provider/resourceModel";
import { Change, diffInputs } from "./provider/schema";
import { Registration } from "./registration";

/** One resource in a stack's state after a run, as `pulumi stack export` would hold it. */
export interface StateResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  id: string;
  inputs: ResourceState;
  outputs: ResourceState;
}

/** What the engine did with a resource in a run. */
export type StepOp = "create" | "same" | "update" | "replace" | "delete" | "import";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** False for component resources, which hold no object in the tenant. */
  custom: boolean;
  /** Fields whose change caused an update or replacement. */
  changes: string[];
}

/**
 * One `pulumi up` against the prior state: each registration is matched to its prior resource by
 * URN, then by alias (the engine's order), diffed with the provider's rules and turned into a
 * step. Replacements create first and delete the old object at the end, unless the resource asks
 * for deleteBeforeReplace; resources no longer registered are deleted at the end.
 */
export class Deployment {
  readonly steps: Step[] = [];
  readonly state = new Map<string, StateResource>();
  private readonly prior: Map<string, StateResource>;
  private readonly claimed = new Set<string>();
  private readonly pendingDeletes: StateResource[] = [];

  /**
   * `unverifiedImports`: a resource with an import ID is created and reported as imported, for
   * an offline plan of an adopted stack without the objects it takes over (nothing to check).
   */
  constructor(
    prior: StateResource[],
    private readonly unverifiedImports = false,
  ) {
    this.prior = new Map(prior.map((resource) => [resource.urn, resource]));
  }

  registerComponent(registration: Registration): void {
    const previous = this.match(registration);
    if (previous) this.claimed.add(previous.urn);
    this.state.set(registration.urn, {
      urn: registration.urn,
      type: registration.type,
      name: registration.name,
      custom: false,
      id: "",
      inputs: {},
      outputs: {},
    });
  }

  registerCustom(
    registration: Registration,
    model: ResourceModel,
    call: ProviderCall,
    inputs: ResourceState,
  ): { id: string; state: ResourceState } {
    const previous = this.match(registration);
    let result: { id: string; state: ResourceState };
    let op: StepOp;
    let changes: Change[] = [];
    if (previous) {
      this.claimed.add(previous.urn);
      changes = diffInputs(model.fields, inputs, previous.outputs);
      if (changes.length === 0) {
        op = "same";
        result = { id: previous.id, state: previous.outputs };
      } else if (changes.some((change) => change.replaces) || !model.update) {
        op = "replace";
        if (registration.deleteBeforeReplace) model.delete(call, previous.id, previous.outputs);
        else this.pendingDeletes.push(previous);
        result = model.create(call, inputs);
      } else {
        op = "update";
        result = {
          id: previous.id,
          state: model.update(call, previous.id, previous.outputs, inputs),
        };
      }
    } else if (registration.importId) {
      op = "import";
      result = this.unverifiedImports
        ? model.create(call, inputs)
        : importExisting(registration, model, call, inputs);
    } else {
      op = "create";
      result = model.create(call, inputs);
    }
    this.steps.push({
      op,
      urn: registration.urn,
      type: registration.type,
      name: registration.name,
      custom: true,
      changes: changes.map((change) => change.field),
    });
    this.state.set(registration.urn, {
      urn: registration.urn,
      type: registration.type,
      name: registration.name,
      custom: true,
      id: result.id,
      inputs,
      outputs: result.state,
    });
    return result;
  }

  /** Deletes replaced objects and resources no longer in the program, newest first. */
  finish(models: ReadonlyMap<string, ResourceModel>, call: (name: string) => ProviderCall): void {
    const gone = [...this.prior.values()].filter((resource) => !this.claimed.has(resource.urn));
    for (const resource of [...this.pendingDeletes, ...gone.reverse()]) {
      if (resource.custom) {
        models.get(resource.type)!.delete(call(resource.name), resource.id, resource.outputs);
      }
      if (!this.pendingDeletes.includes(resource)) {
        this.steps.push({
          op: "delete",
          urn: resource.urn,
          type: resource.type,
          name: resource.name,
          custom: resource.custom,
          changes: [],
        });
      }
    }
  }

  private match(registration: Registration): StateResource | undefined {
    const own = this.prior.get(registration.urn);
    if (own && !this.claimed.has(own.urn)) return own;
    for (const alias of registration.aliasUrns) {
      const aliased = this.prior.get(alias);
      if (aliased && !this.claimed.has(aliased.urn)) return aliased;
    }
    return undefined;
  }
}

/**
 * The `import` resource option: the object must exist, and the program's inputs must reproduce
 * it, or the engine refuses ("inputs to import do not match the existing resource").
 */
function importExisting(
  registration: Registration,
  model: ResourceModel,
  call: ProviderCall,
  inputs: ResourceState,
): { id: string; state: ResourceState } {
  const id = registration.importId!;
  if (!model.importIdProblem) {
    throw new ProviderError(model.type, registration.name, "resource does not support import");
  }
  const problem = model.importIdProblem(id);
  if (problem) throw new ProviderError(model.type, registration.name, problem);
  const state = model.read(call, id, inputs);
  if (!state) {
    throw new ProviderError(
      model.type,
      registration.name,
      `Preview failed: resource '${id}' does not exist`,
    );
  }
  const changes = diffInputs(model.fields, inputs, state);
  if (changes.length > 0) {
    throw new ProviderError(
      model.type,
      registration.name,
      `inputs to import do not match the existing resource; importing this resource will fail (differs: ${changes.map((c) => c.field).join(", ")})`,
    );
  }
  return { id, state };
}
