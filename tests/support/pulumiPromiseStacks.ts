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
import { skipUnreadStacks } from "../../tools/tenant/unreadStacks";

// The same step plan and review take for their in-process evaluations.
skipUnreadStacks();
