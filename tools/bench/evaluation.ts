/**
 * Evaluation phase: the program against the same azuread resources written by hand
 * (tools/bench/handWrittenAzuread.ts), both evaluated in fresh processes under Pulumi's mock runtime
 * against the simulated tenant, at each size. Also peak RSS and heap per resource.
 *
 * Each repeat runs one program process and one hand-written process as a pair. With two or more
 * cores and taskset, the pair runs side by side, each pinned to its own core, the cores swapped
 * on every other repeat: both see the same background load at the same moment, and a slower
 * core counts against each in turn. Otherwise the pair runs back to back. A size's ratio is the
 * geometric mean of its pairs' ratios (use an even --repeat with pinned pairs).
 *
 * The program takes index.ts's step before it runs (program/promiseStacks.ts), which a plain
 * hand-written program does not: the pairs compare what each costs as written. A third run per
 * repeat, the hand-written resources with that same step (after the pairs, on CPU 0 when
 * pinned), gives the cost of the program's own structure (its component resources, config
 * checks, outputs).
 */
import type { EvaluationKind, EvaluationResult } from "./evaluationWorker";
import { Progress, seconds } from "./progress";
import { GcSummary, canPinPairs, resultOf, runWorker, typeScriptWorker } from "./spawnWorker";
import { Size, sizeLabel } from "./stats";

export interface EvaluationRow {
  size: string;
  apps: number;
  perms: number;
  kind: EvaluationKind;
  /** Custom resources; `totalResources` adds component resources. */
  resources: number;
  totalResources: number;
  /**
   * Best (lowest) of the repeats: wall time, and CPU time. Other load on the machine only ever
   * adds time, so the best run is the closest to the program's own cost.
   */
  wallMs: number;
  cpuMs: number;
  msPerResource: number;
  /** Highest peak RSS over the repeats. */
  peakRssMb: number;
  rssMbPerResource: number;
  /** (peak RSS − RSS before the timer) / resources: the memory that grows with the stack. */
  addedRssMbPerResource: number;
  /** Highest live heap after a full GC, and heap in use before any GC (garbage included). */
  peakLiveHeapMb: number;
  peakUsedHeapMb: number;
  heapLimitMb: number;
  /** program / hand-written at this size, wall and CPU: geometric mean over the pairs (1 by hand). */
  ratio: number;
  cpuRatio: number;
  /** Each pair's program / hand-written wall-time ratio. */
  pairRatios: number[];
  /** program / hand-written with the same promise-stack step, best against best (program rows). */
  sameStepRatio?: number;
  sameStepCpuRatio?: number;
  runsWallMs: number[];
}

type Run = { result: EvaluationResult; gc: GcSummary };

const WORKER = "tools/bench/evaluationWorker.ts";

async function measureOnce(
  kind: EvaluationKind,
  size: Size,
  progress: Progress,
  label: string,
  cpu?: number,
): Promise<Run> {
  progress.log(`${label}${cpu === undefined ? "" : ` on CPU ${cpu}`} …`);
  const run = await runWorker({
    args: typeScriptWorker(WORKER, [kind, `${size.apps}`, `${size.perms}`]),
    progress,
    label,
    traceGc: true,
    cpu,
  });
  const result = resultOf<EvaluationResult>(run, label);
  progress.log(
    `${label}: ${seconds(result.wallMs)} (CPU ${seconds(result.cpuMs)}), ${result.resources} resources, peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB`,
  );
  return { result, gc: run.gc! };
}

function toRow(size: Size, runs: Run[]): EvaluationRow {
  const first = runs[0].result;
  const wallMs = Math.min(...runs.map((r) => r.result.wallMs));
  const peakRssKb = Math.max(...runs.map((r) => r.result.maxRssKb));
  const addedKb = Math.max(...runs.map((r) => r.result.maxRssKb - r.result.rssBeforeKb));
  return {
    size: sizeLabel(size),
    apps: size.apps,
    perms: size.perms,
    kind: first.kind,
    resources: first.resources,
    totalResources: first.totalResources,
    wallMs,
    cpuMs: Math.min(...runs.map((r) => r.result.cpuMs)),
    msPerResource: wallMs / first.resources,
    peakRssMb: peakRssKb / 1024,
    rssMbPerResource: peakRssKb / 1024 / first.resources,
    addedRssMbPerResource: addedKb / 1024 / first.resources,
    peakLiveHeapMb: Math.max(...runs.map((r) => r.gc.peakLiveMb)),
    peakUsedHeapMb: Math.max(...runs.map((r) => r.gc.peakUsedMb)),
    heapLimitMb: first.heapLimitMb,
    ratio: 1,
    cpuRatio: 1,
    pairRatios: [],
    runsWallMs: runs.map((r) => r.result.wallMs),
  };
}

