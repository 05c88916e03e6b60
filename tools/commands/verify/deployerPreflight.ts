import { AppConfig } from "../../../program/config/validateStackConfig";
import {
  DeployerRequirement,
  deployerRequirements,
} from "../../../program/permissions/deployerPermissions";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { readChosenStack } from "../../stack-files/projectStack";
import { AuthorityHost } from "./authority";
import {
  ArmCloud,
  DeployerIdentity,
  deployerAuthority,
  deployerIdentity,
} from "./deployerIdentity";
import { AuthFailure } from "./entraErrors";
import { acquireGraphToken, TokenOutcome, TokenRequest } from "./graphToken";
import { textTable } from "../textTable";
import { formatGitHubTokenForm, GitHubTokenForm, githubTokenForm } from "./githubTokenForm";

/** The stack about to be deployed, as far as the preflight needs it. */
export interface DeployerStack {
  name: string;
  /** Some app lists delegated permissions with admin consent: pulumi up creates a tenant-wide grant. */
  needsDelegatedConsent: boolean;
  /** Each app's configured owners (defaults included), lower-cased, by app key. */
  owners?: Record<string, string[]>;
}

export interface PreflightOptions {
  /**
   * The stack `pulumi up` will deploy (`verify --deployer --stack <name>`). Without it, a
   * requirement only some stacks have is reported but never counted as missing.
   */
  stack?: DeployerStack;
  /** The network for GitHub Actions' OIDC token (the global fetch by default). */
  fetch?: typeof fetch;
}

/** One requirement and the role of the token that meets it, if any. */
export interface RequirementCheck extends DeployerRequirement {
  grantedBy?: string;
  /** Whether this run needs it: false for a conditional requirement the stack (or no stack) does not have. */
  required: boolean;
}

/** Who signed in, and where, for the report. */
export interface ShownIdentity extends Pick<DeployerIdentity, "tenantId" | "clientId" | "source"> {
  /** Present when ARM_ENVIRONMENT chose the cloud: its login origin and Graph scope. */
  cloud?: ArmCloud;
}

/**
 * What the preflight found: skipped (no credentials), sign-in failed, or each requirement checked;
 * in GitHub Actions, also the subject form of the job's token.
 */
export type DeployerResult = { githubToken?: GitHubTokenForm } & (
  | { status: "skipped"; reason: string }
  | { status: "auth-failed"; identity: ShownIdentity; failure: AuthFailure }
  | {
      status: "ok" | "missing";
      identity: ShownIdentity;
      checks: RequirementCheck[];
      /** The stack checked against, when one was given. */
      stack?: DeployerStack;
      /** The deployer's service principal object ID (`oid`), when the token carries it. */
      objectId?: string;
      /**
       * Apps of the stack that do not list the deployer as an owner although it holds only
       * Application.ReadWrite.OwnedBy: pulumi up would fail with 403 right after creating them.
       */
      notOwner?: string[];
    }
);

/** Whether some app of a stack makes `pulumi up` grant delegated permissions tenant-wide. */
export function needsDelegatedConsent(apps: AppConfig[]): boolean {
  return apps.some(
    (app) => app.adminConsent && app.permissions.some((api) => api.delegated.length > 0),
  );
}

/**
 * Reads `Pulumi.<stack>.yaml` (or `configFile`) for what the preflight needs. Config problems
 * are `pulumi up`'s to report; the apps read despite them still say whether delegated consent
 * is needed.
 */
export function deployerStack(
  projectDir: string,
  stack: string,
  now: Date,
  configFile?: string,
): DeployerStack {
  const stackFile = readChosenStack(projectDir, { stack, config: configFile });
  const { apps } = loadStackVersion(stackFile.pulumiConfig, now);
  return {
    name: stack,
    needsDelegatedConsent: needsDelegatedConsent(apps),
    owners: Object.fromEntries(
      apps.map((app) => [app.key, app.owners.map((owner) => owner.toLowerCase())]),
    ),
  };
}

/** Checks a token's roles against the requirements, for the stack when one is given. */
export function checkDeployerRoles(
  roles: string[],
  options: PreflightOptions = {},
): RequirementCheck[] {
  return deployerRequirements.map((requirement) => {
    const required =
      requirement.onlyFor !== "delegated-permissions" ||
      options.stack?.needsDelegatedConsent === true;
    const grantedBy = requirement.anyOf.find((role) => roles.includes(role));
    return grantedBy ? { ...requirement, grantedBy, required } : { ...requirement, required };
  });
}

/**
 * Signs in as the deployer (from the environment, in the cloud ARM_ENVIRONMENT names) and
 * checks its Graph roles.
 */
export async function deployerPreflight(
  env: NodeJS.ProcessEnv,
  authority: AuthorityHost,
  acquire: (request: TokenRequest) => Promise<TokenOutcome> = acquireGraphToken,
  options: PreflightOptions = {},
): Promise<DeployerResult> {
  const githubToken = await githubTokenForm(env, options.fetch);
  const result = await checkDeployer(env, authority, acquire, options);
  return githubToken ? { githubToken, ...result } : result;
}

