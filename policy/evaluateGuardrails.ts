import type {
  EnforcementLevel,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { guardrailPolicies } from "./guardrailPolicies";

/** A resource as a plan knows it: its inputs (what preview checks) and its state after `up`. */
export interface PlannedResource {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
}

/** Per-policy config as `--policy-pack-config` gives it: settings plus `enforcementLevel`. */
export type PolicyPackConfig = Record<
  string,
  Record<string, unknown> & { enforcementLevel?: string }
>;

export interface GuardrailVerdict {
  policy: string;
  level: "mandatory" | "advisory";
  message: string;
  /** The resource a resource policy reported on (absent for a stack policy's verdict). */
  urn?: string;
}

/**
 * The guardrail policies evaluated the way `pulumi preview --policy-pack` would, without starting
 * the policy engine: each resource policy on each resource's inputs, the stack policy on the
 * resources' state. Config levels apply (`disabled` skips a policy).
 */
export async function evaluateGuardrails(
  resources: PlannedResource[],
  config: PolicyPackConfig,
  now: Date,
): Promise<GuardrailVerdict[]> {
  const verdicts: GuardrailVerdict[] = [];
  for (const policy of guardrailPolicies(() => now)) {
    const settings = config[policy.name] ?? {};
    const level = (settings.enforcementLevel ?? policy.enforcementLevel) as EnforcementLevel;
    if (level === "disabled") continue;
    const report = (message: string, urn?: string) =>
      void verdicts.push({
        policy: policy.name,
        level: level === "advisory" ? "advisory" : "mandatory",
        message,
        ...(urn === undefined ? {} : { urn }),
      });
    if ("validateResource" in policy && policy.validateResource) {
      const validators = ([] as unknown[]).concat(policy.validateResource) as NonNullable<
        ResourceValidationPolicy["validateResource"]
      >[];
      for (const resource of resources) {
        for (const validate of validators as ((
          args: ResourceValidationArgs,
          report: (message: string) => void,
        ) => void | Promise<void>)[]) {
          await validate(resourceArgs(resource, settings), (message) =>
            report(message, resource.urn),
          );
        }
      }
    }
    const stackPolicy = policy as StackValidationPolicy;
    if (stackPolicy.validateStack) {
      await stackPolicy.validateStack(stackArgs(resources, settings), (message) => report(message));
    }
  }
  return verdicts;
}

function resourceArgs(resource: PlannedResource, config: object): ResourceValidationArgs {
  const props = unwrapSecrets(resource.inputs) as Record<string, unknown>;
  return resourceValidationArgs({ ...resource, props }, config);
}

/** What the policy runtime hands a resource policy, for one resource outside a Pulumi run. */
export function resourceValidationArgs(
  resource: { type: string; name: string; urn: string; props: Record<string, unknown> },
  config: object,
): ResourceValidationArgs {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: resource.props,
    opts: {} as ResourceValidationArgs["opts"],
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as ResourceValidationArgs;
}

function stackArgs(resources: PlannedResource[], config: object): StackValidationArgs {
  const policyResources = resources.map(
    (resource) =>
      ({
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: unwrapSecrets(resource.state),
        opts: {} as PolicyResource["opts"],
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
      }) as unknown as PolicyResource,
  );
  return {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as StackValidationArgs;
}

/** Pulumi's wire form of a secret: the policy engine hands policies the plain value. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (SECRET_SIGNATURE in record) return unwrapSecrets(record.value);
  return Object.fromEntries(
    Object.entries(record).map(([key, inner]) => [key, unwrapSecrets(inner)]),
  );
}
