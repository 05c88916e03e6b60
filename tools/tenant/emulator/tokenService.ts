import { randomBytes } from "crypto";
import { authenticateClient } from "./clientAuthentication";
import { EmulatorContext, GRAPH_APP_ID, localOrigins, matchesHash } from "./context";
import { EntraRefusal, entraErrorReply, refusals } from "./entraErrors";
import { Reply } from "./http";
import {
  GITHUB_ACTIONS_ISSUER,
  parseGitHubSubject,
} from "../../../program/credentials/githubSubject";

/** Seconds an access token lives, as Entra's `expires_in` usually says. */
const TOKEN_LIFETIME_SECONDS = 3599;
/** Seconds a GitHub Actions OIDC token lives (GitHub's are valid for minutes). */
const GITHUB_TOKEN_LIFETIME_SECONDS = 300;
/** Tenant aliases whose metadata MSAL may read before it knows the tenant. */
const TENANT_ALIASES = ["common", "organizations"];

/** One request to the token service, as the server passes it on. */
export interface TokenServiceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: Record<string, string>;
  authorization?: string;
  /** Origin the client connected to, for the URLs in answers. */
  origin: string;
}

/**
 * Entra's token service as MSAL and the azuread provider use it: the v2 OpenID metadata, the
 * signing keys, instance discovery, the v2 token endpoint (client credentials with a secret or
 * an assertion) and GitHub Actions' OIDC token endpoint. Undefined for any other path.
 */
export async function tokenService(
  context: EmulatorContext,
  request: TokenServiceRequest,
): Promise<Reply | undefined> {
  const { method, path, origin } = request;
  if (path === "/github/token" && method === "GET") return await githubToken(context, request);
  if (path === "/common/discovery/instance" && method === "GET")
    return instanceDiscovery(context, request);
  const metadata = /^\/([^/]+)(\/v2\.0)?\/\.well-known\/openid-configuration$/.exec(path);
  if (metadata && method === "GET") {
    const tenant = knownTenant(context, metadata[1], true);
    if (!tenant) return entraErrorReply(refusals.tenantNotFound(metadata[1]), context.now());
    return { status: 200, body: openIdConfiguration(origin, tenant) };
  }
  const keys = /^\/([^/]+)\/discovery(\/v2\.0)?\/keys$/.exec(path);
  if (keys && method === "GET") {
    if (!knownTenant(context, keys[1], true))
      return entraErrorReply(refusals.tenantNotFound(keys[1]), context.now());
    return { status: 200, body: context.signer.jwks() };
  }
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
  if (token && method === "POST") {
    const tenant = knownTenant(context, token[1], false);
    const outcome = tenant ? await issueToken(context, request) : refusals.tenantNotFound(token[1]);
    return isRefusal(outcome)
      ? entraErrorReply(outcome, context.now())
      : { status: 200, body: outcome, headers: { "cache-control": "no-store" } };
  }
  return undefined;
}

function isRefusal(value: object): value is EntraRefusal {
  return "sentence" in value && "code" in value;
}

/** The tenant ID a path segment names, or undefined for a tenant this emulator is not. */
function knownTenant(
  context: EmulatorContext,
  segment: string,
  aliases: boolean,
): string | undefined {
  if (segment.toLowerCase() === context.tenantId.toLowerCase()) return context.tenantId;
  if (aliases && TENANT_ALIASES.includes(segment.toLowerCase())) return "{tenantid}";
  return undefined;
}

function openIdConfiguration(origin: string, tenant: string): Record<string, unknown> {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    jwks_uri: `${origin}/${tenant === "{tenantid}" ? "common" : tenant}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: "EU",
    cloud_instance_name: "entra-emulator",
  };
}

/** MSAL's instance discovery (`common/discovery/instance?authorization_endpoint=...`). */
function instanceDiscovery(context: EmulatorContext, request: TokenServiceRequest): Reply {
  const endpoint = request.query.get("authorization_endpoint") ?? "";
  const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? "common";
  const hosts = localOrigins(context).map((origin) => new URL(origin).host);
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${request.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: hosts[0], preferred_cache: hosts[0], aliases: hosts }],
    },
  };
}

/** Client credentials: checks the client, then signs an app-only token for Microsoft Graph. */
async function issueToken(
  context: EmulatorContext,
  request: TokenServiceRequest,
): Promise<EntraRefusal | Record<string, unknown>> {
  const { form, origin } = request;
  if (form.grant_type !== "client_credentials")
    return refusals.unsupportedGrant(form.grant_type ?? "");
  const client = authenticateClient(context, form);
  if (isRefusal(client)) return client;
  const scope = (form.scope ?? "").trim();
  if (!scope.endsWith("/.default")) return refusals.scopeNotDefault(scope);
  const resource = scope.slice(0, -"/.default".length).replace(/\/$/, "");
  const graphResources = [...localOrigins(context), "https://graph.microsoft.com", GRAPH_APP_ID];
  if (!graphResources.includes(resource.toLowerCase()))
    return refusals.resourceNotFound(resource, context.tenantId);
  const issuer = `${origin}/${context.tenantId}/v2.0`;
  const credentialKind = client.credential === "secret" ? "1" : "2";
  const accessToken = await context.signer.sign(
    {
      aud: resource,
      iss: issuer,
      idp: issuer,
      tid: context.tenantId,
      oid: client.objectId,
      sub: client.objectId,
      appid: client.clientId,
      azp: client.clientId,
      app_displayname: client.displayName,
      appidacr: credentialKind,
      azpacr: credentialKind,
      idtyp: "app",
      uti: randomBytes(16).toString("base64url"),
      ver: "2.0",
      ...(client.roles.length > 0 ? { roles: client.roles } : {}),
    },
    context.now(),
    TOKEN_LIFETIME_SECONDS,
  );
  context.issuedTokens.push(accessToken);
  return {
    token_type: "Bearer",
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: accessToken,
  };
}

/** GitHub Actions' `ACTIONS_ID_TOKEN_REQUEST_URL`: the job's OIDC token for Entra's exchange. */
async function githubToken(context: EmulatorContext, request: TokenServiceRequest): Promise<Reply> {
  const github = context.github;
  const presented = /^bearer (.+)$/i.exec(request.authorization ?? "")?.[1];
  if (!github || presented === undefined || !matchesHash(github.requestTokenHash, presented))
    return { status: 401, body: { message: "Bad credentials" } };
  const audience = request.query.get("audience");
  if (audience !== "api://AzureADTokenExchange")
    return { status: 400, body: { message: "wrong audience" } };
  if (github.idToken !== undefined || github.subject === undefined)
    return { status: 200, body: { count: 1, value: github.idToken } };
  const parsed = parseGitHubSubject(github.subject);
  // A GitHub-shaped token: its signature is the emulator's, which Entra's side here never checks.
  const idToken = await context.signer.sign(
    {
      iss: GITHUB_ACTIONS_ISSUER,
      aud: audience,
      sub: github.subject,
      jti: randomBytes(16).toString("hex"),
      ...(parsed
        ? {
            repository: parsed.repository,
            repository_owner: parsed.repository.split("/")[0],
            ...(parsed.form === "immutable"
              ? { repository_id: parsed.repositoryId, repository_owner_id: parsed.ownerId }
              : {}),
          }
        : {}),
    },
    context.now(),
    GITHUB_TOKEN_LIFETIME_SECONDS,
  );
  context.issuedTokens.push(idToken);
  return { status: 200, body: { count: 1, value: idToken } };
}
