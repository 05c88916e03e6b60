/** Where tokens come from: the Entra login host, and the Graph scope of that cloud. */
export interface AuthorityHost {
  /** Origin of the login host, e.g. `https://login.microsoftonline.com`. */
  origin: string;
  /** Scope for an app-only Microsoft Graph token in that cloud. */
  graphScope: string;
  /**
   * Hosts MSAL may trust without asking the public cloud's instance discovery endpoint. Set for
   * every host but the public cloud, so sovereign clouds and test endpoints are never looked up
   * on login.microsoftonline.com.
   */
  knownAuthorities: string[];
}

/** A bad `--authority-host` or `--scope`: a usage mistake. */
export class AuthorityError extends Error {}

/** Entra's login host in the public cloud: the default `--authority-host`. */
export const PUBLIC_CLOUD_HOST = "https://login.microsoftonline.com";

/** Graph's own host in each national cloud, keyed by that cloud's login host. */
const graphScopeByLoginHost: Record<string, string> = {
  "login.microsoftonline.com": "https://graph.microsoft.com/.default",
  "login.microsoftonline.us": "https://graph.microsoft.us/.default",
  "login.chinacloudapi.cn": "https://microsoftgraph.chinacloudapi.cn/.default",
};

/**
 * Reads `--authority-host` (default: the public cloud) and `--scope` (default: Graph in the cloud
 * of that host; Graph's public scope for hosts this table does not know).
 */
export function authorityHost(host: string = PUBLIC_CLOUD_HOST, scope?: string): AuthorityHost {
  let url: URL;
  try {
    url = new URL(host.includes("://") ? host : `https://${host}`);
  } catch {
    throw new AuthorityError(
      `verify: --authority-host ${JSON.stringify(host)} is not a URL; use e.g. https://login.microsoftonline.us`,
    );
  }
  if (
    url.protocol !== "https:" ||
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.username
  ) {
    throw new AuthorityError(
      `verify: --authority-host must be an https origin without a path or tenant, e.g. https://login.microsoftonline.us (got ${JSON.stringify(host)})`,
    );
  }
  if (scope !== undefined && !/^https:\/\/\S+\/\.default$/.test(scope)) {
    throw new AuthorityError(
      `verify: --scope must be a resource's .default scope, e.g. https://graph.microsoft.us/.default (got ${JSON.stringify(scope)})`,
    );
  }
  const isPublicCloud = url.host === new URL(PUBLIC_CLOUD_HOST).host;
  return {
    origin: url.origin,
    graphScope:
      scope ??
      graphScopeByLoginHost[url.host] ??
      graphScopeByLoginHost["login.microsoftonline.com"],
    knownAuthorities: isPublicCloud ? [] : [url.host],
  };
}
