/**
 * Leaves unformatted the stack Pulumi's SDK captures for every promise it makes, while nothing
 * will read it.
 *
 * @pulumi/pulumi's runtime/debuggable.js stores `new Error().stack` on each of its promises and
 * reads it only to print leaked promises when PULUMI_DEBUG_PROMISE_LEAKS is set. Under
 * `pulumi up` the stack formatter is source-map-support's (installed by Pulumi's host and
 * ts-node), which maps every frame of every such stack through the program's source maps: most of
 * the CPU time of evaluating a large stack. With the variable unset those stacks become a fixed
 * note; every other stack, and all of them with the variable set, are formatted as before.
 */
const DEBUGGABLE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;
export const UNREAD_PROMISE_STACK =
  "(promise stack not formatted: set PULUMI_DEBUG_PROMISE_LEAKS to keep it)";
const installed = Symbol.for("entra-graph-apps.promiseStacks");

type PrepareStackTrace = NonNullable<ErrorConstructor["prepareStackTrace"]>;

/**
 * Wraps the current `Error.prepareStackTrace` once; returns whether it did. `debugPromiseLeaks`
 * is the SDK's own test (runtime/debuggable.js): the variable set to anything non-empty.
 */
export function skipUnreadPromiseStacks(
  debugPromiseLeaks = !!process.env.PULUMI_DEBUG_PROMISE_LEAKS,
): boolean {
  const current = Error.prepareStackTrace;
  if (debugPromiseLeaks || typeof current !== "function") return false;
  if ((current as unknown as Record<symbol, boolean>)[installed]) return false;
  const wrapped: PrepareStackTrace = (error, frames) =>
    frames.length > 0 && DEBUGGABLE.test(frames[0].getFileName() ?? "")
      ? UNREAD_PROMISE_STACK
      : current(error, frames);
  Object.defineProperty(wrapped, installed, { value: true });
  Error.prepareStackTrace = wrapped;
  return true;
}
