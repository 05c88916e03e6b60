/** The benchmark's final tables and summary lines (stdout). */
import { MAX_APPS_PER_STACK, MAX_RESOURCES_PER_STACK } from "../../program/config/inputLimits";
import { EvaluationRow } from "./evaluation";
import { LargestStack } from "./largestStack";
import { StartupRow } from "./startup";

export const STARTUP_TARGET = 1.5;
export const EVALUATION_TARGET = 1.1;

export interface BenchReport {
  /** Node version, cores and the load average (1 min) when the benchmark started and ended. */
  machine: { node: string; cores: number; loadAtStart: number; loadAtEnd?: number };
  startup?: StartupRow[];
  evaluation?: EvaluationRow[];
  largestStack?: LargestStack;
}

function table(header: string[], cells: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((text, i) => text.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), ...cells.map(line)].join("\n");
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const gb = (mb: number) => (mb / 1024).toFixed(2);

function startupTable(rows: StartupRow[]): string {
  return table(
    [
      "start-up (median)",
      "ready s",
      "ready CPU s",
      "best ready s",
      "first run s",
      "total s",
      "azure-native files",
      "ready ratio",
      "CPU ratio",
      "best ratio",
      "total ratio",
    ],
    rows.map((r) => [
      r.description,
      s(r.readyMs),
      s(r.readyCpuMs),
      s(r.bestReadyMs),
      s(r.firstRunMs),
      s(r.totalMs),
      `${r.azureNativeFiles}`,
      r.readyRatio.toFixed(2),
      r.readyCpuRatio.toFixed(2),
      r.bestReadyRatio.toFixed(2),
      r.totalRatio.toFixed(2),
    ]),
  );
}

const KIND_LABELS: Record<EvaluationRow["kind"], string> = {
  program: "program (as index.ts runs it)",
  handwritten: "by hand",
  "handwritten-same-step": "by hand + index.ts's promise-stack step",
};

function evaluationTable(rows: EvaluationRow[]): string {
  return table(
    [
      "size",
      "kind",
      "resources",
      "+components",
      "wall s",
      "CPU s",
      "ms/resource",
      "peak RSS MB",
      "RSS MB/res",
      "added MB/res",
      "peak heap MB",
      "ratio",
      "CPU ratio",
    ],
    rows.map((r) => [
      r.size,
      KIND_LABELS[r.kind],
      `${r.resources}`,
      `${r.totalResources - r.resources}`,
      s(r.wallMs),
      s(r.cpuMs),
      r.msPerResource.toFixed(2),
      r.peakRssMb.toFixed(0),
      r.rssMbPerResource.toFixed(3),
      r.addedRssMbPerResource.toFixed(3),
      r.peakUsedHeapMb.toFixed(0),
      r.ratio.toFixed(3),
      r.cpuRatio.toFixed(3),
    ]),
  );
}

function largestTable(largest: LargestStack): string {
  return table(
    [
      "apps",
      "resources",
      "with components",
      "wall s",
      "peak heap GB",
      "of limit",
      "live heap GB",
      "verdict",
    ],
    largest.probes.map((p) => [
      `${p.apps}x${p.perms}`,
      p.resources === undefined ? "-" : `${p.resources}`,
      p.totalResources === undefined ? "-" : `${p.totalResources}`,
      p.wallMs === undefined ? "-" : s(p.wallMs),
      gb(p.peakUsedHeapMb),
      `${Math.round((100 * p.peakUsedHeapMb) / largest.heapLimitMb)}%`,
      gb(p.peakLiveHeapMb),
      p.verdict,
    ]),
  );
}

function verdict(ratio: number, target: number): string {
  return ratio <= target ? `within the ${target}× target` : `ABOVE the ${target}× target`;
}

