import { isPulumiSecret } from "../../tenant/simulatedTenant";
import { PlanResult } from "./planStack";

/**
 * The plan as JSON-ready data with every secret replaced by "[secret]": secret stack outputs, and
 * secret resource inputs (a Key Vault copy carries the client secret). Resource state is left out:
 * it holds the provider's computed values, secrets included.
 */
export function planJson(plan: PlanResult): unknown {
  return {
    ...plan,
    apps: plan.apps.map((app) => ({
      ...app,
      resources: app.resources.map((resource) => ({
        type: resource.type,
        name: resource.name,
        id: resource.id,
        inputs: maskSecretValues(resource.inputs),
      })),
    })),
    outputs: Object.fromEntries(
      Object.entries(plan.outputs).map(([name, output]) => [
        name,
        output.secret ? "[secret]" : output.value,
      ]),
    ),
  };
}

function maskSecretValues(value: unknown): unknown {
  if (isPulumiSecret(value)) return "[secret]";
  if (Array.isArray(value)) return value.map(maskSecretValues);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, maskSecretValues(inner)]),
    );
  }
  return value;
}
