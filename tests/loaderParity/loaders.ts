/**
 * The two loaders under comparison, each run once over the whole corpus: Pulumi's, as
 * tools/engine/cmd/stack-config (built here with the Go toolchain, modules from the Go module
 * proxy), and ours, through the API tools/stack-files/printStackConfig.ts prints from.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GoResult, OurResult } from "./compare";

const REPO = path.join(__dirname, "..", "..");
const ENGINE = path.join(REPO, "tools", "engine");
/** Our loader's folder; LOADER_PARITY_STACK_FILES points elsewhere (a work-in-progress copy). */
const STACK_FILES =
  process.env.LOADER_PARITY_STACK_FILES ?? path.join(REPO, "tools", "stack-files");

/** Go as the engine build uses it: go.mod decides the modules, no toolchain download. */
const GO_ENV = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };

/** Why the Go side cannot run here, or undefined when it can. */
export function goUnavailable(): string | undefined {
  const found = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8", env: GO_ENV });
  if (found.error) return "go is not on PATH";
  if (found.status !== 0) return `go env failed: ${found.stderr.trim()}`;
  return undefined;
}

/** Why our loader cannot run yet, or undefined when it can. */
export function ourLoaderUnavailable(): string | undefined {
  for (const file of ["loadStackConfig.ts", "projectFiles.ts"])
    if (!fs.existsSync(path.join(STACK_FILES, file)))
      return `tools/stack-files/${file} does not exist yet`;
  return undefined;
}

/** Builds cmd/stack-config into `outDir`; returns the binary and the seconds the build took. */
export function buildGoLoader(outDir: string): { binary: string; seconds: number } {
  const binary = path.join(outDir, "stack-config");
  const started = process.hrtime.bigint();
  execFileSync("go", ["build", "-o", binary, "./cmd/stack-config"], {
    cwd: ENGINE,
    env: GO_ENV,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { binary, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Pulumi's answer for every (projectDir, stack) pair, `repeats` times over in one process: Go
 * randomises map order per iteration, so differing runs show an order-dependent answer.
 */
export function runGoLoader(
  binary: string,
  pairs: [string, string][],
  repeats: number,
): GoResult[][] {
  const input: string[] = [];
  for (let r = 0; r < repeats; r++)
    for (const [dir, stack] of pairs) input.push(`${dir}\t${stack}`);
  const output = execFileSync(binary, [], {
    input: input.join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const lines = output.trimEnd().split("\n");
  if (lines.length !== input.length)
    throw new Error(`stack-config printed ${lines.length} lines for ${input.length} pairs`);
  const results = lines.map((line) => JSON.parse(line) as GoResult);
  return pairs.map((_, i) =>
    Array.from({ length: repeats }, (_, r) => results[r * pairs.length + i]),
  );
}

interface LoadedStackConfig {
  config: Record<string, string>;
  secureKeys: string[];
}

/** Our loader's answer for every pair, in this process (one load of the loader for all). */
export function runOurLoader(pairs: [string, string][]): OurResult[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadStackConfig } = require(path.join(STACK_FILES, "loadStackConfig")) as {
    loadStackConfig: (files: unknown, stack: string) => LoadedStackConfig;
  };
  const { workingTreeFiles } = require(path.join(STACK_FILES, "projectFiles")) as {
    workingTreeFiles: (dir: string) => unknown;
  };
  const { StackFileError } = require(path.join(STACK_FILES, "readStackFile")) as {
    StackFileError: new (...args: unknown[]) => Error;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return pairs.map(([dir, stack]) => {
    try {
      const loaded = loadStackConfig(workingTreeFiles(dir), stack);
      return { config: loaded.config, secureKeys: loaded.secureKeys };
    } catch (error) {
      if (error instanceof StackFileError) return { refused: error.message.split("\n") };
      return { crashed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  });
}
