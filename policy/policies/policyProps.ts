import * as policyRuntime from "@pulumi/policy";
import { RequiredResourceAccess } from "../../program/guardrails/rules";

/*
 * Reading resource properties through the policy runtime, shared by the policies.
 */

/**
 * The error the policy runtime's props proxy throws on reading a value unknown during preview.
 * It is the pack's own copy of @pulumi/policy's class (the one its server wraps props with), so
 * `instanceof` holds; the package's typings leave it out, hence the cast.
 */
const UnknownValueError = (policyRuntime as unknown as { UnknownValueError: new () => Error })
  .UnknownValueError;

/** A value the policy runtime cannot know yet (preview: an output of a resource not yet created). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/**
 * Reads through the policy runtime's props proxy, which throws UnknownValueError on any unknown
 * value: returns UNKNOWN instead. Any other error is a bug and propagates.
 */
export function known<T>(read: () => T): T | typeof UNKNOWN {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return UNKNOWN;
    throw error;
  }
}

// Policy props are Record<string, any> in @pulumi/policy's own types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function accessesOf(props: Record<string, any>): RequiredResourceAccess[] {
  return props.requiredResourceAccesses ?? [];
}
