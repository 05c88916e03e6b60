import { skipUnreadPromiseStacks } from "../../program/promiseStacks";

const RESOURCE_JS = /[\\/]@pulumi[\\/]pulumi[\\/]resource\.js$/;
let callsitesSkipped = false;

/**
 * In-process evaluations (plan, review) format no stack that nothing reads: Pulumi's
 * per-promise stacks (as index.ts does, program/promiseStacks.ts) and each resource's
 * `Resource.callsites` stack (@pulumi/pulumi resource.js), which only the engine reads for source
 * positions and the mock monitor ignores. Source-mapping every frame of those stacks was most of
 * a large plan's time. Formatted as an empty stack, as under Jest
 * (tests/support/pulumiPromiseStacks.ts); every other stack is formatted as before.
 */
export function skipUnreadStacks(): void {
  skipUnreadPromiseStacks();
  const format = Error.prepareStackTrace;
  if (callsitesSkipped || !format) return;
  callsitesSkipped = true;
  Error.prepareStackTrace = (error, frames) =>
    frames.length > 0 &&
    frames[0].getFunctionName() === "callsites" &&
    RESOURCE_JS.test(frames[0].getFileName() ?? "")
      ? "Error"
      : format(error, frames);
}
