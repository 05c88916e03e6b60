import { ConfigProblemsError } from "../../../program/config/configProblem";
import { StackConfigError } from "../../../program/stackConfigError";
import { TenantRefusedError } from "../../tenant/evaluateProgram";
import { DEPLOYED_CHANGE_KINDS } from "./deployedChangeKinds";
import { DeployedChange } from "./deployedChangeBasics";
import { compareDeployments } from "./deployedChanges";
import { DeployedStack, deployedResources, nothingDeployed } from "./deployedStack";
import { shown } from "./settingChange";
import { AppReview, DeployedReview, StackReview } from "./stackReview";

/** The head's program refuses to deploy what its config-level review accepted: exit 1. */
export class DeployRefusedError extends ConfigProblemsError {
  constructor(stackFile: string, reason: string) {
    super([]);
    this.message = `${stackFile}: the program refuses to deploy it: ${reason}`;
  }
}

/**
 * The deployed gains the config-level review did not already report: each must be named by a
 * change of the same app that DEPLOYED_CHANGE_KINDS lists as its explanation.
 */
export function unexplainedGains(
  configReview: StackReview,
  deployed: DeployedChange[],
): DeployedChange[] {
  const apps = new Map(configReview.apps.map((app) => [app.key, app]));
  return deployed.filter(
    (change) =>
      change.gain &&
      !explains(change.appKey === undefined ? undefined : apps.get(change.appKey), change),
  );
}

function explains(app: AppReview | undefined, change: DeployedChange): boolean {
  if (!app) return false;
  const rule: {
    permission?: true;
    settings?: readonly string[];
    settingGain?: readonly string[];
    anyChangeTo?: readonly string[];
    appAdded?: true;
  } = DEPLOYED_CHANGE_KINDS[change.kind].explainedBy;
  const named = change.subject === undefined ? undefined : shown(change.subject).toLowerCase();
  return (
    (rule.appAdded === true && app.status === "added") ||
    (rule.permission === true &&
      change.permission !== undefined &&
      app.permissions.some(
        (p) =>
          p.change === "added" &&
          p.kind === change.permission!.kind &&
          p.permission === change.permission!.permission &&
          p.api.toLowerCase() === change.permission!.api.toLowerCase(),
      )) ||
    app.settings.some(
      (setting) =>
        (rule.anyChangeTo ?? []).includes(setting.setting) ||
        (setting.gain && (rule.settingGain ?? []).includes(setting.setting)) ||
        (setting.gain &&
          (rule.settings ?? []).includes(setting.setting) &&
          (named === undefined || namesValue(setting.description.toLowerCase(), named))),
    )
  );
}

/**
 * Whether a config review description names `value` as a whole: config review prints each value
 * through `shown` between spaces, after `: ` or `(`, before `,` or `)` or at the end. A value
 * that is only the start of a longer one (`https://a.example/cb` of `.../cb2`) does not count.
 */
export function namesValue(description: string, value: string): boolean {
  for (let at = description.indexOf(value); at !== -1; at = description.indexOf(value, at + 1)) {
    const before = at === 0 ? " " : description[at - 1];
    const after = description[at + value.length] ?? " ";
    if (" (".includes(before) && " ,)".includes(after)) return true;
  }
  return false;
}

/**
 * Runs the program on both sides' config maps (undefined: the side has no stack), compares what
 * they would register, and checks every deployed gain against `configReview`. A base the
 * program refuses deploys nothing; a head it refuses throws DeployRefusedError.
 */
export async function reviewDeployments(
  beforeConfig: Record<string, string> | undefined,
  afterConfig: Record<string, string> | undefined,
  stack: string,
  now: Date,
  configReview: StackReview,
): Promise<DeployedReview> {
  let before = nothingDeployed(stack);
  let baseRefused: string | undefined;
  if (beforeConfig !== undefined) {
    try {
      before = await deployedResources(beforeConfig, stack, now);
    } catch (error) {
      // The base comes from the default branch, which the change cannot edit. Like the config
      // review, which drops what the base got wrong, this does not turn a broken base into
      // gains: it says the base would not deploy and leaves the config review to stand alone.
      baseRefused = refusal(error);
    }
  }
  let after: DeployedStack = nothingDeployed(stack);
  if (afterConfig !== undefined) {
    try {
      after = await deployedResources(afterConfig, stack, now);
    } catch (error) {
      throw new DeployRefusedError(configReview.stackFile, refusal(error));
    }
  }
  if (baseRefused !== undefined) return { changes: [], unexplained: [], baseRefused };
  const changes = compareDeployments(before, after);
  return {
    changes,
    unexplained: unexplainedGains(configReview, changes),
    ...(baseRefused === undefined ? {} : { baseRefused }),
  };
}

/** The message of a refusal to deploy; anything else is a bug and is thrown on. */
function refusal(error: unknown): string {
  if (
    error instanceof StackConfigError ||
    error instanceof ConfigProblemsError ||
    error instanceof TenantRefusedError
  )
    return error.message;
  throw error;
}

/**
 * The config review with its deployed review: unexplained deployed gains are privilege gained.
 * `stackFile` names the stack (`Pulumi.<stack>.yaml`, or `stacks/Pulumi.<stack>.yaml`).
 */
export async function withDeployedReview(
  review: StackReview,
  beforeConfig: Record<string, string> | undefined,
  afterConfig: Record<string, string> | undefined,
  stackFile: string,
  now: Date,
): Promise<StackReview> {
  const stack = /(?:^|\/)Pulumi\.([^/]+)\.yaml$/.exec(stackFile)?.[1] ?? "review";
  const deployed = await reviewDeployments(beforeConfig, afterConfig, stack, now, review);
  return {
    ...review,
    deployed,
    privilegeGained: review.privilegeGained || deployed.unexplained.length > 0,
  };
}
