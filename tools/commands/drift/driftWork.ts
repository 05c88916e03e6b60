import { LiveIndex } from "./liveIndex";
import { ManagedState } from "./stackState";

/**
 * What drift compares, at most: each object below can become a finding, and a grant's scopes
 * are one finding each, so a 64 MiB export of grants holding 1,360 two-letter scopes each made
 * 20 million findings (77 s, 4.5 GB, then a crash). A stack at its limits (100 apps, 1,000
 * resources) with everything of every app drifted is a few thousand.
 */
export const MAX_DRIFT_OBJECTS = 100_000;

/** More live and state objects to compare than MAX_DRIFT_OBJECTS (exit 2). */
export class DriftTooLargeError extends Error {}

/**
 * Counts, before any is compared, the objects of the state's apps that can become findings:
 * per app in the state, its assignments, grant scopes, credentials, owners, redirect URIs and
 * requested permissions, in the state and in the tenant. Stops counting past the limit.
 */
export function checkDriftWork(state: ManagedState, live: LiveIndex, source: string): void {
  let count = 0;
  for (const app of state.apps) {
    count +=
      1 +
      app.assignments.length +
      app.grants.reduce((sum, grant) => sum + grant.scopes.length, 0) +
      app.passwordKeyIds.length +
      app.certificateKeyIds.length +
      app.federatedIds.length +
      app.owners.length +
      app.redirectUris.length +
      app.requested.length;
    const liveApp = live.application(app.objectId);
    if (liveApp) {
      count +=
        (liveApp.passwordCredentials ?? []).length +
        (liveApp.keyCredentials ?? []).length +
        live.federatedCredentials(liveApp.id).length +
        live.owners(liveApp.id).length +
        (liveApp.web?.redirectUris ?? []).length +
        (liveApp.spa?.redirectUris ?? []).length +
        (liveApp.publicClient?.redirectUris ?? []).length +
        (liveApp.requiredResourceAccess ?? []).reduce(
          (sum, access) => sum + access.resourceAccess.length,
          0,
        );
    }
    const sp = live.servicePrincipalOf(app.clientId);
    if (sp) {
      count +=
        (sp.passwordCredentials ?? []).length +
        (sp.keyCredentials ?? []).length +
        live.assignmentsTo(sp.id).length;
      for (const grant of live.grantsOf(sp.id)) {
        count += wordCount(grant.scope ?? "");
        if (count > MAX_DRIFT_OBJECTS) break;
      }
    }
    if (count > MAX_DRIFT_OBJECTS) {
      throw new DriftTooLargeError(
        `drift: the state's apps and their objects in ${source} are more than ${MAX_DRIFT_OBJECTS.toLocaleString("en-US")} things to compare (assignments, grant scopes, credentials, owners, redirect URIs, requested permissions, in the state and in the tenant); drift compares at most ${MAX_DRIFT_OBJECTS.toLocaleString("en-US")}, and a stack at its limits (100 apps, 1,000 resources) holds a few thousand. Is it this stack's state, and an export of its tenant?`,
      );
    }
  }
}

/** Words separated by spaces, counted without splitting (a scope text can hold thousands). */
function wordCount(text: string): number {
  let words = 0;
  for (let at = 0; at < text.length;) {
    if (text.charCodeAt(at) === 32) {
      at++;
      continue;
    }
    words++;
    const space = text.indexOf(" ", at);
    at = space === -1 ? text.length : space;
  }
  return words;
}
