/**
 * Runs one measurement in a fresh Node process, so timing, peak RSS and heap belong to that run
 * alone. The child gets Node's default heap: NODE_OPTIONS is dropped (it could carry
 * --max-old-space-size) and no heap flag is passed. With `traceGc`, the child runs with
 * --trace-gc and --expose-gc (neither changes the heap limit) and the heap figures are read from
 * its GC lines; a heartbeat on stderr shows a long run's elapsed time and current heap.
 */
import { spawn, spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { Progress, seconds } from "./progress";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Heap use seen in --trace-gc lines, in MB. */
export interface GcSummary {
  /** Highest heap use before any GC: live objects plus garbage not yet collected. */
  peakUsedMb: number;
  /** Highest heap use right after a full (mark-compact) GC: what V8's heap limit is about. */
  peakLiveMb: number;
}

export interface WorkerRun {
  /** The worker's JSON line, parsed; undefined when it printed none (e.g. it ran out of heap). */
  result: unknown;
  exitCode: number | null;
  signal: string | null;
  elapsedMs: number;
  gc?: GcSummary;
  /** The end of stderr (up to 4,000 characters), for failures. */
  stderrTail: string;
  /** Killed after `timeoutMs`. */
  timedOut: boolean;
}

export interface WorkerOptions {
  /** Node flags and script arguments (the script path relative to the project). */
  args: string[];
  progress: Progress;
  /** How the heartbeat names the run. */
  label: string;
  traceGc?: boolean;
  heartbeatMs?: number;
  /** Kill the child (SIGKILL) after this long: a run thrashing near the heap limit. */
  timeoutMs?: number;
  /** Pin the child to this CPU (taskset -c), so two concurrent runs never share a core. */
  cpu?: number;
}

/** Whether two workers can run side by side, each pinned to its own core (Linux taskset). */
export function canPinPairs(): boolean {
  if (os.cpus().length < 2) return false;
  return spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;
}

const GC_LINE =
  /: (?:Scavenge|Mark-Compact|Minor Mark-Compact|Mark-Compact \(reduce\))[^\d]*([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

/** Node arguments that run a TypeScript worker the way `npm run bench` runs the driver. */
export function typeScriptWorker(script: string, args: string[]): string[] {
  return ["-r", "ts-node/register/transpile-only", path.join(PROJECT_ROOT, script), ...args];
}

export function runWorker(options: WorkerOptions): Promise<WorkerRun> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const flags = options.traceGc ? ["--trace-gc", "--expose-gc"] : [];
  const started = performance.now();
  const node = [process.execPath, ...flags, ...options.args];
  const command = options.cpu === undefined ? node : ["taskset", "-c", `${options.cpu}`, ...node];
  const child = spawn(command[0], command.slice(1), {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let resultLine: string | undefined;
  let stderr = "";
  let pending = "";
  const gc: GcSummary = { peakUsedMb: 0, peakLiveMb: 0 };
  let currentHeapMb = 0;
  const readLine = (line: string) => {
    if (line.startsWith("{")) resultLine = line;
    const match = GC_LINE.exec(line);
    if (!match) return;
    const before = Number(match[1]);
    currentHeapMb = Number(match[2]);
    gc.peakUsedMb = Math.max(gc.peakUsedMb, before);
    if (/Mark-Compact/.test(line) && !/Minor/.test(line))
      gc.peakLiveMb = Math.max(gc.peakLiveMb, currentHeapMb);
  };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    lines.forEach(readLine);
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const heartbeat = setInterval(() => {
    const heap = options.traceGc ? `, heap ${(currentHeapMb / 1024).toFixed(2)} GB` : "";
    options.progress.log(
      `  … ${options.label} still running (${seconds(performance.now() - started)}${heap})`,
    );
  }, options.heartbeatMs ?? 30_000);
  let timedOut = false;
  const timeout =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      clearInterval(heartbeat);
      if (timeout) clearTimeout(timeout);
      if (pending) readLine(pending);
      resolve({
        result: resultLine === undefined ? undefined : JSON.parse(resultLine),
        exitCode,
        signal,
        elapsedMs: performance.now() - started,
        ...(options.traceGc ? { gc } : {}),
        stderrTail: stderr.trim(),
        timedOut,
      });
    });
  });
}

/** The worker's result, or an error naming the run and quoting its stderr. */
export function resultOf<T>(run: WorkerRun, label: string): T {
  if (run.exitCode !== 0 || run.result === undefined) {
    throw new Error(
      `${label} failed (exit ${run.exitCode ?? run.signal}):\n${run.stderrTail.split("\n").slice(-12).join("\n") || "(no output)"}`,
    );
  }
  return run.result as T;
}

/** Whether a failed run died because V8 ran out of heap. */
export function ranOutOfHeap(run: WorkerRun): boolean {
  return /heap out of memory|Reached heap limit|Allocation failed/i.test(run.stderrTail);
}
