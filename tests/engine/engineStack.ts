import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { copyProgram } from "../integration/throwawayStack";

/** Marks a run that was a workflow step's script (deployWorkflow.ts), not a `pulumi` command. */
export const WORKFLOW_STEP = "(workflow step)";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** One `pulumi` child process: what it was asked, what it printed, how it ended. */
export interface PulumiRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** One resource step of a run: what the engine did (or would do) to it. */
export interface EngineStep {
  op: string;
  urn: string;
  type: string;
  name: string;
  /** A provider's resource (azuread), not a component or the stack. */
  custom: boolean;
}

/** The final report of a `--json` run: one document for preview, the last events for up/destroy. */
export interface JsonResult {
  steps: EngineStep[];
  /** Non-debug diagnostics: severity and message. */
  diagnostics: { severity: string; message: string }[];
  /** `pulumi up`/`destroy`: the summary event. */
  summary?: { result?: string; resourceChanges?: Record<string, number> };
  /** `pulumi preview`: its change summary. */
  changeSummary?: Record<string, number>;
}

/** The engine's side of a stack: the variables every `pulumi` child gets. */
export interface EngineEnvironment {
  /** PATH with the engine's folders first. */
  path: string;
  /** ARM_* of the deployer, ARM_METADATA_HOSTNAME, SSL_CERT_FILE, NODE_EXTRA_CA_CERTS. */
  provider: Record<string, string>;
}

/** Inherited variables that would change what `pulumi` or the provider does. */
const DROPPED = /^(PULUMI_|ARM_|AZURE_|ENTRA_GRAPH_APPS_|TS_NODE_|NODE_OPTIONS$)/;

/**
 * A stack of this project in a temporary copy of the program, on a file backend in the same
 * temporary folder with passphrase secrets and its own PULUMI_HOME, run with the `pulumi` CLI as
 * child processes (never the Automation API) so the engine, the language host and the provider
 * are the real binaries on `engine.path`. Nothing is ever shown with --show-secrets.
 */
export class EngineStack {
  /** Every run, in order, for the report. */
  readonly runs: PulumiRun[] = [];

  private constructor(
    readonly stackName: string,
    readonly root: string,
    readonly programDir: string,
    /** Every child's environment (the passphrase included): for `npm run verify` beside `pulumi`. */
    readonly env: Record<string, string>,
  ) {}

