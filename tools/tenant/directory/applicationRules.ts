import { badRequest } from "./graphError";

/**
 * Graph's limits on web redirect URIs ("Redirect URI (reply URL) outline and restrictions",
 * https://learn.microsoft.com/entra/identity-platform/reply-url): at most 256 per app, each at
 * most 256 characters, https except for localhost, no fragment, no wildcard in an app for work
 * or school accounts set through the API.
 */
export const MAX_REDIRECT_URIS = 256;
export const MAX_REDIRECT_URI_LENGTH = 256;

export function checkRedirectUris(uris: string[]): void {
  if (uris.length > MAX_REDIRECT_URIS) {
    throw badRequest(`The number of redirect URIs exceeds the limit of ${MAX_REDIRECT_URIS}.`);
  }
  for (const uri of uris) {
    if (uri.length > MAX_REDIRECT_URI_LENGTH) {
      throw badRequest(
        `Redirect URI '${uri.slice(0, 40)}...' exceeds ${MAX_REDIRECT_URI_LENGTH} characters.`,
      );
    }
    if (uri.includes("#")) {
      throw badRequest(`Redirect URI '${uri}' cannot contain a fragment.`);
    }
    if (uri.includes("*")) {
      throw badRequest(`Redirect URI '${uri}' cannot contain a wildcard.`);
    }
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(uri);
    const host = match?.[2].replace(/^.*@/, "").replace(/:\d+$/, "") ?? "";
    if (
      match &&
      match[1].toLowerCase() === "http" &&
      !["localhost", "127.0.0.1", "[::1]"].includes(host)
    ) {
      throw badRequest(`Redirect URI '${uri}' must use https unless it points at localhost.`);
    }
  }
}
