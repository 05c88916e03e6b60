import { DirectoryCaller } from "../directory/directory";
import { GraphError, notFound } from "../directory/graphError";
import { EmulatorContext, GRAPH_APP_ID, isVisible, localOrigins } from "./context";
import { applicationRoutes } from "./graphApplications";
import { grantRoutes } from "./graphGrants";
import { policyRoutes } from "./graphPolicies";
import { GraphCall } from "./graphRequest";
import { servicePrincipalRoutes } from "./graphServicePrincipals";
import { Reply } from "./http";

const ROUTES = [...applicationRoutes, ...servicePrincipalRoutes, ...grantRoutes, ...policyRoutes];

/** The caller between requests: no identity, no permissions. */
export const ANONYMOUS: DirectoryCaller = { objectId: "", clientId: "", roles: [] };

/** One request to Graph, as the server passes it on. */
export interface GraphRequest {
  method: string;
  path: string;
  url: URL;
  rawBody: string;
  authorization?: string;
}

function graphError(error: GraphError, headers?: Record<string, string>): Reply {
  return { status: error.status, body: error.body(), headers };
}

/**
 * Microsoft Graph v1.0 and beta (`/v1.0/...`, `/beta/...`; the two answer alike here): a bearer
 * token from this emulator is required, its `oid`, `appid` and `roles` become the Directory's
 * caller for the request, and the Directory's rules decide. Undefined for other paths.
 */
export async function graphApi(
  context: EmulatorContext,
  request: GraphRequest,
): Promise<Reply | undefined> {
  const match = /^\/(v1\.0|beta)(\/.*)?$/.exec(request.path);
  if (!match) return undefined;
  if (context.throttle.remaining > 0) {
    context.throttle.remaining -= 1;
    return graphError(
      new GraphError(429, "TooManyRequests", "Too many requests. Please try again later."),
      { "retry-after": String(context.throttle.retryAfterSeconds) },
    );
  }
  const caller = await authenticate(context, request);
  if ("status" in caller) return caller;
  try {
    const body = parseBody(request.rawBody);
    const path = resolveKeys(context, decodePath(match[2] ?? "/"));
    const candidates = ROUTES.filter((route) => route.pattern.test(path));
    if (candidates.length === 0) {
      const segment = path.split("/").filter(Boolean).pop() ?? "";
      throw new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
    }
    const route = candidates.find((candidate) => candidate.method === request.method);
    if (!route) {
      throw new GraphError(
        405,
        "Request_BadRequest",
        "Specified HTTP method is not allowed for the request uri.",
      );
    }
    const call: GraphCall = {
      context,
      directory: context.directory,
      method: request.method,
      version: match[1] as GraphCall["version"],
      query: request.url.searchParams,
      body,
      url: request.url,
    };
    context.directory.caller = caller;
    try {
      return route.handle(call, route.pattern.exec(path)!.slice(1));
    } finally {
      context.directory.caller = { ...ANONYMOUS };
    }
  } catch (error) {
    if (error instanceof GraphError) return graphError(error);
    throw error;
  }
}

/** The caller named by the bearer token, or Graph's 401. */
async function authenticate(
  context: EmulatorContext,
  request: GraphRequest,
): Promise<DirectoryCaller | Reply> {
  const refuse = (message: string): Reply =>
    graphError(new GraphError(401, "InvalidAuthenticationToken", message), {
      "www-authenticate": `Bearer realm="", authorization_uri="${request.url.origin}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
    });
  const token = /^Bearer (.+)$/i.exec(request.authorization ?? "")?.[1]?.trim();
  if (!token) return refuse("Access token is empty.");
  const audiences = [
    ...localOrigins(context).flatMap((origin) => [origin, `${origin}/`]),
    "https://graph.microsoft.com",
    "https://graph.microsoft.com/",
    GRAPH_APP_ID,
  ];
  const verified = await context.signer.verify(token, audiences, context.now());
  if (!verified.ok) return refuse(verified.message);
  const { claims } = verified;
  if (claims.tid !== context.tenantId)
    return refuse("Access token validation failure. Invalid tenant.");
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((role): role is string => typeof role === "string")
    : [];
  return {
    objectId: String(claims.oid ?? "").toLowerCase(),
    clientId: String(claims.appid ?? claims.azp ?? "").toLowerCase(),
    roles,
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new GraphError(400, "BadRequest", `The request URI '${path}' is not valid.`);
  }
}

function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new GraphError(
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Resolves Graph's alternate keys, `applications(appId='...')` and
 * `servicePrincipals(appId='...')`, to `/applications/{id}` (404 when no such object has
 * replicated).
 */
function resolveKeys(context: EmulatorContext, path: string): string {
  return path.replace(
    /^\/(applications|servicePrincipals)\(appId='([^']*)'\)/,
    (_whole, set: string, appId: string) => {
      const store =
        set === "applications"
          ? context.directory.applications
          : context.directory.servicePrincipals;
      const found = store.byAppId(appId);
      if (!found || !isVisible(context, found.id)) throw notFound(appId);
      return `/${set}/${found.id}`;
    },
  );
}
