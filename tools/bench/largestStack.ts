/**
 * Largest-stack phase: the biggest stack of N apps × K Graph application permissions the program
 * evaluates within Node's default heap, found in fresh processes without --max-old-space-size.
 * The program runs with the limits of program/config/inputLimits.ts lifted (tools/bench/evaluationWorker.ts),
 * so stacks above 500 apps / 8,000 resources can be measured.
 *
 * A stack fits when its process finishes and the heap in use never passed `fitShare` (90%) of
 * V8's heap_size_limit (read from --trace-gc: the highest heap size before a GC, garbage
 * included, which is what v8.getHeapStatistics().used_heap_size shows at its peak). The first
 * probe is 92% of the app count predicted from the evaluation rows at K permissions (a line
 * through peak heap vs apps); then the count grows (or shrinks) by `step` (12%) per probe until
 * the verdict flips or the probes run out.
 */
import type { EvaluationResult } from "./evaluationWorker";
import { EvaluationRow } from "./evaluation";
import { Progress, seconds } from "./progress";
import { ranOutOfHeap, runWorker, typeScriptWorker } from "./spawnWorker";
import { fitLine } from "./stats";

export interface LargestStackOptions {
  perms: number;
  /** Probes to run at most. */
  probes: number;
  fitShare?: number;
  step?: number;
}

export interface Probe {
  apps: number;
  perms: number;
  /** Custom resources, and with component resources (what MAX_RESOURCES_PER_STACK counts). */
  resources?: number;
  totalResources?: number;
  wallMs?: number;
  peakUsedHeapMb: number;
  peakLiveHeapMb: number;
  peakRssMb?: number;
  fits: boolean;
  /** "ok", "over 90% of the heap limit", "out of heap", "timed out" or the failure. */
  verdict: string;
}

export interface LargestStack {
  perms: number;
  heapLimitMb: number;
  fitShare: number;
  /** Peak heap in use ≈ intercept + slope × apps, from every program run at `perms`. */
  heapPerAppMb: number;
  heapBaseMb: number;
  /** Apps at which the line reaches fitShare × heap limit. */
  predictedApps: number;
  probes: Probe[];
  largestFit?: Probe;
  smallestMiss?: Probe;
  /** Custom + component resources per app at `perms` (from the runs). */
  totalResourcesPerApp: number;
}

const WORKER = "tools/bench/evaluationWorker.ts";

function roundTo50(value: number): number {
  return Math.max(50, Math.round(value / 50) * 50);
}

async function probe(
  apps: number,
  perms: number,
  limitMb: number,
  options: { fitShare: number; timeoutMs: number },
  progress: Progress,
): Promise<Probe> {
  const label = `largest stack: ${apps}x${perms}`;
  progress.log(`${label} …`);
  const run = await runWorker({
    args: typeScriptWorker(WORKER, ["program", `${apps}`, `${perms}`]),
    progress,
    label,
    traceGc: true,
    timeoutMs: options.timeoutMs,
  });
  const gc = run.gc!;
  const base = { apps, perms, peakUsedHeapMb: gc.peakUsedMb, peakLiveHeapMb: gc.peakLiveMb };
  let found: Probe;
  if (run.exitCode !== 0 || run.result === undefined) {
    const verdict = run.timedOut
      ? `timed out after ${seconds(options.timeoutMs)}`
      : ranOutOfHeap(run)
        ? "out of heap"
        : `failed: ${run.stderrTail.split("\n").slice(-1)[0]}`;
    found = { ...base, fits: false, verdict };
  } else {
    const result = run.result as EvaluationResult;
    const fits = gc.peakUsedMb <= options.fitShare * limitMb;
    found = {
      ...base,
      resources: result.resources,
      totalResources: result.totalResources,
      wallMs: result.wallMs,
      peakRssMb: result.maxRssKb / 1024,
      fits,
      verdict: fits ? "ok" : `over ${Math.round(options.fitShare * 100)}% of the heap limit`,
    };
  }
  progress.log(
    `${label}: ${found.verdict}, peak heap ${(found.peakUsedHeapMb / 1024).toFixed(2)} GB of ${(limitMb / 1024).toFixed(2)} GB`,
  );
  return found;
}

/**
 * Runs the probes. `rows` are the evaluation rows measured before; when fewer than two program
 * rows at `perms` exist, two calibration runs (100 and 300 apps) come first.
 */
export async function findLargestStack(
  rows: EvaluationRow[],
  options: LargestStackOptions,
  progress: Progress,
): Promise<LargestStack> {
  const fitShare = options.fitShare ?? 0.9;
  const step = options.step ?? 1.12;
  const { perms } = options;
  const calibration = rows.filter((r) => r.kind === "program" && r.perms === perms);
  const known: Probe[] = calibration.map((r) => ({
    apps: r.apps,
    perms,
    resources: r.resources,
    totalResources: r.totalResources,
    wallMs: r.wallMs,
    peakUsedHeapMb: r.peakUsedHeapMb,
    peakLiveHeapMb: r.peakLiveHeapMb,
    peakRssMb: r.peakRssMb,
    fits: true,
    verdict: "ok",
  }));
  const calibrationRuns = new Set(known.map((k) => k.apps)).size < 2 ? 2 : 0;
  progress.phase(
    `largest stack in Node's default heap, ${perms} permissions per app`,
    calibrationRuns + options.probes,
  );
  let limitMb = calibration[0]?.heapLimitMb ?? 0;
  if (calibrationRuns > 0) {
    for (const apps of [100, 300])
      known.push(
        await probe(
          apps,
          perms,
          limitMb || Infinity,
          { fitShare, timeoutMs: 30 * 60_000 },
          progress,
        ),
      );
  }
  if (!limitMb) limitMb = (await import("v8")).getHeapStatistics().heap_size_limit / 1024 / 1024;
  const line = fitLine(known.map((k) => ({ x: k.apps, y: k.peakUsedHeapMb })));
  const predictedApps = Math.floor((fitShare * limitMb - line.intercept) / line.slope);
  const msPerApp = Math.max(...known.filter((k) => k.wallMs).map((k) => k.wallMs! / k.apps));
  const sample = known.find((k) => k.totalResources)!;

  const probes: Probe[] = [];
  // Start a little below the prediction: a stack that fits finishes sooner than one that thrashes.
  let apps = roundTo50(predictedApps * 0.92);
  for (let i = 0; i < options.probes; i++) {
    // A run near the limit may thrash in GC for a long time: three times the expected time.
    const timeoutMs = Math.max(120_000, 3 * msPerApp * apps);
    const found = await probe(apps, perms, limitMb, { fitShare, timeoutMs }, progress);
    probes.push(found);
    const fits = probes.filter((p) => p.fits);
    const misses = probes.filter((p) => !p.fits);
    if (fits.length > 0 && misses.length > 0) break;
    apps = roundTo50(found.fits ? apps * step : apps / step);
  }
  const all = [...known, ...probes];
  const largestFit = all.filter((p) => p.fits).sort((a, b) => b.apps - a.apps)[0];
  const smallestMiss = probes.filter((p) => !p.fits).sort((a, b) => a.apps - b.apps)[0];
  return {
    perms,
    heapLimitMb: limitMb,
    fitShare,
    heapPerAppMb: line.slope,
    heapBaseMb: line.intercept,
    predictedApps,
    probes: all.sort((a, b) => a.apps - b.apps),
    largestFit,
    smallestMiss,
    totalResourcesPerApp: sample.totalResources! / sample.apps,
  };
}
