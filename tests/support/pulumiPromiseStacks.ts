// Runs after Jest installs source-map-support in each test file's context: the step index.ts
// takes under `pulumi up` (program/promiseStacks.ts), so the SDK's per-promise stacks are not
// source-mapped under Jest either unless PULUMI_DEBUG_PROMISE_LEAKS is set.
import { skipUnreadPromiseStacks } from "../../program/promiseStacks";

skipUnreadPromiseStacks();
