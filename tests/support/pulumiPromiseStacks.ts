// Runs after Jest installs source-map-support in each test file's context.
//
// It takes the step index.ts takes under `pulumi up` (program/promiseStacks.ts): the SDK's
// per-promise stacks are not source-mapped under Jest either, unless PULUMI_DEBUG_PROMISE_LEAKS
// is set.
//
// And one under Jest only: Pulumi's Resource constructor reads `new Error().stack` with no frame
// limit (Resource.callsites in @pulumi/pulumi's resource.js) to send each resource's source
// position and stack to the engine. Pulumi's mock monitor ignores both, and mapping every frame
// of every resource's stack through source maps took about 1 s of Jest's CPU. That stack is
// formatted as an empty one here, so under Jest resources carry no source position. Under
// `pulumi up` the engine receives them as always: index.ts does not take this step.
import { skipUnreadPromiseStacks } from "../../program/promiseStacks";

const RESOURCE_JS = /[\\/]@pulumi[\\/]pulumi[\\/]resource\.js$/;
const format = Error.prepareStackTrace;
if (format) {
  Error.prepareStackTrace = (error, frames) =>
    frames.length > 0 &&
    frames[0].getFunctionName() === "callsites" &&
    RESOURCE_JS.test(frames[0].getFileName() ?? "")
      ? "Error"
      : format(error, frames);
}

// Last, so that index.ts's step wraps the rest, as it wraps source-map-support under `pulumi up`.
skipUnreadPromiseStacks();
