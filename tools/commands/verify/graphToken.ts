import { ConfidentialClientApplication, Configuration, LogLevel } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { AuthorityHost } from "./authority";
import { AuthContext, AuthFailure, authFailureFrom, failureFromErrorBody } from "./entraErrors";
import { fetchNetworkModule } from "./fetchNetworkModule";

/** How an identity proves itself: a client secret, or a federated token (a client assertion). */
export type ClientCredential =
  | { kind: "secret"; secret: string }
  | { kind: "assertion"; assertion: () => Promise<string> };

/** One client credentials request for an app-only Microsoft Graph token. */
export interface TokenRequest {
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  authority: AuthorityHost;
}

/** What `verify` reads from a token. The token itself never leaves this module. */
export interface TokenClaims {
  /** The `roles` claim (application permissions granted), sorted; empty when absent. */
  roles: string[];
  /** `tid`: the tenant that issued the token. */
  tenantId?: string;
  /** `appid` (v1 tokens) or `azp` (v2): the client the token was issued to. */
  clientId?: string;
  /** `oid`: the object ID of the service principal the token was issued to. */
  objectId?: string;
}

/** The claims of the token, or why there is none. */
export type TokenOutcome = { ok: true; claims: TokenClaims } | { ok: false; failure: AuthFailure };

/** MSAL's error codes for a tenant whose OpenID metadata could not be read. */
const METADATA_ERRORS = ["openid_config_error", "endpoints_resolution_error"];

/** How long to wait for the OpenID metadata when diagnosing a failure. */
const METADATA_TIMEOUT_MS = 10_000;

/**
 * Acquires a token with the client credentials flow (scope `<graph>/.default`, so the token
 * carries every application permission consented for the app) and reads its claims. Never
 * throws for an authentication problem: the outcome says what went wrong. Every request (MSAL's
 * and the metadata diagnosis) goes through `fetchFn`, the global fetch unless a test gives one.
 */
export async function acquireGraphToken(
  request: TokenRequest,
  fetchFn: typeof fetch = fetch,
): Promise<TokenOutcome> {
  const context: AuthContext = {
    tenantId: request.tenantId,
    clientId: request.clientId,
    authorityOrigin: request.authority.origin,
  };
  const secrets: string[] = request.credential.kind === "secret" ? [request.credential.secret] : [];
  const client = new ConfidentialClientApplication(msalConfiguration(request, secrets, fetchFn));
  try {
    // skipCache: every run (and every retry of --wait) must ask Entra afresh.
    const result = await client.acquireTokenByClientCredential({
      scopes: [request.authority.graphScope],
      skipCache: true,
    });
    if (!result?.accessToken)
      return { ok: false, failure: { explanation: "Entra answered without an access token" } };
    return readClaims(result.accessToken);
  } catch (error) {
    // MSAL reports unreadable tenant metadata without Entra's reason (AADSTS90002 and the like); fetch it to find out.
    if (METADATA_ERRORS.includes(String((error as { errorCode?: unknown }).errorCode))) {
      return { ok: false, failure: await diagnoseMetadata(request, context, fetchFn) };
    }
    return { ok: false, failure: authFailureFrom(error, context, secrets) };
  }
}

function msalConfiguration(
  request: TokenRequest,
  secrets: string[],
  fetchFn: typeof fetch,
): Configuration {
  const credential =
    request.credential.kind === "secret"
      ? { clientSecret: request.credential.secret }
      : {
          clientAssertion: async () => {
            const assertion = await (
              request.credential as Extract<ClientCredential, { kind: "assertion" }>
            ).assertion();
            secrets.push(assertion);
            return assertion;
          },
        };
  return {
    auth: {
      clientId: request.clientId,
      authority: `${request.authority.origin}/${request.tenantId}`,
      knownAuthorities: request.authority.knownAuthorities,
      ...credential,
    },
    // MSAL's log lines can quote requests; keep it silent so nothing sensitive reaches the console.
    system: {
      networkClient: fetchNetworkModule(fetchFn),
      loggerOptions: {
        loggerCallback: () => undefined,
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
      },
    },
  };
}

/**
 * Reads the claims without checking the signature: the token is addressed to Microsoft Graph,
 * which validates it, and it came straight from Entra over verified TLS; `verify` only reads what
 * Entra put in it.
 */
function readClaims(accessToken: string): TokenOutcome {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return {
      ok: false,
      failure: {
        explanation:
          "Entra returned an access token that is not a JWT, so its roles cannot be read",
      },
    };
  }
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((role): role is string => typeof role === "string")
    : [];
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    ok: true,
    claims: {
      roles: [...new Set(roles)].sort(),
      tenantId: text(claims.tid),
      objectId: text(claims.oid),
      clientId: text(claims.appid) ?? text(claims.azp),
    },
  };
}

/** Fetches the tenant's OpenID metadata to report Entra's reason (e.g. AADSTS90002 tenant not found). */
async function diagnoseMetadata(
  request: TokenRequest,
  context: AuthContext,
  fetchFn: typeof fetch,
): Promise<AuthFailure> {
  const url = `${request.authority.origin}/${request.tenantId}/v2.0/.well-known/openid-configuration`;
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
    const body: unknown = await response.json().catch(() => undefined);
    return (
      failureFromErrorBody(body, context) ?? {
        explanation: `could not read the tenant's OpenID metadata at ${url} (HTTP ${response.status}); check the tenant ID and --authority-host`,
      }
    );
  } catch (error) {
    const cause =
      (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    return { explanation: `could not reach ${url}: ${cause}` };
  }
}
