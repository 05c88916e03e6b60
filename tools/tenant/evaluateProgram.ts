import * as pulumi from "@pulumi/pulumi";
import { MockOptions, installMocks } from "./registration";
import { SimulatedTenant } from "./simulatedTenant";
import { skipUnreadStacks } from "./unreadStacks";

/** A stack output after evaluation: its plain value and whether Pulumi keeps it secret. */
export interface EvaluatedOutput {
  value: unknown;
  secret: boolean;
}

export interface Evaluation<T> {
  /** What the program returned (Outputs and all). */
  outputs: T;
  /** Each top-level stack output resolved, with its secrecy. */
  resolved: Record<string, EvaluatedOutput>;
}

/**
 * Runs a Pulumi program against a simulated tenant through Pulumi's mock runtime and waits until
 * every resource is registered. `loadProgram` must import the program itself (dynamic import), so
 * the import happens after the mocks are installed. `options` go to installMocks.
 */
export async function evaluateProgram<T extends Record<string, unknown>>(
  tenant: SimulatedTenant,
  loadProgram: () => Promise<() => Promise<T>>,
  stack = "dev",
  options: MockOptions = {},
): Promise<Evaluation<T>> {
  skipUnreadStacks();
  await installMocks(tenant, "entra-graph-apps", stack, options);
  tenant.recordRefusals = true;
  // Under mocks a refused registration surfaces as an unhandled rejection; collect them so the
  // evaluation fails with the tenant's reasons instead of crashing the process.
  const refusals: unknown[] = [];
  const collect = (reason: unknown) => void refusals.push(reason);
  process.on("unhandledRejection", collect);
  let failure: unknown;
  try {
    const program = await loadProgram();
    const outputs = await program();
    const resolved: Record<string, EvaluatedOutput> = {};
    for (const [name, output] of Object.entries(outputs)) {
      const wrapped = pulumi.output(output as pulumi.Input<unknown>);
      resolved[name] = { value: await valueOf(wrapped), secret: await pulumi.isSecret(wrapped) };
    }
    await settle();
    refusals.push(...tenant.refusals);
    if (refusals.length === 0) {
      tenant.finishRun();
      return { outputs, resolved };
    }
  } catch (error) {
    failure = error;
    // A refused registration rejects every output that depends on it: let them all arrive
    // (and be collected) before the listener goes, so none escapes as an unhandled rejection.
    await settle();
    refusals.push(...tenant.refusals);
  } finally {
    process.off("unhandledRejection", collect);
    tenant.recordRefusals = false;
  }
  if (
    failure instanceof Error &&
    refusals.length === 0 &&
    !/failed to register/.test(failure.message)
  ) {
    throw failure;
  }
  throw refusalError(failure === undefined ? refusals : [failure, ...refusals]);
}

/** Waits for outstanding registrations, then for rejections reported after the current turn. */
async function settle(): Promise<void> {
  await waitForRegistrations().catch(() => undefined);
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** The simulated tenant refused a resource, as Entra would have during `pulumi up`. */
export class TenantRefusedError extends Error {}

function refusalError(reasons: unknown[]): TenantRefusedError {
  const messages = [
    ...new Set(
      reasons.map((reason) => (reason instanceof Error ? reason.message : String(reason))),
    ),
  ];
  return new TenantRefusedError(
    `the tenant refused ${messages.length === 1 ? "a resource" : "resources"}:\n${messages.map((m) => `  - ${m}`).join("\n")}`,
  );
}

/**
 * The plain value of an Output (mocks run without preview, so every value is known). Rejects when
 * a resource it depends on failed to register, where `apply` would never call back.
 */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  // `promise()` is internal to the SDK but is the one way to observe a failed registration.
  return (output as unknown as { promise: () => Promise<T> }).promise();
}

/** Waits for Pulumi's queue of outstanding resource registrations to drain. */
async function waitForRegistrations(): Promise<void> {
  // Not in the public typings, but exported by the runtime and what `disconnect` uses.
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (runtime.waitForRPCs) await runtime.waitForRPCs();
}
