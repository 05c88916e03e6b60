// @pulumi/pulumi captures `new Error().stack` for every promise it makes (runtime/debuggable.js),
// kept only to print when PULUMI_DEBUG_PROMISE_LEAKS is set. Under Jest, whose source-map-support
// maps every frame of every stack, that capture was about 40% of a program run's CPU time. Unless
// the variable is set, those stacks are left unformatted; every other stack is mapped as before.
"use strict";

const mapped = Error.prepareStackTrace;
const DEBUGGABLE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS && typeof mapped === "function") {
  Error.prepareStackTrace = (error, frames) =>
    frames.length > 0 && DEBUGGABLE.test(frames[0].getFileName() ?? "")
      ? "(not formatted under Jest: set PULUMI_DEBUG_PROMISE_LEAKS to keep promise stacks)"
      : mapped(error, frames);
}
