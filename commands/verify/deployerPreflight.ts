import { DeployerRequirement, deployerRequirements } from "../../permissions/deployerPermissions";
import { AuthorityHost } from "./authority";
import { DeployerIdentity, deployerIdentity } from "./deployerIdentity";
import { AuthFailure } from "./entraErrors";
import { acquireGraphToken, TokenOutcome, TokenRequest } from "./graphToken";
import { textTable } from "../textTable";

/** One requirement and the role of the token that meets it, if any. */
export interface RequirementCheck extends DeployerRequirement {
  grantedBy?: string;
}

/** What the preflight found: skipped (no credentials), sign-in failed, or each requirement checked. */
export type DeployerResult =
  | { status: "skipped"; reason: string }
  | {
      status: "auth-failed";
      identity: Pick<DeployerIdentity, "tenantId" | "clientId" | "source">;
      failure: AuthFailure;
    }
  | {
      status: "ok" | "missing";
      identity: Pick<DeployerIdentity, "tenantId" | "clientId" | "source">;
      checks: RequirementCheck[];
      /** The deployer's service principal object ID (`oid`), when the token carries it. */
      objectId?: string;
    };

/** Checks a token's roles against the requirements. */
export function checkDeployerRoles(roles: string[]): RequirementCheck[] {
  return deployerRequirements.map((requirement) => {
    const grantedBy = requirement.anyOf.find((role) => roles.includes(role));
    return grantedBy ? { ...requirement, grantedBy } : { ...requirement };
  });
}

/** Signs in as the deployer (from the environment) and checks its Graph roles. */
export async function deployerPreflight(
  env: NodeJS.ProcessEnv,
  authority: AuthorityHost,
  acquire: (request: TokenRequest) => Promise<TokenOutcome> = acquireGraphToken,
): Promise<DeployerResult> {
  const identity = deployerIdentity(env);
  if ("skip" in identity) return { status: "skipped", reason: identity.skip };
  const shown = {
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    source: identity.source,
  };
  const outcome = await acquire({
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    credential: identity.credential,
    authority,
  });
  if (!outcome.ok) return { status: "auth-failed", identity: shown, failure: outcome.failure };
  const checks = checkDeployerRoles(outcome.claims.roles);
  return {
    status: checks.every((check) => check.grantedBy) ? "ok" : "missing",
    identity: shown,
    checks,
    objectId: outcome.claims.objectId,
  };
}

/** The preflight report. */
export function formatDeployerReport(result: DeployerResult): string {
  if (result.status === "skipped") return `verify --deployer: skipped: ${result.reason}`;
  const lines = [
    `verify --deployer: client ${result.identity.clientId} in tenant ${result.identity.tenantId} (credential from ${result.identity.source})`,
    "",
  ];
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
        check.grantedBy ? `granted (${check.grantedBy})` : "MISSING",
        check.why,
      ]),
    ),
    "",
    result.status === "ok"
      ? "The deployer holds every permission pulumi up needs."
      : "The deployer lacks permissions pulumi up needs: grant them as application permissions with admin consent (bootstrap/ does this for the pipeline's app).",
  );
  if (result.checks.some((check) => check.grantedBy === "Application.ReadWrite.OwnedBy")) {
    lines.push(
      `Application.ReadWrite.OwnedBy reaches only apps this identity owns: list its object ID (${result.objectId ?? "the oid of its service principal"}) ` +
        'under entra-graph-apps:defaults.owners in every stack it deploys (README "Owners"), or pulumi up fails with 403 Authorization_RequestDenied once it has created an app.',
    );
  }
  return lines.join("\n");
}