export function summaryLines(report: BenchReport): string[] {
  const { node, cores, loadAtStart, loadAtEnd } = report.machine;
  const lines: string[] = [
    `machine: node ${node}, ${cores} cores, load average ${loadAtStart.toFixed(1)} at start, ${(loadAtEnd ?? loadAtStart).toFixed(1)} at end (CPU time is the steadier figure when the machine is busy)`,
  ];
  const [bare, program, keyVault] = report.startup ?? [];
  if (bare && program && keyVault) {
    lines.push(
      `start-up: index.ts ready ${s(program.readyMs)} s vs bare azuread ${s(bare.readyMs)} s = ${program.readyRatio.toFixed(2)}× wall, ${program.readyCpuRatio.toFixed(2)}× CPU, best of ${program.runsReadyMs.length} ${program.bestReadyRatio.toFixed(2)}× (${verdict(program.bestReadyRatio, STARTUP_TARGET)}); ` +
        `with a Key Vault copy ${keyVault.readyRatio.toFixed(2)}× ready, first run +${s(keyVault.firstRunMs - program.firstRunMs)} s with ${keyVault.azureNativeFiles} azure-native files loaded (${program.azureNativeFiles} without)`,
    );
  }
  const programs = (report.evaluation ?? []).filter((r) => r.kind === "program");
  for (const row of programs) {
    lines.push(
      `evaluation ${row.size} (best of ${row.runsWallMs.length}): program / by hand = ${row.ratio.toFixed(3)} wall, ${row.cpuRatio.toFixed(3)} CPU (${verdict(Math.max(row.ratio, row.cpuRatio), EVALUATION_TARGET)}); ${row.msPerResource.toFixed(2)} ms/resource; ` +
        `the program's own structure, against by hand with the same promise-stack step: ${row.sameStepRatio?.toFixed(3) ?? "-"} wall, ${row.sameStepCpuRatio?.toFixed(3) ?? "-"} CPU`,
    );
  }
  if (programs.length > 0) {
    lines.push(
      `peak RSS per resource (program): ${programs.map((r) => `${r.size} ${r.rssMbPerResource.toFixed(3)} MB (${r.addedRssMbPerResource.toFixed(3)} MB added)`).join(", ")}`,
    );
  }
  const largest = report.largestStack;
  if (largest) lines.push(...largestLines(largest));
  return lines;
}

function largestLines(largest: LargestStack): string[] {
  const fit = largest.largestFit;
  const miss = largest.smallestMiss;
  const share = Math.round(largest.fitShare * 100);
  const perApp = largest.totalResourcesPerApp;
  const heapAt = (apps: number) => largest.heapBaseMb + largest.heapPerAppMb * apps;
  const appsAtResourceLimit = Math.floor(MAX_RESOURCES_PER_STACK / perApp);
  const allowed = Math.min(MAX_APPS_PER_STACK, appsAtResourceLimit);
  const lines = [
    `largest stack in the default heap (${gb(largest.heapLimitMb)} GB, ${share}% = ${gb(largest.fitShare * largest.heapLimitMb)} GB): ` +
      (fit
        ? `${fit.apps} apps x ${largest.perms} = ${fit.resources} resources (${fit.totalResources} with components), peak heap ${gb(fit.peakUsedHeapMb)} GB`
        : "none of the probes fit") +
      (miss ? `; ${miss.apps} apps: ${miss.verdict}` : "") +
      `; heap ≈ ${largest.heapBaseMb.toFixed(0)} MB + ${largest.heapPerAppMb.toFixed(2)} MB/app (${share}% at ~${largest.predictedApps} apps)`,
    `config limits: ${MAX_APPS_PER_STACK} apps, ${MAX_RESOURCES_PER_STACK} resources counting components = ${appsAtResourceLimit} apps at ${largest.perms} permissions (${perApp} resources each); ` +
      `${allowed} apps need ~${gb(heapAt(allowed))} GB of heap, ${Math.round((100 * heapAt(allowed)) / largest.heapLimitMb)}% of the limit` +
      (fit
        ? `; the largest fitting stack is ${(fit.apps / allowed).toFixed(1)}× what the limits allow`
        : ""),
  ];
  return lines;
}

export function formatReport(report: BenchReport): string {
  const parts: string[] = [];
  if (report.startup) parts.push(startupTable(report.startup));
  if (report.evaluation) parts.push(evaluationTable(report.evaluation));
  if (report.largestStack) parts.push(largestTable(report.largestStack));
  parts.push(summaryLines(report).join("\n"));
  return parts.join("\n\n") + "\n";
}
