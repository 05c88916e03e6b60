import { Reply } from "./http";

/**
 * ARM's cloud metadata (`GET /metadata/endpoints?api-version=2022-09-01`) as the azuread
 * provider reads it when `metadataHost` is set (go-azure-sdk environments.FromEndpoint): `name`
 * and `resourceManager` must be non-empty; `microsoftGraphResourceId` is both Graph's base URL
 * and its token resource; `authentication.loginEndpoint` is the token URL's base, without a
 * trailing slash (the provider appends `/<tenant>/oauth2/v2.0/token`). Everything points here.
 */
export function armMetadata(origin: string): Record<string, unknown> {
  return {
    name: "EntraEmulator",
    portal: origin,
    resourceManager: `${origin}/`,
    microsoftGraphResourceId: `${origin}/`,
    authentication: {
      loginEndpoint: origin,
      audiences: [`${origin}/`],
      tenant: "common",
      identityProvider: "AAD",
    },
    suffixes: {
      acrLoginServer: "azurecr.io",
      keyVaultDns: "vault.azure.net",
      storage: "core.windows.net",
      sqlServerHostname: "database.windows.net",
    },
  };
}

/** `GET /metadata/endpoints?api-version=...`, as ARM answers it; undefined for other requests. */
export function metadataEndpoint(method: string, url: URL): Reply | undefined {
  if (method !== "GET" || url.pathname !== "/metadata/endpoints") return undefined;
  if (!url.searchParams.get("api-version")) {
    return {
      status: 400,
      body: {
        error: {
          code: "MissingApiVersionParameter",
          message: "The api-version query parameter (?api-version=) is required for all requests.",
        },
      },
    };
  }
  return { status: 200, body: armMetadata(url.origin) };
}
