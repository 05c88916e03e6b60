/**
 * One evaluation measurement in a fresh process (started by tools/bench/evaluation.ts and
 * tools/bench/largestStack.ts): the program, or the same azuread resources written by hand, evaluated
 * under Pulumi's mock runtime against a fresh simulated tenant, as `tests/` and `plan` do.
 * Module loading happens before the timer; the timer covers evaluateProgram (mocks installed →
 * every registration done and the outputs resolved). Prints one JSON line (an EvaluationResult).
 *
 * By hand: node -r ts-node/register/transpile-only tools/bench/evaluationWorker.ts program 500 10
 *          (kinds: program | handwritten | handwritten-same-step)
 *
 * `program` first takes the step index.ts takes before running (program/promiseStacks.ts: the
 * SDK's per-promise stacks left unformatted while nothing reads them); `handwritten` is the
 * azuread resources as a plain program has them, without it; `handwritten-same-step` is the same
 * with that step, so program / it is the cost of the program's own structure alone.
 */
// First: the program's stack limits lifted before any module imports them.
import "./liftStackLimits";
import * as v8 from "v8";
import { performance } from "perf_hooks";
import { SimulatedTenant } from "../tenant/simulatedTenant";
import { evaluateProgram } from "../tenant/evaluateProgram";
import { BENCH_NOW, benchApps } from "./benchStacks";
import { handWrittenProgram, preloadAzureadClasses } from "./handWrittenAzuread";
import { skipUnreadPromiseStacks } from "../../program/promiseStacks";

const KINDS = ["program", "handwritten", "handwritten-same-step"] as const;
export type EvaluationKind = (typeof KINDS)[number];

export interface EvaluationResult {
  kind: EvaluationKind;
  apps: number;
  perms: number;
  /** Custom resources registered. */
  resources: number;
  /** Custom plus component resources. */
  totalResources: number;
  wallMs: number;
  /** CPU time (user + system, all threads) over the same interval: steadier on a busy machine. */
  cpuMs: number;
  /** Resident set size just before the timer started, and the process's peak (kB). */
  rssBeforeKb: number;
  maxRssKb: number;
  /** V8's heap size limit for this process (no --max-old-space-size: Node's default). */
  heapLimitMb: number;
}

async function programFunction(
  kind: EvaluationKind,
  apps: number,
  perms: number,
): Promise<() => Promise<Record<string, unknown>>> {
  if (kind !== "handwritten") skipUnreadPromiseStacks();
  if (kind !== "program") return handWrittenProgram(apps, perms);
  const raw = { apps: benchApps({ apps, perms }) };
  const { entraGraphApps } = await import("../../program/entraGraphApps");
  // Spread: evaluateProgram wants a plain record, StackOutputs is an interface.
  return async () => ({ ...(await entraGraphApps(raw, BENCH_NOW)) });
}

async function measure(kind: EvaluationKind, apps: number, perms: number): Promise<void> {
  preloadAzureadClasses();
  const program = await programFunction(kind, apps, perms);
  const tenant = new SimulatedTenant({ now: BENCH_NOW });
  const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  // Lookups through protobuf, as `pulumi up`'s host decodes them.
  const evaluation = await evaluateProgram(tenant, async () => program, "dev", {
    protobufLookups: true,
  });
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);

  // With --expose-gc (the driver passes it; it does not change the heap limit): one full GC while
  // everything is still referenced, so --trace-gc reports the live heap at the end.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const result: EvaluationResult = {
    kind,
    apps,
    perms,
    resources: tenant.resources.filter((r) => r.custom).length,
    totalResources: tenant.resources.length,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeKb,
    maxRssKb: process.resourceUsage().maxRSS,
    heapLimitMb: v8.getHeapStatistics().heap_size_limit / 1024 / 1024,
  };
  void evaluation;
  process.stdout.write(JSON.stringify(result) + "\n");
}

const [kind, apps, perms] = process.argv.slice(2);
if (!(KINDS as readonly string[]).includes(kind)) {
  process.stderr.write(`usage: evaluationWorker.ts ${KINDS.join("|")} <apps> <perms>\n`);
  process.exit(2);
}
measure(kind as EvaluationKind, Number(apps), Number(perms)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
