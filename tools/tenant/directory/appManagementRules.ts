import {
  AppManagementPolicy,
  EffectiveRestrictions,
  TenantAppManagementPolicy,
  coveringRestriction,
  durationMs,
  effectiveRestrictions,
} from "../../../program/credentials/appManagementPolicy";
import { GraphError } from "./graphError";
import { GraphApplication, GraphKeyCredential } from "./graphTypes";

/**
 * The tenant's app management policies, seeded: what GET /policies/defaultAppManagementPolicy
 * and GET /applications/{id}/appManagementPolicies answer, and what addPassword and a PATCH of
 * keyCredentials are held to (https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy,
 * .../appmanagementpolicy). Restrictions are checked when a credential is added, never on
 * credentials an app already has: "an application that does not meet the policy requirements
 * will continue to work until it tries to update the resource to add a new secret"
 * (https://learn.microsoft.com/graph/api/resources/applicationauthenticationmethodpolicy).
 */
export interface SeededAppManagementPolicies {
  tenantDefault?: TenantAppManagementPolicy;
  /** Application object ID (lower case) → the one policy assigned to it. */
  assigned?: Record<string, AppManagementPolicy>;
}

/** Graph's ID of the tenant default policy (the object "always exists"). */
export const DEFAULT_POLICY_ID = "00000000-0000-0000-0000-000000000000";

function restrictionsFor(
  policies: SeededAppManagementPolicies,
  app: GraphApplication,
): EffectiveRestrictions | undefined {
  const assigned = policies.assigned?.[app.id];
  return effectiveRestrictions(policies.tenantDefault, assigned ? [assigned] : []);
}

/**
 * The body Graph sends for a credential over the lifetime cap, as a real tenant answered it
 * (OfficeDev/microsoft-365-agents-toolkit#10998): 400 CredentialInvalidLifetimeAsPerAppPolicy
 * with an InvalidKeyEndDate detail. The same code is assumed for certificates (not confirmed).
 */
function lifetimeRefused(policyId: string): GraphError {
  const message = `Credential lifetime exceeds the max value allowed as per assigned policy '${policyId}'.`;
  return new GraphError(400, "CredentialInvalidLifetimeAsPerAppPolicy", message, [
    { code: "InvalidKeyEndDate", message, target: "EndDate" },
  ]);
}

/**
 * addPassword under the app's policy: refused where passwords are blocked
 * (CredentialTypeNotAllowedAsPerAppPolicy, the code Microsoft's Teams Toolkit handles; Graph's
 * message text for it was not found, this one is ours) or when end - start exceeds the cap.
 */
export function checkPasswordAddition(
  policies: SeededAppManagementPolicies,
  app: GraphApplication,
  start: Date,
  end: Date,
): void {
  const restrictions = restrictionsFor(policies, app);
  if (!restrictions) return;
  const created = new Date(app.createdDateTime);
  const policyId = restrictions.policyId ?? DEFAULT_POLICY_ID;
  if (coveringRestriction(restrictions.passwordCredentials, "passwordAddition", created)) {
    throw new GraphError(
      400,
      "CredentialTypeNotAllowedAsPerAppPolicy",
      `Password credentials are not allowed as per assigned policy '${policyId}'.`,
    );
  }
  const cap = coveringRestriction(restrictions.passwordCredentials, "passwordLifetime", created);
  const max = cap?.maxLifetime ? durationMs(cap.maxLifetime)! : undefined;
  if (max !== undefined && end.getTime() - start.getTime() > max) throw lifetimeRefused(policyId);
}

/** Certificates added by a PATCH of keyCredentials, against asymmetricKeyLifetime. */
export function checkCertificateAddition(
  policies: SeededAppManagementPolicies,
  app: GraphApplication,
  keyCredentials: GraphKeyCredential[],
): void {
  const restrictions = restrictionsFor(policies, app);
  if (!restrictions) return;
  const known = new Set(app.keyCredentials.map((credential) => credential.keyId));
  const cap = coveringRestriction(
    restrictions.keyCredentials,
    "asymmetricKeyLifetime",
    new Date(app.createdDateTime),
  );
  const max = cap?.maxLifetime ? durationMs(cap.maxLifetime)! : undefined;
  if (max === undefined) return;
  for (const credential of keyCredentials) {
    if (known.has(credential.keyId) || credential.type !== "AsymmetricX509Cert") continue;
    if (Date.parse(credential.endDateTime) - Date.parse(credential.startDateTime) > max)
      throw lifetimeRefused(restrictions.policyId ?? DEFAULT_POLICY_ID);
  }
}
