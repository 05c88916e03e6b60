import {
  GraphApplication,
  GraphFederatedIdentityCredential,
  GraphServicePrincipal,
} from "../../tenant/directory/graphTypes";
import { subjectFormNote } from "../../../program/credentials/githubSubject";
import { DriftFinding, finding } from "./findings";
import { PermissionNames } from "./permissionNames";
import { ManagedApp } from "./stackState";

/** Credentials, owners, redirect URIs, audience and requested permissions, state against tenant. */

export function credentialFindings(
  app: ManagedApp,
  liveApp: GraphApplication,
  federated: GraphFederatedIdentityCredential[],
): DriftFinding[] {
  const passwords = liveApp.passwordCredentials ?? [];
  const keys = liveApp.keyCredentials ?? [];
  // Sets, not Array.includes: a state and an app may each hold thousands of credentials.
  const [statePasswords, stateKeys, stateFederated] = [
    new Set(app.passwordKeyIds),
    new Set(app.certificateKeyIds),
    new Set(app.federatedIds),
  ];
  const lowerIds = (items: { keyId?: string; id?: string }[]) =>
    new Set(items.map((item) => (item.keyId ?? item.id ?? "").toLowerCase()));
  const [livePasswords, liveKeys, liveFederated] = [
    lowerIds(passwords),
    lowerIds(keys),
    lowerIds(federated),
  ];
  const ends = (date: string | null | undefined) => (date ? `, ends ${date.slice(0, 10)}` : "");
  return [
    ...passwords
      .filter((p) => !statePasswords.has(p.keyId.toLowerCase()))
      .map((p) =>
        finding(
          "client-secret",
          "outside-code",
          true,
          p.displayName ?? "(no description)",
          `hint ${p.hint ?? "?"}${ends(p.endDateTime)}: not managed by the stack`,
          p.keyId.toLowerCase(),
        ),
      ),
    ...keys
      .filter((k) => !stateKeys.has(k.keyId.toLowerCase()))
      .map((k) =>
        finding(
          "certificate",
          "outside-code",
          true,
          k.displayName ?? "(no description)",
          `${k.type ?? "key"}${ends(k.endDateTime)}: not managed by the stack`,
          k.keyId.toLowerCase(),
        ),
      ),
    ...federated
      .filter((f) => !stateFederated.has(f.id.toLowerCase()))
      .map((f) =>
        finding(
          "federated-credential",
          "outside-code",
          true,
          f.name,
          `issuer ${f.issuer}, subject ${f.subject}${subjectFormNote(f.issuer, f.subject)}: not managed by the stack`,
          `${liveApp.id}/federatedIdentityCredential/${f.id.toLowerCase()}`,
        ),
      ),
    ...app.passwordKeyIds
      .filter((id) => !livePasswords.has(id))
      .map((id) =>
        finding(
          "client-secret",
          "missing",
          false,
          "client secret",
          "in the stack, not in the tenant",
          id,
        ),
      ),
    ...app.certificateKeyIds
      .filter((id) => !liveKeys.has(id))
      .map((id) =>
        finding(
          "certificate",
          "missing",
          false,
          "certificate",
          "in the stack, not in the tenant",
          id,
        ),
      ),
    ...app.federatedIds
      .filter((id) => !liveFederated.has(id))
      .map((id) =>
        finding(
          "federated-credential",
          "missing",
          false,
          "federated credential",
          "in the stack, not in the tenant",
          `${app.objectId}/federatedIdentityCredential/${id}`,
        ),
      ),
  ];
}

/** The stack never puts a credential on a service principal: any there signs in as the app. */
export function spCredentialFindings(sp: GraphServicePrincipal): DriftFinding[] {
  return [
    ...(sp.passwordCredentials ?? []).map((p) =>
      finding(
        "service-principal-credential",
        "outside-code",
        true,
        p.displayName ?? "(no description)",
        `password on the service principal ${sp.id}: signs in as the app`,
        p.keyId.toLowerCase(),
      ),
    ),
    ...(sp.keyCredentials ?? []).map((k) =>
      finding(
        "service-principal-credential",
        "outside-code",
        true,
        k.displayName ?? "(no description)",
        `${k.type ?? "key"} on the service principal ${sp.id}`,
        k.keyId.toLowerCase(),
      ),
    ),
  ];
}

