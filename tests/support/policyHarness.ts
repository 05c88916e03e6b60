// Calls the guardrail policies the way the policy engine calls them, with hand-built args.
// The PolicyPack itself is never constructed here: that starts a gRPC server.
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { resourceValidationArgs } from "../../policy/evaluateGuardrails";
import { guardrailPolicies } from "../../policy/guardrailPolicies";

export const NOW = new Date("2026-11-22T00:00:00Z");
export const GRAPH = "00000003-0000-0000-c000-000000000000";
export const ROLE = {
  mailSend: "b633e1c5-b582-4048-a93e-9f11b44c7e96",
  roleManagement: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
  applicationReadWriteAll: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
};

export const policies = guardrailPolicies(() => NOW);
export const policy = (name: string) => policies.find((p) => p.name === name)!;

export function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
): ResourceValidationArgs {
  const urn = `urn:pulumi:test::entra-graph-apps::${type}::${name}`;
  return resourceValidationArgs({ type, name, urn, props }, config);
}

/** The violations a resource policy reports for one resource. */
export async function violations(
  policyName: string,
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
) {
  const found: string[] = [];
  const validate = (policy(policyName) as ResourceValidationPolicy).validateResource;
  for (const fn of Array.isArray(validate) ? validate : [validate!]) {
    await fn(resourceArgs(type, name, props, config), (message) => found.push(message));
  }
  return found;
}

export const graphApp = (roleIds: string[], extra: Record<string, unknown> = {}) => ({
  displayName: "App",
  owners: ["3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091"],
  requiredResourceAccesses: [
    { resourceAppId: GRAPH, resourceAccesses: roleIds.map((id) => ({ id, type: "Role" })) },
  ],
  ...extra,
});

export function policyResource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
  return {
    type,
    name,
    props,
    urn: `urn:${type}::${name}`,
    opts: {} as PolicyResource["opts"],
    dependencies: [],
    propertyDependencies,
    isType: () => false,
    asType: () => undefined,
  } as PolicyResource;
}

export async function stackViolations(resources: PolicyResource[]) {
  const found: { message: string; urn?: string }[] = [];
  const args = {
    resources,
    stackTags: new Map(),
    getConfig: () => ({}),
    notApplicable: () => {
      throw new Error();
    },
  } as unknown as StackValidationArgs;
  await (policy("graph-consent-matches-declaration") as StackValidationPolicy).validateStack!(
    args,
    (message, urn) => found.push({ message, urn }),
  );
  return found;
}
