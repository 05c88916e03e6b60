// The deploy workflow's steps from the deployer preflight to `pulumi up`, run as GitHub Actions
// runs them: each step's `run` script under `bash -e`, the job stopping at the first that fails.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { EngineStack, PulumiRun } from "./engineStack";
import { REPO } from "./exampleStacks";

const WORKFLOW = path.join(REPO, ".github", "workflows", "deploy.yml");

export interface WorkflowStep {
  name: string;
  run: string;
  /** Set when Actions would run the step after a failed one, or go on past its failure. */
  if?: string;
  "continue-on-error"?: unknown;
}

/**
 * The steps of deploy.yml's `job` from the one named `first` to the one named `last`, both
 * included; throws when either is missing or they are out of order, so a workflow that drops or
 * moves the preflight fails the test instead of skipping it.
 */
export function deploySteps(job: string, first: string, last: string): WorkflowStep[] {
  const workflow = parse(fs.readFileSync(WORKFLOW, "utf8")) as {
    jobs: Record<string, { steps: WorkflowStep[] }>;
  };
  const steps = workflow.jobs[job]?.steps ?? [];
  const from = steps.findIndex((step) => step.name === first);
  const to = steps.findIndex((step) => step.name === last);
  if (from < 0 || to < from)
    throw new Error(`deploy.yml job ${job} has no step "${first}" before a step "${last}"`);
  return steps.slice(from, to + 1);
}

/** One step as it ran: its name and the run record (also kept in the stack's runs). */
export interface StepRun {
  name: string;
  run: PulumiRun;
}

/**
 * Runs `steps` in order in the stack's program copy with its engine environment and STACK set
 * (the job's env), stopping after the first that fails, as Actions does for steps without `if:`.
 * `extraArgs` maps a command prefix to arguments appended to it: the emulator's authority host
 * and scope, which `verify` takes from the real cloud by default.
 */
export async function runSteps(
  stack: EngineStack,
  steps: WorkflowStep[],
  extraArgs: Record<string, string[]>,
): Promise<StepRun[]> {
  const ran: StepRun[] = [];
  for (const step of steps) {
    const prefix = Object.keys(extraArgs).find((command) => step.run.startsWith(command));
    const script = prefix ? `${step.run.trim()} ${extraArgs[prefix].join(" ")}` : step.run;
    const run = await stack.script(script, { STACK: stack.stackName, CI: "true" });
    ran.push({ name: step.name, run });
    if (run.code !== 0) break;
  }
  return ran;
}
