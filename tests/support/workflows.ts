// GitHub workflows as the pipeline checks read them: parsed YAML, typed as far as the checks use.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const PROJECT_DIR = path.join(__dirname, "..", "..");
export const WORKFLOWS_DIR = path.join(PROJECT_DIR, ".github", "workflows");

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

export interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: Permissions;
  concurrency?: string | { group: string; "cancel-in-progress"?: boolean };
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; "max-parallel"?: number };
  steps: Step[];
}

export type Permissions = Record<string, string> | "read-all" | "write-all";

export interface Workflow {
  file: string;
  text: string;
  on: Record<string, unknown>;
  permissions?: Permissions;
  concurrency?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export function parseWorkflow(file: string, text: string): Workflow {
  const parsed = parse(text);
  const on = typeof parsed.on === "string" ? { [parsed.on]: {} } : (parsed.on ?? {});
  return { file, text, ...parsed, on };
}

export function readWorkflows(): Workflow[] {
  return fs
    .readdirSync(WORKFLOWS_DIR)
    .filter((file) => file.endsWith(".yml") || file.endsWith(".yaml"))
    .sort()
    .map((file) => parseWorkflow(file, fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8")));
}

export function readWorkflow(file: string): Workflow {
  return parseWorkflow(file, fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8"));
}

export const environmentOf = (job: Job) =>
  typeof job.environment === "string" ? job.environment : job.environment?.name;

/** A job's token permissions: its own block, else the workflow's. */
export function permissionsOf(workflow: Workflow, job: Job): Permissions | undefined {
  return job.permissions ?? workflow.permissions;
}

export function grants(permissions: Permissions | undefined, scope: string, level: string) {
  if (permissions === "write-all") return true;
  if (permissions === "read-all") return level === "read" && scope !== "id-token";
  return permissions?.[scope] === level || (level === "read" && permissions?.[scope] === "write");
}

/** Workflows whose jobs run the pull request's own code (the workflow file comes from the PR). */
export const runsPullRequestCode = (workflow: Workflow) => "pull_request" in workflow.on;

/** Workflows that run in the default branch's context on a pull request's behalf. */
export const runsInMainContextForPullRequests = (workflow: Workflow) =>
  "workflow_run" in workflow.on || "pull_request_target" in workflow.on;

/** A step that runs the Pulumi CLI against a stack (preview, up, update, refresh, destroy). */
export function pulumiCommands(step: Step): string[] {
  if (step.uses?.startsWith("pulumi/actions@")) {
    const command = step.with?.command;
    return command ? [`pulumi ${String(command)} (pulumi/actions)`] : [];
  }
  return (step.run ?? "")
    .split("\n")
    .filter((line) => /(^|[\s;&|(])pulumi\s+(up|update|preview|refresh|destroy)\b/.test(line));
}
