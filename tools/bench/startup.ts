/**
 * Start-up phase: how long `pulumi up` takes to load the program, against a bare one-resource
 * azuread program loaded the same way (tools/bench/startupWorker.js does what Pulumi's nodejs host
 * does). Three programs, each in `repeat` fresh processes, interleaved so drift hits all alike:
 *   - bare:      the bare azuread program (tools/bench/bareProgram.ts), one Application;
 *   - program:   index.ts with a one-app stack (one Graph permission, no Key Vault copy);
 *   - keyVault:  index.ts with the same app keeping a Key Vault copy of its secret, which makes
 *                the program load @pulumi/azure-native's keyvault module when it runs.
 * "ready" is process start → the program's exported function in hand; "first run" is that
 * function's run against the simulated tenant until every registration is done (the tenant's own
 * loading is not timed).
 */
import * as fs from "fs";
import * as path from "path";
import { writeBareProgram } from "./bareProgram";
import { BenchStackOptions, benchPulumiConfig } from "./benchStacks";
import { Progress, seconds } from "./progress";
import { PROJECT_ROOT, resultOf, runWorker } from "./spawnWorker";
import { median } from "./stats";

export type StartupProgram = "bare" | "program" | "keyVault";

interface StartupResult {
  readyMs: number;
  readyCpuMs: number;
  runMs: number;
  runCpuMs: number;
  resources: number;
  azureNativeFiles: number;
  maxRssKb: number;
}

export interface StartupRow {
  program: StartupProgram;
  description: string;
  resources: number;
  /** Medians over the repeats (wall time; readyCpuMs is the CPU time to ready). */
  readyMs: number;
  readyCpuMs: number;
  /** The best (lowest) ready time: other load on the machine only adds time. */
  bestReadyMs: number;
  firstRunMs: number;
  totalMs: number;
  /** Files of @pulumi/azure-native loaded by the end of the run. */
  azureNativeFiles: number;
  peakRssMb: number;
  /** readyMs / the bare program's readyMs, the same for CPU time and for totalMs. */
  readyRatio: number;
  readyCpuRatio: number;
  bestReadyRatio: number;
  totalRatio: number;
  runsReadyMs: number[];
}

const ONE_APP: BenchStackOptions = { apps: 1, perms: 1 };

/**
 * The three programs, with what each run must show for the comparison to mean anything: the
 * resources it registers and whether azure-native was loaded (the bench stops on any other).
 */
const PROGRAMS: {
  program: StartupProgram;
  description: string;
  resources: number;
  loadsAzureNative: boolean;
}[] = [
  {
    program: "bare",
    description: "bare azuread program (1 Application)",
    resources: 1,
    loadsAzureNative: false,
  },
  {
    program: "program",
    description: "index.ts, 1 app, no Key Vault copy",
    // application and service principal, one permission's assignment, the two rotating passwords
    resources: 2 + 1 + 2,
    loadsAzureNative: false,
  },
  {
    program: "keyVault",
    description: "index.ts, 1 app with a Key Vault copy",
    // the same and the Key Vault secret
    resources: 2 + 1 + 2 + 1,
    loadsAzureNative: true,
  },
];

export async function measureStartup(repeat: number, progress: Progress): Promise<StartupRow[]> {
  progress.phase(
    "start-up: index.ts loaded as `pulumi up` loads it vs a bare azuread program",
    repeat * PROGRAMS.length,
  );
  const bareDir = writeBareProgram();
  try {
    const configs: Record<StartupProgram, { dir: string; config: string }> = {
      bare: { dir: bareDir, config: writeConfig(bareDir, "bare", {}) },
      program: {
        dir: PROJECT_ROOT,
        config: writeConfig(bareDir, "program", benchPulumiConfig(ONE_APP)),
      },
      keyVault: {
        dir: PROJECT_ROOT,
        config: writeConfig(bareDir, "keyVault", benchPulumiConfig({ ...ONE_APP, keyVault: true })),
      },
    };
    const runs: Record<StartupProgram, StartupResult[]> = { bare: [], program: [], keyVault: [] };
    for (let r = 1; r <= repeat; r++) {
      for (const expected of PROGRAMS) {
        const { program } = expected;
        const label = `start-up ${program} run ${r}/${repeat}`;
        const run = await runWorker({
          args: [
            path.join(PROJECT_ROOT, "tools", "bench", "startupWorker.js"),
            configs[program].dir,
            configs[program].config,
          ],
          progress,
          label,
        });
        const result = resultOf<StartupResult>(run, label);
        checkStartupRun(label, result, expected);
        runs[program].push(result);
        progress.log(
          `${label}: ready ${seconds(result.readyMs)}, first run ${seconds(result.runMs)}`,
        );
      }
    }
    const rows = PROGRAMS.map(({ program, description }) =>
      toRow(program, description, runs[program]),
    );
    for (const row of rows) {
      row.readyRatio = row.readyMs / rows[0].readyMs;
      row.readyCpuRatio = row.readyCpuMs / rows[0].readyCpuMs;
      row.bestReadyRatio = row.bestReadyMs / rows[0].bestReadyMs;
      row.totalRatio = row.totalMs / rows[0].totalMs;
    }
    return rows;
  } finally {
    fs.rmSync(bareDir, { recursive: true, force: true });
  }
}

/** Stops the bench when a run did not load and run the program it was meant to measure. */
export function checkStartupRun(
  label: string,
  result: Pick<StartupResult, "resources" | "azureNativeFiles" | "readyMs">,
  expected: { resources: number; loadsAzureNative: boolean },
): void {
  const problems: string[] = [];
  if (result.resources !== expected.resources) {
    problems.push(`registered ${result.resources} resources, expected ${expected.resources}`);
  }
  if (expected.loadsAzureNative !== result.azureNativeFiles > 0) {
    problems.push(
      `loaded ${result.azureNativeFiles} azure-native files, expected ${expected.loadsAzureNative ? "some" : "none"}`,
    );
  }
  if (!(result.readyMs > 0)) problems.push(`ready time ${result.readyMs} ms is not a measurement`);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join("; ")}`);
}

/** Pulumi's config for one program, as a file the worker reads (the host passes it in env). */
function writeConfig(dir: string, name: string, config: Record<string, string>): string {
  const file = path.join(dir, `config-${name}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

function toRow(program: StartupProgram, description: string, runs: StartupResult[]): StartupRow {
  return {
    program,
    description,
    resources: runs[0].resources,
    readyMs: median(runs.map((r) => r.readyMs)),
    readyCpuMs: median(runs.map((r) => r.readyCpuMs)),
    bestReadyMs: Math.min(...runs.map((r) => r.readyMs)),
    firstRunMs: median(runs.map((r) => r.runMs)),
    totalMs: median(runs.map((r) => r.readyMs + r.runMs)),
    azureNativeFiles: Math.max(...runs.map((r) => r.azureNativeFiles)),
    peakRssMb: Math.max(...runs.map((r) => r.maxRssKb)) / 1024,
    readyRatio: 1,
    readyCpuRatio: 1,
    bestReadyRatio: 1,
    totalRatio: 1,
    runsReadyMs: runs.map((r) => r.readyMs),
  };
}
