/**
 * Why looking an API's service principal up failed, for the config problem that names it. The
 * provider signs in on its first Graph call, so a refused sign-in surfaces here: its AADSTS line
 * (further down the provider's message than the first line) says what to fix, where "no service
 * principal was found" would send the reader after the wrong thing.
 */
export function apiLookupProblem(appId: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const signIn = /AADSTS\d+[^\n]*/.exec(text)?.[0].trim().slice(0, 300);
  if (signIn)
    return (
      `the API's service principal could not be looked up: signing in to the tenant failed (${signIn}). ` +
      `Check the deploying identity's credential: for GitHub Actions, its federated credential's subject must match the token's exactly (docs/credentials.md)`
    );
  const reason = text.split("\n")[0].slice(0, 200);
  return (
    `no service principal for API ${appId} was found in the tenant${reason ? ` (${reason})` : ""}. ` +
    `Check the appId, or create the API's service principal first (az ad sp create --id ${appId})`
  );
}
