// The stack files the engine suite deploys, and how it reads what a run did.
import * as fs from "fs";
import * as path from "path";
import { DirectoryExport } from "../../tools/tenant/directory/graphTypes";
import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { describeRun, EngineStack, EngineStep, PulumiRun, WORKFLOW_STEP } from "./engineStack";

export const REPO = path.resolve(__dirname, "..", "..");

/** The stack files that must deploy: the dev stack and every example's migrated config. */
export const STACK_FILES = [
  "Pulumi.dev.yaml",
  ...fs
    .readdirSync(path.join(REPO, "examples"))
    .sort()
    .filter((dir) => fs.existsSync(path.join(REPO, "examples", dir, "Pulumi.example.yaml")))
    .map((dir) => path.join("examples", dir, "Pulumi.example.yaml")),
];
export const REFUSED_FILE = path.join(
  "examples",
  "004-dynamics-connector",
  "Pulumi.as-written.yaml",
);

/** The policy config a stack file is reviewed against: its own, else the project's. */
export function policyConfigFor(stackFile: string): string {
  const own = path.join(path.dirname(stackFile), "policy-config.json");
  return fs.existsSync(path.join(REPO, own)) ? own : path.join("policy", "config.json");
}

/** A stack name from a file: `dev`, `example-000-search-connector`, `example-004-...-as-written`. */
export function stackNameFor(stackFile: string): string {
  const example = /^examples\/([^/]+)\/Pulumi\.(.+)\.yaml$/.exec(stackFile);
  if (!example) return stackFile.replace(/^Pulumi\.(.+)\.yaml$/, "$1");
  return example[2] === "example" ? `example-${example[1]}` : `example-${example[1]}-${example[2]}`;
}

/** What must be as it was after a destroy: the objects of the tenant, not its request log. */
export function tenantObjects(emulator: EntraEmulator): Partial<DirectoryExport> {
  const { applications, servicePrincipals, appRoleAssignments, oauth2PermissionGrants, owners } =
    emulator.directory.export();
  return { applications, servicePrincipals, appRoleAssignments, oauth2PermissionGrants, owners };
}

/** Fails with the command, its exit code, stderr and the engine's error diagnostics. */
export function expectSuccess(run: PulumiRun): void {
  if (run.code !== 0) throw new Error(describeRun(run));
}

/** `type name` of each custom resource (the azuread ones) a run did `op` to, sorted. */
export function customResources(steps: EngineStep[], op: string): string[] {
  return steps
    .filter((step) => step.custom && step.op === op)
    .map((step) => `${step.type} ${step.name}`)
    .sort();
}

/** Every op of the run except `same` (and the reads of `--refresh`), counted. */
export function changes(steps: EngineStep[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of steps)
    if (step.op !== "same" && step.op !== "refresh") counts[step.op] = (counts[step.op] ?? 0) + 1;
  return counts;
}

/** Every run of every stack with its duration and exit code, printed after the suite. */
export function runSummary(stacks: EngineStack[]): string {
  const lines = stacks.flatMap((stack) =>
    stack.runs.map(
      (run) =>
        `  ${stack.stackName.padEnd(32)} ${commandOf(run).padEnd(90)} ${(run.durationMs / 1000).toFixed(1).padStart(6)} s  exit ${run.code}`,
    ),
  );
  return `\nEngine runs:\n${lines.join("\n")}\n`;
}

export { WORKFLOW_STEP } from "./engineStack";

function commandOf(run: PulumiRun): string {
  return run.args[0] === WORKFLOW_STEP ? `step: ${run.args[1]}` : `pulumi ${run.args.join(" ")}`;
}