  /**
   * Copies the program, creates `stackName` and makes `stackFile` (verbatim) its
   * Pulumi.<stackName>.yaml, plus the passphrase salt that `stack init` wrote.
   */
  static async create(
    stackName: string,
    stackFile: string,
    engine: EngineEnvironment,
  ): Promise<EngineStack> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "entra-graph-apps-engine-"));
    const programDir = path.join(root, "program");
    const home = path.join(root, "home");
    const state = path.join(root, "state");
    fs.mkdirSync(home);
    fs.mkdirSync(state);
    copyProgram(PROJECT_DIR, programDir);
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && !DROPPED.test(entry[0]),
      ),
    );
    const env = {
      ...inherited,
      ...engine.provider,
      PATH: engine.path,
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: randomBytes(24).toString("hex"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Never download a plugin: the provider must be the one on PATH.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const stack = new EngineStack(stackName, root, programDir, env);
    const init = await stack.pulumi(["stack", "init", stackName]);
    if (init.code !== 0) {
      stack.removeFiles();
      throw new Error(`pulumi stack init ${stackName} failed:\n${init.stderr}${init.stdout}`);
    }
    stack.replaceConfig(fs.readFileSync(stackFile, "utf8"));
    return stack;
  }

  /**
   * Writes the stack file's own bytes, so Pulumi's YAML reader (Go) sees exactly what a user's
   * Pulumi.<stack>.yaml would hold (re-serializing could change quoting, hence types), plus the
   * passphrase salt that `stack init` wrote.
   */
  replaceConfig(text: string): void {
    const file = path.join(this.programDir, `Pulumi.${this.stackName}.yaml`);
    const salt = /^encryptionsalt: .*$/m.exec(fs.readFileSync(file, "utf8"))?.[0];
    fs.writeFileSync(file, `${text}${text.endsWith("\n") ? "" : "\n"}${salt ?? ""}\n`);
  }

  /** The passphrase, so a test can check it is never printed. */
  get passphrase(): string {
    return this.env.PULUMI_CONFIG_PASSPHRASE;
  }

  /** Runs `pulumi <args>` in the program copy; `now` sets ENTRA_GRAPH_APPS_NOW for this run. */
  pulumi(args: string[], options: { now?: Date } = {}): Promise<PulumiRun> {
    const env = { ...this.env };
    if (options.now) env.ENTRA_GRAPH_APPS_NOW = options.now.toISOString();
    return this.spawnRun("pulumi", [...args, "--non-interactive"], env, args, withoutDebugEvents);
  }

  /** Runs a workflow step's script with bash -e in the program copy, as the runner would. */
  script(script: string, extraEnv: Record<string, string>): Promise<PulumiRun> {
    const env = { ...this.env, ...extraEnv };
    return this.spawnRun("bash", ["-e", "-c", script], env, [WORKFLOW_STEP, script], (o) => o);
  }

  /** Runs a process in the program copy and records it among the stack's runs. */
  private spawnRun(
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    recordedArgs: string[],
    cleanStdout: (stdout: string) => string,
  ): Promise<PulumiRun> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: this.programDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.once("error", reject);
      child.once("close", (code, signal) => {
        const run = {
          args: recordedArgs,
          code: code ?? (signal ? 128 : -1),
          stdout: cleanStdout(stdout),
          stderr,
          durationMs: Date.now() - started,
        };
        this.runs.push(run);
        resolve(run);
      });
    });
  }

  /** `pulumi up --yes --skip-preview --json`. */
  up(options: { now?: Date } = {}): Promise<PulumiRun> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--json"], options);
  }

  /** `pulumi preview --json` plus `extra` (e.g. --expect-no-changes, --policy-pack). */
  preview(extra: string[] = [], options: { now?: Date } = {}): Promise<PulumiRun> {
    return this.pulumi(["preview", "--json", ...extra], options);
  }

  /** `pulumi destroy --yes --skip-preview --json`. */
  destroy(): Promise<PulumiRun> {
    return this.pulumi(["destroy", "--yes", "--skip-preview", "--json"]);
  }

  /** `pulumi stack export`: the checkpoint (secrets stay encrypted). */
  async exportState(): Promise<{ resources?: { urn: string; type: string; custom?: boolean }[] }> {
    const run = await this.pulumi(["stack", "export"]);
    if (run.code !== 0) throw new Error(`pulumi stack export failed:\n${run.stderr}`);
    return (JSON.parse(run.stdout) as { deployment: { resources?: [] } }).deployment;
  }

  /** `pulumi stack rm --yes` (after a destroy) and the temporary folder. */
  async remove(): Promise<void> {
    try {
      await this.pulumi(["stack", "rm", "--yes", "--force"]);
    } finally {
      this.removeFiles();
    }
  }

  removeFiles(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * `pulumi up --json` and `destroy --json` stream every engine event, debug diagnostics included,
 * and those carry secret values in clear text: the provider logs Graph's answer to addPassword
 * (`secretText`) and the nodejs SDK logs each RegisterResource response (the password's `value`).
 * The plain display hides them; here they are dropped as soon as the run ends, never kept.
 */
function withoutDebugEvents(stdout: string): string {
  if (!stdout.startsWith('{"sequence"')) return stdout;
  return stdout
    .split("\n")
    .filter((line) => {
      try {
        return JSON.parse(line).diagnosticEvent?.severity !== "debug";
      } catch {
        return true;
      }
    })
    .join("\n");
}

interface RawStep {
  op: string;
  urn: string;
  type?: string;
  provider?: string;
  newState?: { type: string; custom?: boolean };
  oldState?: { type: string; custom?: boolean };
}

function toStep(raw: RawStep, custom: boolean): EngineStep {
  const type = raw.type ?? raw.newState?.type ?? raw.oldState?.type ?? "";
  return { op: raw.op, urn: raw.urn, type, name: raw.urn.split("::").pop() ?? raw.urn, custom };
}

/**
 * What a `--json` run reported: `preview --json` prints one document (steps, diagnostics, change
 * summary); `up --json` and `destroy --json` print one event per line (a resourcePreEvent per
 * step, diagnostics, a summaryEvent). Undefined when stdout is neither.
 */
export function jsonResult(run: PulumiRun): JsonResult | undefined {
  const text = run.stdout.trim();
  if (text.startsWith('{"sequence"')) {
    const result: JsonResult = { steps: [], diagnostics: [] };
    for (const line of text.split("\n")) {
      let event: Record<string, { [key: string]: unknown }>;
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      const pre = event.resourcePreEvent?.metadata as RawStep | undefined;
      if (pre) result.steps.push(toStep(pre, !!pre.provider && !pre.type?.startsWith("pulumi:")));
      const diagnostic = event.diagnosticEvent as { severity: string; message: string } | undefined;
      if (diagnostic && diagnostic.severity !== "debug")
        result.diagnostics.push({ severity: diagnostic.severity, message: diagnostic.message });
      if (event.summaryEvent) result.summary = event.summaryEvent as JsonResult["summary"];
    }
    return result;
  }
  try {
    const document = JSON.parse(text) as {
      steps?: RawStep[];
      diagnostics?: { severity: string; message: string }[];
      changeSummary?: Record<string, number>;
    };
    return {
      steps: (document.steps ?? []).map((step) =>
        toStep(step, !!(step.newState?.custom ?? step.oldState?.custom)),
      ),
      diagnostics: (document.diagnostics ?? []).filter((d) => d.severity !== "debug"),
      changeSummary: document.changeSummary,
    };
  } catch {
    return undefined;
  }
}

/** The resource steps of a `--json` run (none when it printed no JSON). */
export function engineSteps(run: PulumiRun): EngineStep[] {
  return jsonResult(run)?.steps ?? [];
}

/**
 * What a person would read of a run: stderr, then the engine's diagnostics for a `--json` run
 * (errors from the program and the provider) or stdout for a plain one.
 */
export function readableOutput(run: PulumiRun): string {
  const json = jsonResult(run);
  const body = json
    ? json.diagnostics.map((d) => `${d.severity}: ${d.message.trim()}`).join("\n")
    : run.stdout.trim();
  return `${run.stderr.trim()}\n${body}`.trim();
}

/** How a failed run reads in an assertion message: the command, its exit code and its output. */
export function describeRun(run: PulumiRun): string {
  return [
    `pulumi ${run.args.join(" ")} exited ${run.code} after ${(run.durationMs / 1000).toFixed(1)} s:`,
    readableOutput(run),
  ].join("\n");
}
