/**
 * Progress on stderr while the benchmark runs (stdout carries only the final table or JSON):
 * one line per step with the time since the benchmark started.
 */
import { performance } from "perf_hooks";

export class Progress {
  private readonly started = performance.now();

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  /** Seconds since the benchmark started, as m:ss. */
  elapsed(): string {
    const seconds = Math.floor((performance.now() - this.started) / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  log(message: string): void {
    this.out.write(`[bench ${this.elapsed()}] ${message}\n`);
  }

  /** A phase heading, with how many fresh processes it will start. */
  phase(title: string, processes: number): void {
    this.log(`${title} (${processes} fresh process${processes === 1 ? "" : "es"})`);
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
