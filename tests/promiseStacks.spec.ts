// index.ts's first step (program/promiseStacks.ts), here as Jest's setup file already took it.
import { UNREAD_PROMISE_STACK, skipUnreadPromiseStacks } from "../program/promiseStacks";

// The SDK's own promise wrapper: it stores `new Error().stack` on each promise it makes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T> & { _debugStackTrace?: string };
};

describe("the SDK's per-promise stacks", () => {
  it("are left as a fixed note, while every other stack is still formatted and source-mapped", async () => {
    const promise = Promise.resolve("value");
    const wrapped = debuggablePromise(promise, "a lookup");
    await wrapped;
    expect((promise as { _debugStackTrace?: string })._debugStackTrace).toBe(UNREAD_PROMISE_STACK);
    const own = new Error("mine").stack!;
    expect(own).toMatch(/^Error: mine\n +at .*promiseStacks\.spec\.ts:\d+:\d+/);
  });

  it("are wrapped once, and not at all when PULUMI_DEBUG_PROMISE_LEAKS asks for them", () => {
    const before = Error.prepareStackTrace;
    expect(skipUnreadPromiseStacks()).toBe(false); // Jest's setup file took the step already
    expect(skipUnreadPromiseStacks(true)).toBe(false);
    expect(Error.prepareStackTrace).toBe(before);
  });

  it("keep the formatter in place when there is none to wrap (plain node without source maps)", () => {
    const before = Error.prepareStackTrace;
    try {
      delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
      expect(skipUnreadPromiseStacks()).toBe(false);
      expect(Error.prepareStackTrace).toBeUndefined();
    } finally {
      Error.prepareStackTrace = before;
    }
  });

  it("wraps a formatter, which then keeps formatting every stack that is not the SDK's", () => {
    const before = Error.prepareStackTrace;
    try {
      Error.prepareStackTrace = (error, frames) => `formatted ${frames.length > 0}`;
      expect(skipUnreadPromiseStacks()).toBe(true);
      expect(new Error("x").stack).toBe("formatted true");
      const promise = Promise.resolve(1);
      void debuggablePromise(promise, "x");
      expect((promise as { _debugStackTrace?: string })._debugStackTrace).toBe(
        UNREAD_PROMISE_STACK,
      );
      expect(skipUnreadPromiseStacks()).toBe(false);
    } finally {
      Error.prepareStackTrace = before;
    }
  });
});

describe("Pulumi's resource source positions under Jest", () => {
  it("are not computed (Jest's setup file): Resource.callsites finds no frame, other stacks keep theirs", () => {
    const { Resource } = jest.requireActual("@pulumi/pulumi") as {
      Resource: { callsites: () => unknown[] };
    };
    expect(Resource.callsites()).toEqual([]);
    expect(new Error("mine").stack).toMatch(/^Error: mine\n +at .*promiseStacks\.spec\.ts:\d+:\d+/);
  });
});