async function checkDeployer(
  env: NodeJS.ProcessEnv,
  authority: AuthorityHost,
  acquire: (request: TokenRequest) => Promise<TokenOutcome>,
  options: PreflightOptions,
): Promise<DeployerResult> {
  const identity = deployerIdentity(env, options.fetch);
  if ("skip" in identity) return { status: "skipped", reason: identity.skip };
  const { authority: effective, cloud } = deployerAuthority(env, authority);
  const shown: ShownIdentity = {
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    source: identity.source,
    ...(cloud ? { cloud } : {}),
  };
  const outcome = await acquire({
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    credential: identity.credential,
    authority: effective,
  });
  if (!outcome.ok) return { status: "auth-failed", identity: shown, failure: outcome.failure };
  const checks = checkDeployerRoles(outcome.claims.roles, options);
  const notOwner = appsNotOwned(checks, options.stack, outcome.claims.objectId);
  return {
    status:
      checks.every((check) => check.grantedBy || !check.required) && notOwner.length === 0
        ? "ok"
        : "missing",
    identity: shown,
    checks,
    ...(options.stack ? { stack: options.stack } : {}),
    objectId: outcome.claims.objectId,
    ...(notOwner.length > 0 ? { notOwner } : {}),
  };
}

/**
 * With only Application.ReadWrite.OwnedBy, the deployer manages just the apps it owns: the apps
 * of the stack whose owners do not list its object ID (docs/configuration.md "Owners").
 */
function appsNotOwned(
  checks: RequirementCheck[],
  stack: DeployerStack | undefined,
  objectId: string | undefined,
): string[] {
  const ownedByOnly = checks.some((check) => check.grantedBy === "Application.ReadWrite.OwnedBy");
  if (!ownedByOnly || !stack?.owners || !objectId) return [];
  const self = objectId.toLowerCase();
  return Object.entries(stack.owners)
    .filter(([, owners]) => !owners.includes(self))
    .map(([app]) => app)
    .sort();
}

/** The Status column of one requirement. */
function statusOf(check: RequirementCheck, stack: DeployerStack | undefined): string {
  if (check.grantedBy) return `granted (${check.grantedBy})`;
  const conditional = check.onlyFor === "delegated-permissions";
  if (check.required)
    return conditional ? `MISSING (stack ${stack!.name} lists delegated permissions)` : "MISSING";
  return stack
    ? `not granted (needed only for delegated permissions; stack ${stack.name} lists none)`
    : "not granted (needed only for delegated permissions)";
}

/** The preflight report, with the GitHub token's subject form last when there is one. */
export function formatDeployerReport(result: DeployerResult): string {
  const report = formatChecks(result);
  if (!result.githubToken) return report;
  return [report, "", ...formatGitHubTokenForm(result.githubToken)].join("\n");
}

function formatChecks(result: DeployerResult): string {
  if (result.status === "skipped") return `verify --deployer: skipped: ${result.reason}`;
  const lines = [
    `verify --deployer: client ${result.identity.clientId} in tenant ${result.identity.tenantId} (credential from ${result.identity.source})`,
  ];
  const cloud = result.identity.cloud;
  if (cloud)
    lines.push(
      `cloud ${cloud.name} (ARM_ENVIRONMENT): token from ${cloud.loginOrigin}, scope ${cloud.graphScope}`,
    );
  lines.push("");
  if (result.status === "auth-failed") {
    lines.push(
      `authentication failed: ${result.failure.code ? `${result.failure.code} ` : ""}${result.failure.explanation}`,
    );
    if (result.failure.entraMessage) lines.push(`  Entra said: ${result.failure.entraMessage}`);
    return lines.join("\n");
  }
  lines.push(
    ...textTable(
      ["Microsoft Graph permission", "Status", "Needed to"],
      result.checks.map((check) => [
        check.anyOf.join(" or "),
        statusOf(check, result.stack),
        check.why,
      ]),
    ),
    "",
    result.checks.every((check) => check.grantedBy || !check.required)
      ? `The deployer holds every permission pulumi up needs${result.stack ? ` for stack ${result.stack.name}` : ""}.`
      : "The deployer lacks permissions pulumi up needs: grant them as application permissions with admin consent (bootstrap/ does this for the pipeline's app).",
  );
  if (!result.stack && result.checks.some((check) => !check.required && !check.grantedBy)) {
    lines.push(
      "Without --stack, a permission only some stacks need is not counted as missing: pass --stack <name> to check the one you deploy.",
    );
  }
  if (result.notOwner) {
    lines.push(
      `Application.ReadWrite.OwnedBy reaches only apps this identity owns, and in stack ${result.stack!.name} ${result.notOwner.join(", ")} ${result.notOwner.length > 1 ? "do" : "does"} not list its object ID (${result.objectId}): ` +
        'add it to entra-graph-apps:defaults.owners (docs/configuration.md "Owners"), or pulumi up fails with 403 Authorization_RequestDenied once it has created an app.',
    );
  } else if (
    result.checks.some((check) => check.grantedBy === "Application.ReadWrite.OwnedBy") &&
    !result.stack?.owners
  ) {
    lines.push(
      `Application.ReadWrite.OwnedBy reaches only apps this identity owns: list its object ID (${result.objectId ?? "the oid of its service principal"}) ` +
        'under entra-graph-apps:defaults.owners in every stack it deploys (docs/configuration.md "Owners"), or pulumi up fails with 403 Authorization_RequestDenied once it has created an app.',
    );
  }
  return lines.join("\n");
}