export function ownerFindings(
  app: ManagedApp,
  owners: { id: string; displayName?: string | null; userPrincipalName?: string }[],
): DriftFinding[] {
  const liveIds = new Set(owners.map((owner) => owner.id.toLowerCase()));
  const stateIds = new Set(app.owners);
  return [
    ...owners
      .filter((owner) => !stateIds.has(owner.id.toLowerCase()))
      .map((owner) =>
        finding(
          "owner",
          "outside-code",
          true,
          owner.userPrincipalName ?? owner.displayName ?? "directory object",
          "owner not in the stack: can add credentials to the app",
          owner.id.toLowerCase(),
        ),
      ),
    ...app.owners
      .filter((id) => !liveIds.has(id))
      .map((id) =>
        finding("owner", "missing", false, "owner", "in the stack, not in the tenant", id),
      ),
  ];
}

export function redirectFindings(app: ManagedApp, liveApp: GraphApplication): DriftFinding[] {
  const web = liveApp.web?.redirectUris ?? [];
  const [liveWeb, stateWeb] = [new Set(web), new Set(app.redirectUris)];
  const others: [string, string[]][] = [
    ["SPA", liveApp.spa?.redirectUris ?? []],
    ["public client", liveApp.publicClient?.redirectUris ?? []],
  ];
  return [
    ...web
      .filter((uri) => !stateWeb.has(uri))
      .map((uri) =>
        finding(
          "redirect-uri",
          "outside-code",
          true,
          uri,
          "web redirect URI not in the stack: tokens can be sent there",
        ),
      ),
    ...others.flatMap(([type, uris]) =>
      uris.map((uri) =>
        finding(
          "redirect-uri",
          "outside-code",
          true,
          uri,
          `${type} redirect URI (the stack sets none)`,
        ),
      ),
    ),
    ...app.redirectUris
      .filter((uri) => !liveWeb.has(uri))
      .map((uri) =>
        finding(
          "redirect-uri",
          "missing",
          false,
          uri,
          "web redirect URI in the stack, not in the tenant",
        ),
      ),
  ];
}

/** Any audience other than the organisation's own, where the stack had another, is wider. */
export function audienceFindings(app: ManagedApp, liveApp: GraphApplication): DriftFinding[] {
  const declared = app.signInAudience ?? "AzureADMyOrg";
  if (!liveApp.signInAudience || liveApp.signInAudience === declared) return [];
  const wider = liveApp.signInAudience !== "AzureADMyOrg";
  return [
    finding(
      "audience",
      "changed",
      wider,
      liveApp.signInAudience,
      `the stack sets ${declared}${wider ? ": more accounts can sign in" : ""}`,
    ),
  ];
}

export function requestedFindings(
  app: ManagedApp,
  liveApp: GraphApplication,
  names: PermissionNames,
): DriftFinding[] {
  const live = (liveApp.requiredResourceAccess ?? []).flatMap((access) =>
    access.resourceAccess.map(
      (item) => `${access.resourceAppId.toLowerCase()}|${item.id.toLowerCase()}|${item.type}`,
    ),
  );
  const [liveSet, stateSet] = [new Set(live), new Set(app.requested)];
  const describe = (entry: string) =>
    names.requested(...(entry.split("|") as [string, string, string]));
  return [
    ...live
      .filter((entry) => !stateSet.has(entry))
      .map((entry) =>
        finding(
          "requested-permission",
          "outside-code",
          false,
          describe(entry),
          "requested, not in the stack (no access until consented)",
        ),
      ),
    ...app.requested
      .filter((entry) => !liveSet.has(entry))
      .map((entry) =>
        finding(
          "requested-permission",
          "missing",
          false,
          describe(entry),
          "requested in the stack, not in the tenant",
        ),
      ),
  ];
}
