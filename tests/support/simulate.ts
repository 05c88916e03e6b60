import { RawStackConfig } from "../../program/config/validateStackConfig";
import { StackOutputs } from "../../program/stackOutputs";
import { evaluateProgram } from "../../tools/tenant/evaluateProgram";
import { SimulatedTenant, SimulatedTenantOptions } from "../../tools/tenant/simulatedTenant";

/** The day most tests run on. */
export const TODAY = new Date("2026-11-22T09:30:00Z");

/** Runs the real program on `raw` config against a fresh simulated tenant. */
export async function runProgram(
  raw: RawStackConfig,
  now: Date = TODAY,
  options: SimulatedTenantOptions = {},
) {
  const tenant = new SimulatedTenant({ now, ...options });
  const evaluation = await evaluateProgram(tenant, async () => {
    const { entraGraphApps } = await import("../../program/entraGraphApps");
    return () =>
      entraGraphApps(raw, now) as unknown as Promise<StackOutputs & Record<string, unknown>>;
  });
  return { tenant, ...evaluation };
}

/**
 * Runs the program again on a tenant that already ran it: a later `pulumi up` (another day,
 * another config), classified against the state the last run left (`tenant.steps`).
 */
export async function runAgain(tenant: SimulatedTenant, raw: RawStackConfig, now: Date = TODAY) {
  tenant.nextRun({ now });
  const evaluation = await evaluateProgram(tenant, async () => {
    const { entraGraphApps } = await import("../../program/entraGraphApps");
    return () =>
      entraGraphApps(raw, now) as unknown as Promise<StackOutputs & Record<string, unknown>>;
  });
  return { tenant, ...evaluation };
}

/** What a run did to custom resources other than leaving them alone: `replace ApplicationPassword a-secret-b`. */
export function changesOf(tenant: SimulatedTenant): string[] {
  return tenant.steps
    .filter((step) => step.custom && step.op !== "same")
    .map((step) => `${step.op} ${step.type.split(":").pop()} ${step.name}`);
}

/** Runs the program expecting it to refuse the config; returns the error and the tenant. */
export async function runProgramExpectingError(
  raw: RawStackConfig,
  now: Date = TODAY,
  options: SimulatedTenantOptions = {},
) {
  const tenant = new SimulatedTenant({ now, ...options });
  try {
    await evaluateProgram(tenant, async () => {
      const { entraGraphApps } = await import("../../program/entraGraphApps");
      return () =>
        entraGraphApps(raw, now) as unknown as Promise<StackOutputs & Record<string, unknown>>;
    });
  } catch (error) {
    return { error: error as Error, tenant };
  }
  throw new Error("expected the program to fail, but it succeeded");
}

/** One app with Graph application permissions, the rest defaulted. */
export function oneApp(key: string, settings: Record<string, unknown>): RawStackConfig {
  return { apps: { [key]: settings } };
}
