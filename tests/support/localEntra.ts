import { randomBytes } from "crypto";
import { IncomingMessage, ServerResponse } from "http";
import * as https from "https";
import { AddressInfo } from "net";
import { SignJWT } from "jose";
import { makeCertificate } from "./testCertificates";

/** One app registration the local Entra knows. */
export interface LocalApp {
  /** The current client secret, when the app signs in with one. */
  secret?: string;
  /** The client assertion (federated token) the app signs in with, instead of a secret. */
  assertion?: string;
  /** Entra answers AADSTS7000222 (expired) to this secret. */
  secretExpired?: boolean;
  /** Application permissions in the token's `roles` claim (omitted from the token when empty). */
  roles: string[];
  /** Roles from the second token on, as after consent replicates. */
  laterRoles?: string[];
}

/** The tenants, apps and GitHub token endpoint the local Entra serves. */
export interface LocalEntraOptions {
  /** Tenant ID → client ID → app. Unknown tenants get AADSTS90002, unknown clients AADSTS700016. */
  tenants: Record<string, Record<string, LocalApp>>;
  /** GitHub Actions' OIDC token endpoint: the request token it accepts and the token it issues. */
  github?: { requestToken: string; idToken: string };
  /** The server closes itself after this long, whatever happens to the test (default 5 minutes). */
  lifetimeMs?: number;
}

/** A request the server received, as the tests assert it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** Form fields of a POST. */
  form: Record<string, string>;
  authorization?: string;
}

/**
 * A local stand-in for Entra's token service on https://127.0.0.1:<random port>, with a
 * self-signed certificate made here with openssl. Serves the v2 OpenID metadata MSAL reads, the
 * v2 token endpoint (client credentials with a secret or an assertion; Entra's error bodies for
 * wrong or expired secrets and unknown apps and tenants), and GitHub Actions' OIDC token endpoint.
 * Child processes trust it through NODE_EXTRA_CA_CERTS=`caFile`, so TLS is verified for real.
 */
export class LocalEntra {
  readonly requests: ReceivedRequest[] = [];
  /** Every access token handed out, so tests can check none is ever printed. */
  readonly issuedTokens: string[] = [];
  private readonly tokenCounts = new Map<string, number>();
  private readonly signingKey = randomBytes(32);

  private constructor(
    private readonly server: https.Server,
    private readonly options: LocalEntraOptions,
    readonly caFile: string,
  ) {}

  /** Starts the server; call `close()` when done (it also closes itself after `lifetimeMs`). */
  static async start(options: LocalEntraOptions): Promise<LocalEntra> {
    const certificate = selfSignedCertificate();
    let entra: LocalEntra | undefined;
    const server = https.createServer(
      { key: certificate.key, cert: certificate.cert },
      (request, response) => {
        entra!
          .handle(request, response)
          .catch((error) =>
            json(response, 500, { error: "server_error", error_description: String(error) }),
          );
      },
    );
    entra = new LocalEntra(server, options, certificate.certFile);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const lifetime = setTimeout(() => void entra!.close(), options.lifetimeMs ?? 5 * 60_000);
    lifetime.unref();
    server.on("close", () => clearTimeout(lifetime));
    return entra;
  }

  /** Adds or replaces an app of a tenant (the tenant is created when new). */
  register(tenantId: string, clientId: string, app: LocalApp): void {
    (this.options.tenants[tenantId] ??= {})[clientId] = app;
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Stops accepting connections and drops open ones. */
  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.origin);
    const body = await readBody(request);
    const form = Object.fromEntries(new URLSearchParams(request.method === "POST" ? body : ""));
    this.requests.push({
      method: request.method ?? "",
      path: url.pathname + url.search,
      form,
      authorization: request.headers.authorization,
    });

