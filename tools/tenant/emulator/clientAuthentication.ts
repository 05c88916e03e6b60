import { decodeJwt } from "jose";
import { EntraRefusal, refusals } from "./entraErrors";
import { EmulatorContext, GRAPH_APP_ID, isVisible, matchesHash } from "./context";

/** The client a token is issued to. */
export interface SignedInClient {
  clientId: string;
  /** Object ID of its service principal: the token's `oid`. */
  objectId: string;
  displayName: string;
  /** `secret` or `assertion` (a federated token): the token's `appidacr` 1 or 2. */
  credential: "secret" | "assertion";
  /** Microsoft Graph application permissions: the token's `roles`. */
  roles: string[];
}

/**
 * Checks a client credentials request's client as Entra does: a deployer registered with the
 * emulator by its secret or configured assertion; an app of the Directory by a current password
 * (only its hash is kept) or a federated token matching one of its federated credentials. Apps,
 * passwords and credentials not yet replicated are unknown to the token service.
 */
export function authenticateClient(
  context: EmulatorContext,
  form: Record<string, string>,
): SignedInClient | EntraRefusal {
  const clientId = (form.client_id ?? "").toLowerCase();
  const secret = form.client_secret;
  const assertion = form.client_assertion;
  const deployer = context.deployers.get(clientId);
  if (deployer) {
    const accepted =
      assertion !== undefined
        ? matchesHash(deployer.assertionHash, assertion)
        : secret !== undefined && matchesHash(deployer.secretHash, secret);
    if (!accepted) return refuseCredential(clientId, secret, assertion);
    return {
      clientId,
      objectId: deployer.objectId,
      displayName: deployer.displayName,
      credential: assertion !== undefined ? "assertion" : "secret",
      roles: [...deployer.roles],
    };
  }

  const { directory } = context;
  const app = clientId ? directory.applications.byAppId(clientId) : undefined;
  if (!app || !isVisible(context, app.id))
    return refusals.unknownApp(form.client_id ?? "", context.tenantId);
  if (assertion !== undefined) {
    const refusal = checkAssertion(context, app.id, assertion);
    if (refusal) return refusal;
  } else if (secret !== undefined) {
    const check = directory.applications.passwords.verify(clientId, secret);
    if (!check.ok && check.reason === "expired") return refusals.expiredSecret(clientId);
    if (!check.ok || !isVisible(context, check.keyId)) return refusals.invalidSecret(clientId);
  } else {
    return refusals.noCredential();
  }
  const sp = directory.servicePrincipals.byAppId(clientId);
  if (!sp || !isVisible(context, sp.id))
    return refusals.missingServicePrincipal(clientId, context.tenantId);
  return {
    clientId,
    objectId: sp.id,
    displayName: sp.displayName,
    credential: assertion !== undefined ? "assertion" : "secret",
    roles: graphRolesOf(context, sp.id),
  };
}

function refuseCredential(
  clientId: string,
  secret: string | undefined,
  assertion: string | undefined,
): EntraRefusal {
  if (assertion !== undefined) return refusals.noFederatedMatch();
  if (secret !== undefined) return refusals.invalidSecret(clientId);
  return refusals.noCredential();
}

/**
 * A federated sign-in: the assertion's issuer, subject and audience must match one of the
 * app's federated identity credentials, and it must be valid now. Its signature is not checked
 * (the emulator cannot reach GitHub's or a cluster's keys).
 */
function checkAssertion(
  context: EmulatorContext,
  appObjectId: string,
  assertion: string,
): EntraRefusal | undefined {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return {
      status: 400,
      error: "invalid_request",
      code: 50027,
      sentence: "JWT token is invalid or malformed.",
    };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ""];
  // Entra narrows down as it says: issuer, then subject (exactly, case-sensitively), then audience.
  const credentials = context.directory.applications.federated
    .list(appObjectId)
    .filter((credential) => isVisible(context, credential.id));
  const byIssuer = credentials.filter((credential) => credential.issuer === claims.iss);
  if (byIssuer.length === 0) return refusals.noFederatedIssuer(String(claims.iss ?? ""));
  const subject = String(claims.sub ?? "");
  const bySubject = byIssuer.filter((credential) => credential.subject === subject);
  if (bySubject.length === 0)
    return byIssuer.some((credential) => credential.subject.toLowerCase() === subject.toLowerCase())
      ? refusals.noFederatedSubjectCaseSensitive(subject)
      : refusals.noFederatedSubject(subject);
  const match = bySubject.find((credential) =>
    credential.audiences.some((audience) => audiences.includes(audience)),
  );
  if (!match) return refusals.noFederatedAudience(audiences.join(", "));
  const now = context.now().getTime() / 1000;
  if ((claims.exp !== undefined && claims.exp <= now) || (claims.nbf ?? 0) > now)
    return refusals.assertionExpired();
  return undefined;
}

/**
 * The Microsoft Graph app roles assigned to a service principal (assignments whose resource is
 * Graph's service principal), as replicated by now; sorted, without repeats.
 */
export function graphRolesOf(context: EmulatorContext, servicePrincipalId: string): string[] {
  const graph = context.directory.servicePrincipals.byAppId(GRAPH_APP_ID);
  if (!graph) return [];
  const values = context.directory.consent
    .listAssignments()
    .filter(
      (assignment) =>
        assignment.principalId === servicePrincipalId &&
        assignment.resourceId === graph.id &&
        isVisible(context, assignment.id),
    )
    .map((assignment) => graph.appRoles.find((role) => role.id === assignment.appRoleId)?.value)
    .filter((value): value is string => typeof value === "string");
  return [...new Set(values)].sort();
}