/** One program run and one hand-written run, side by side on their own cores or in turn. */
async function measurePair(
  size: Size,
  repeat: number,
  r: number,
  pinned: boolean,
  progress: Progress,
): Promise<[Run, Run]> {
  const of = repeat > 1 ? ` run ${r}/${repeat}` : "";
  const label = (kind: string) => `${sizeLabel(size)} ${kind}${of}`;
  if (!pinned) {
    const program = await measureOnce("program", size, progress, label("program"));
    return [program, await measureOnce("handwritten", size, progress, label("by hand"))];
  }
  const [programCpu, byHandCpu] = r % 2 === 1 ? [0, 1] : [1, 0];
  return Promise.all([
    measureOnce("program", size, progress, label("program"), programCpu),
    measureOnce("handwritten", size, progress, label("by hand"), byHandCpu),
  ]);
}

function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** Program and hand-written rows for every size. */
export async function measureEvaluation(
  sizes: Size[],
  repeat: number,
  progress: Progress,
): Promise<EvaluationRow[]> {
  const pinned = canPinPairs();
  progress.phase(
    `evaluation: the program vs the same azuread resources by hand, at ${sizes.map(sizeLabel).join(", ")}, ` +
      (pinned ? "each pair side by side on CPUs 0 and 1" : "each pair back to back"),
    sizes.length * repeat * 3,
  );
  const rows: EvaluationRow[] = [];
  for (const size of sizes) {
    const pairs: [Run, Run][] = [];
    for (let r = 1; r <= repeat; r++)
      pairs.push(await measurePair(size, repeat, r, pinned, progress));
    const programRow = toRow(
      size,
      pairs.map(([program]) => program),
    );
    const byHandRow = toRow(
      size,
      pairs.map(([, byHand]) => byHand),
    );
    const sameStep: Run[] = [];
    for (let r = 1; r <= repeat; r++) {
      const of = repeat > 1 ? ` run ${r}/${repeat}` : "";
      const label = `${sizeLabel(size)} by hand, same step${of}`;
      // On one core when the pairs are pinned, as they are (CPU time includes GC threads).
      sameStep.push(
        await measureOnce("handwritten-same-step", size, progress, label, pinned ? 0 : undefined),
      );
    }
    const sameStepRow = toRow(size, sameStep);
    programRow.sameStepRatio = programRow.wallMs / sameStepRow.wallMs;
    programRow.sameStepCpuRatio = programRow.cpuMs / sameStepRow.cpuMs;
    sameStepRow.ratio = sameStepRow.wallMs / byHandRow.wallMs;
    sameStepRow.cpuRatio = sameStepRow.cpuMs / byHandRow.cpuMs;
    programRow.pairRatios = pairs.map(([p, h]) => p.result.wallMs / h.result.wallMs);
    programRow.ratio = geometricMean(programRow.pairRatios);
    programRow.cpuRatio = geometricMean(pairs.map(([p, h]) => p.result.cpuMs / h.result.cpuMs));
    progress.log(
      `${sizeLabel(size)}: program / by hand = ${programRow.ratio.toFixed(3)} wall, ${programRow.cpuRatio.toFixed(3)} CPU (pairs: ${programRow.pairRatios.map((x) => x.toFixed(3)).join(", ")})`,
    );
    progress.log(
      `${sizeLabel(size)}: program / by hand with the same step = ${programRow.sameStepRatio.toFixed(3)} wall, ${programRow.sameStepCpuRatio.toFixed(3)} CPU`,
    );
    rows.push(programRow, byHandRow, sameStepRow);
  }
  return rows;
}
