/**
 * `npm run bench`: one run measures, each in fresh Node processes,
 *   1. start-up as `pulumi up` loads index.ts vs a bare azuread program (tools/bench/startup.ts);
 *   2. evaluation of the program vs the same azuread resources written by hand, both against the
 *      simulated tenant, with peak RSS per resource (tools/bench/evaluation.ts);
 *   3. the largest stack that fits Node's default heap, next to program/config/inputLimits.ts
 *      (tools/bench/largestStack.ts).
 * Progress goes to stderr while it runs; the tables and summary (or --json) to stdout.
 *
 * Run: npm run bench -- [--sizes 10x5,100x10,500x10] [--repeat 1] [--startup-repeat 5]
 *      [--phases startup,evaluation,largest] [--largest-perms 10] [--largest-probes 3] [--json]
 */
import * as os from "os";
import { Command } from "commander";
import { measureEvaluation } from "./evaluation";
import { findLargestStack } from "./largestStack";
import { Progress } from "./progress";
import { BenchReport, formatReport, summaryLines } from "./report";
import { measureStartup } from "./startup";
import { parseSizes, positiveInteger } from "./stats";

const PHASES = ["startup", "evaluation", "largest"] as const;
type Phase = (typeof PHASES)[number];

interface Options {
  sizes: string;
  repeat: string;
  startupRepeat: string;
  phases: string;
  largestPerms: string;
  largestProbes: string;
  json?: boolean;
}

function parsePhases(text: string): Set<Phase> {
  const phases = text.split(",").map((p) => p.trim());
  const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown phase ${unknown.join(", ")}; phases are ${PHASES.join(", ")}`);
  return new Set(phases as Phase[]);
}

async function main(): Promise<void> {
  const opts = new Command()
    .name("benchmark")
    .option(
      "--sizes <list>",
      "evaluation sizes, NxK (apps x application permissions)",
      "10x5,100x10,500x10",
    )
    .option("--repeat <n>", "evaluation runs per kind and size (the best run counts)", "1")
    .option("--startup-repeat <n>", "start-up runs per program (median)", "5")
    .option("--phases <list>", `phases to run: ${PHASES.join(",")}`, PHASES.join(","))
    .option(
      "--largest-perms <k>",
      "application permissions per app in the largest-stack search",
      "10",
    )
    .option("--largest-probes <n>", "largest-stack runs at most (after the prediction)", "3")
    .option("--json", "print the results as JSON instead of tables")
    .parse(process.argv)
    .opts<Options>();
  const phases = parsePhases(opts.phases);
  const sizes = parseSizes(opts.sizes);
  const repeat = positiveInteger(opts.repeat, "--repeat");
  const startupRepeat = positiveInteger(opts.startupRepeat, "--startup-repeat");
  const largestPerms = positiveInteger(opts.largestPerms, "--largest-perms");
  const largestProbes = positiveInteger(opts.largestProbes, "--largest-probes");

  const progress = new Progress();
  const report: BenchReport = {
    machine: { node: process.version, cores: os.cpus().length, loadAtStart: os.loadavg()[0] },
  };
  if (phases.has("startup")) report.startup = await measureStartup(startupRepeat, progress);
  if (phases.has("evaluation"))
    report.evaluation = await measureEvaluation(sizes, repeat, progress);
  if (phases.has("largest")) {
    report.largestStack = await findLargestStack(
      report.evaluation ?? [],
      { perms: largestPerms, probes: largestProbes },
      progress,
    );
  }
  report.machine.loadAtEnd = os.loadavg()[0];
  progress.log("done");
  if (opts.json) {
    process.stdout.write(
      JSON.stringify({ ...report, summary: summaryLines(report) }, null, 2) + "\n",
    );
  } else {
    process.stdout.write(formatReport(report));
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
