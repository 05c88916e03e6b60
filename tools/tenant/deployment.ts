import {
  ProviderCall,
  ProviderError,
  ResourceModel,
  ResourceState,
} from "./provider/resourceModel";
import { diffInputs } from "./provider/schema";
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

/** What a registration comes to: the step, the resource as it is after it, the fields that changed. */
interface Outcome {
  op: StepOp;
  result: { id: string; state: ResourceState };
  changes: string[];
}

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
 * for deleteBeforeReplace; resources no longer registered are deleted at the end. A resource
 * with an import ID and no prior state is read (an `import` step), then diffed the same way.
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
    let outcome: Outcome;
    if (previous) {
      this.claimed.add(previous.urn);
      outcome = this.reconcile(registration, model, call, inputs, previous);
    } else if (registration.importId) {
      // Pulumi's import option since pulumi/pulumi#19339 ("New eventual state import system",
      // v3.17x; this project's engine is v3.248): read the object, record it as imported, then
      // diff the program's inputs against what was read like any other resource and update or
      // replace it on the spot. It no longer refuses an import whose inputs differ.
      const imported = this.unverifiedImports
        ? model.create(call, inputs)
        : readForImport(registration, model, call, inputs);
      this.record("import", registration, []);
      outcome = this.unverifiedImports
        ? { op: "same", result: imported, changes: [] }
        : this.reconcile(registration, model, call, inputs, {
            ...this.stateOf(registration, imported),
            inputs: {},
          });
    } else {
      outcome = { op: "create", result: model.create(call, inputs), changes: [] };
    }
    // After an import with nothing to change the engine records no second step.
    if (!(registration.importId && !previous && outcome.op === "same")) {
      this.record(outcome.op, registration, outcome.changes);
    }
    this.state.set(registration.urn, { ...this.stateOf(registration, outcome.result), inputs });
    return outcome.result;
  }

  /** Diffs the program's inputs against a prior state: same, update in place, or replace. */
  private reconcile(
    registration: Registration,
    model: ResourceModel,
    call: ProviderCall,
    inputs: ResourceState,
    prior: StateResource,
  ): Outcome {
    const all = diffInputs(model.fields, inputs, prior.outputs);
    const changes = all.map((change) => change.field);
    if (all.length === 0) {
      return { op: "same", result: { id: prior.id, state: prior.outputs }, changes };
    }
    if (all.some((change) => change.replaces) || !model.update) {
      if (registration.deleteBeforeReplace) model.delete(call, prior.id, prior.outputs);
      else this.pendingDeletes.push(prior);
      return { op: "replace", result: model.create(call, inputs), changes };
    }
    const state = model.update(call, prior.id, prior.outputs, inputs);
    return { op: "update", result: { id: prior.id, state }, changes };
  }

  private record(op: StepOp, registration: Registration, changes: string[]): void {
    this.steps.push({
      op,
      urn: registration.urn,
      type: registration.type,
      name: registration.name,
      custom: true,
      changes,
    });
  }

  private stateOf(
    registration: Registration,
    result: { id: string; state: ResourceState },
  ): StateResource {
    return {
      urn: registration.urn,
      type: registration.type,
      name: registration.name,
      custom: true,
      id: result.id,
      inputs: {},
      outputs: result.state,
    };
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
 * The `import` resource option's read: the provider's importer must accept the ID and the object
 * must exist ("Preview failed: resource '<id>' does not exist" otherwise).
 */
function readForImport(
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
  return { id, state };
}