    if (url.pathname === "/github/token") return this.githubToken(request, url, response);
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (metadata && request.method === "GET")
      return this.openIdConfiguration(metadata[1], response);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && request.method === "POST") return this.token(token[1], form, response);
    json(response, 404, { error: "not_found" });
  }

  private openIdConfiguration(tenantId: string, response: ServerResponse): void {
    if (!this.options.tenants[tenantId]) return tenantNotFound(response, tenantId);
    const base = `${this.origin}/${tenantId}`;
    json(response, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        "client_secret_post",
        "private_key_jwt",
        "client_secret_basic",
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      tenant_region_scope: "EU",
    });
  }

  private async token(
    tenantId: string,
    form: Record<string, string>,
    response: ServerResponse,
  ): Promise<void> {
    const tenant = this.options.tenants[tenantId];
    if (!tenant) return tenantNotFound(response, tenantId);
    if (form.grant_type !== "client_credentials")
      return json(response, 400, { error: "unsupported_grant_type" });
    const clientId = form.client_id;
    const app = tenant[clientId];
    if (!app) {
      return entraError(
        response,
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    if (form.client_assertion !== undefined) {
      if (form.client_assertion !== app.assertion) {
        return entraError(
          response,
          400,
          "invalid_client",
          70021,
          "No matching federated identity record found for presented assertion.",
        );
      }
    } else if (form.client_secret !== app.secret) {
      return entraError(
        response,
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    } else if (app.secretExpired) {
      return entraError(
        response,
        401,
        "invalid_client",
        7000222,
        `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      );
    }
    const count = (this.tokenCounts.get(clientId) ?? 0) + 1;
    this.tokenCounts.set(clientId, count);
    const roles = count > 1 && app.laterRoles ? app.laterRoles : app.roles;
    const accessToken = await this.accessToken(tenantId, clientId, roles, form.scope);
    this.issuedTokens.push(accessToken);
    json(response, 200, {
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  /** A token shaped like Entra's app-only Graph token, signed HS256 with a key of this server. */
  private accessToken(
    tenantId: string,
    clientId: string,
    roles: string[],
    scope: string | undefined,
  ): Promise<string> {
    const audience = (scope ?? "").replace(/\/\.default$/, "");
    return new SignJWT({
      tid: tenantId,
      appid: clientId,
      idtyp: "app",
      ...(roles.length > 0 ? { roles } : {}),
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(`https://sts.windows.net/${tenantId}/`)
      .setAudience(audience)
      .setSubject(`sp-${clientId}`)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(this.signingKey);
  }

  private githubToken(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const github = this.options.github;
    if (!github || request.headers.authorization !== `bearer ${github.requestToken}`)
      return json(response, 401, { message: "Bad credentials" });
    if (url.searchParams.get("audience") !== "api://AzureADTokenExchange")
      return json(response, 400, { message: "wrong audience" });
    json(response, 200, { count: 1, value: github.idToken });
  }
}

/** A private key and a self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function selfSignedCertificate(): { key: string; cert: string; certFile: string } {
  const made = makeCertificate(1, "/CN=127.0.0.1", "IP:127.0.0.1");
  return { key: made.privateKeyPem, cert: made.certificatePem, certFile: made.certificateFile };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

/** Entra's error body: code in the description and in `error_codes`, plus trace IDs. */
function entraError(
  response: ServerResponse,
  status: number,
  error: string,
  code: number,
  sentence: string,
): void {
  json(response, status, {
    error,
    error_description: `AADSTS${code}: ${sentence} Trace ID: 0f6e3a1c-0000-4000-8000-000000000001 Correlation ID: 5b7d9e2f-0000-4000-8000-000000000002 Timestamp: 2026-11-22 09:30:00Z`,
    error_codes: [code],
    timestamp: "2026-11-22 09:30:00Z",
    trace_id: "0f6e3a1c-0000-4000-8000-000000000001",
    correlation_id: "5b7d9e2f-0000-4000-8000-000000000002",
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function tenantNotFound(response: ServerResponse, tenantId: string): void {
  entraError(
    response,
    400,
    "invalid_tenant",
    90002,
    `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}
