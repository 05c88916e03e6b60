import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findOnPath } from "../support/commandPath";

/** The versions this project pins: the CLI tools/engine builds and @pulumi/azuread ~6.9.1. */
export const PULUMI_VERSION = "3.248.0";
export const AZUREAD_VERSION = "6.9.1";

const REPO = path.resolve(__dirname, "..", "..");
const BUILD_SCRIPT = path.join(REPO, "tools", "engine", "build.sh");

/** The three programs `pulumi up` of this project runs, and where each was found. */
export interface EngineBinaries {
  /** PATH for every `pulumi` child: the engine's folders first. */
  path: string;
  pulumi: string;
  languageHost: string;
  provider: string;
  /** Where the folders came from, for the suite's header line. */
  source: string;
}

export type EngineLookup =
  | { ok: true; binaries: EngineBinaries }
  | {
      ok: false;
      /** Something is not there: the suite skips, saying why. */
      missing: string[];
      /** Something is there in the wrong version: the suite fails, saying why. */
      refused: string[];
    };

/**
 * tools/engine/build.sh's output folder (the script's own default, or ENTRA_ENGINE_CACHE), whether
 * or not it exists.
 */
export function engineCacheBin(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.ENTRA_ENGINE_CACHE || path.join(os.homedir(), ".cache", "entra-graph-apps", "engine");
  return path.join(root, `${PULUMI_VERSION}-azuread-${AZUREAD_VERSION}`, "bin");
}

/**
 * Runs tools/engine/build.sh (its progress goes to stderr) and returns the bin folder it printed
 * last; undefined when the build failed. A cold build takes about ten minutes.
 */
export function buildEngine(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const result = spawnSync("bash", [BUILD_SCRIPT], {
    cwd: REPO,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) return undefined;
  return result.stdout.trim().split("\n").pop() || undefined;
}

/**
 * Finds the engine: the folders of ENTRA_ENGINE_PATH (colon-separated, put first on PATH) when
 * set; else tools/engine/build.sh's cache bin when present (built first when ENTRA_ENGINE_BUILD=1
 * and `build` is on); then the `pulumi` CLI, the `pulumi-language-nodejs` host and the
 * `pulumi-resource-azuread` provider must be on the resulting PATH in the pinned versions.
 */
export function findEngine(
  env: NodeJS.ProcessEnv = process.env,
  options: { build?: boolean } = {},
): EngineLookup {
  let first: string[] = [];
  let source: string;
  if (env.ENTRA_ENGINE_PATH) {
    first = env.ENTRA_ENGINE_PATH.split(path.delimiter).filter(Boolean);
    source = `ENTRA_ENGINE_PATH (${first.join(path.delimiter)})`;
  } else {
    let bin = engineCacheBin(env);
    if (options.build && env.ENTRA_ENGINE_BUILD === "1") bin = buildEngine(env) ?? bin;
    if (fs.existsSync(bin)) {
      first = [bin];
      source = `tools/engine/build.sh's cache (${bin})`;
    } else {
      source = "PATH";
    }
  }
  const searchPath = [...first, ...(env.PATH ?? "").split(path.delimiter)]
    .filter(Boolean)
    .join(path.delimiter);
  const pulumi = findOnPath("pulumi", searchPath);
  const languageHost = findOnPath("pulumi-language-nodejs", searchPath);
  const provider = findOnPath("pulumi-resource-azuread", searchPath);

  const whereToGet = env.ENTRA_ENGINE_PATH
    ? "ENTRA_ENGINE_PATH does not hold it either"
    : "build it with ENTRA_ENGINE_BUILD=1 npm run test:engine (tools/engine/build.sh, about 10 minutes cold) or set ENTRA_ENGINE_PATH";
  const missing: string[] = [];
  if (!pulumi)
    missing.push(`the Pulumi CLI pulumi v${PULUMI_VERSION} is not on PATH: ${whereToGet}`);
  if (!languageHost)
    missing.push(`the nodejs language host pulumi-language-nodejs is not on PATH: ${whereToGet}`);
  if (!provider)
    missing.push(
      `the azuread provider binary pulumi-resource-azuread ${AZUREAD_VERSION} is not on PATH: the Go module proxy does not serve github.com/pulumi/pulumi-azuread/provider/v6 (403), so tools/engine cannot build it here; put one on PATH or set ENTRA_ENGINE_PATH`,
    );

  const refused: string[] = [];
  if (pulumi) {
    const found = versionOf(pulumi, ["version"], searchPath);
    if (found !== `v${PULUMI_VERSION}`)
      refused.push(
        `${pulumi} is Pulumi ${found || "(no version printed)"}; this suite needs v${PULUMI_VERSION} (tools/engine/build.sh builds it)`,
      );
  }
  if (languageHost) {
    const found = versionOf(languageHost, ["-version"], searchPath);
    if (found !== `v${PULUMI_VERSION}`)
      refused.push(
        `${languageHost} is version ${found || "(no version printed)"}; this suite needs the nodejs language host of Pulumi v${PULUMI_VERSION}`,
      );
  }
  if (provider) {
    const found = versionOf(provider, ["-version"], searchPath);
    if (found.replace(/^v/, "") !== AZUREAD_VERSION)
      refused.push(
        `${provider} is pulumi-resource-azuread ${found || "(no version printed)"}; this suite needs ${AZUREAD_VERSION}, the version package.json pins for @pulumi/azuread (the engine would use whichever provider is first on PATH)`,
      );
  }
  if (missing.length > 0 || refused.length > 0) return { ok: false, missing, refused };
  return {
    ok: true,
    binaries: {
      path: searchPath,
      pulumi: pulumi!,
      languageHost: languageHost!,
      provider: provider!,
      source,
    },
  };
}

/** The first line a binary prints for its version flag; "" when it prints nothing or fails. */
function versionOf(binary: string, args: string[], searchPath: string): string {
  const result = spawnSync(binary, args, {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PATH: searchPath, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n")[0]?.trim() ?? "";
}

/** The lines printed when the engine suite cannot run. */
export function engineSkipMessage(lookup: Extract<EngineLookup, { ok: false }>): string {
  const lines: string[] = [];
  if (lookup.missing.length > 0)
    lines.push(
      "Engine test against the local Entra emulator skipped; missing:",
      ...lookup.missing.map((line) => `  - ${line}`),
    );
  if (lookup.refused.length > 0)
    lines.push(
      "Engine test against the local Entra emulator refused; wrong versions:",
      ...lookup.refused.map((line) => `  - ${line}`),
    );
  return lines.join("\n");
}
