import { randomBytes } from "crypto";
import * as fs from "fs";
import { IncomingMessage, ServerResponse } from "http";
import * as https from "https";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { offlineCatalogs } from "../../../program/permissions/catalog";
import { PermissionCatalog } from "../../../program/permissions/catalogTypes";
import { DEPLOYER_FULL_ROLES, Directory } from "../directory/directory";
import { DirectoryExport, GraphDirectoryObject } from "../directory/graphTypes";
import { directoryGuid } from "../directory/ids";
import { SeededAppManagementPolicies } from "../directory/appManagementRules";
import { emulatorCertificate } from "./certificate";
import {
  DeployerIdentity,
  EmulatorContext,
  GithubOidc,
  hashCredential,
  originFor,
} from "./context";
import { ANONYMOUS, graphApi } from "./graphApi";
import {
  EmulatorRequest,
  Reply,
  readBody,
  redactAuthorization,
  redactForm,
  redactJson,
  send,
} from "./http";
import { metadataEndpoint } from "./metadata";
import { TokenSigner } from "./tokenSigner";
import { tokenService } from "./tokenService";

export interface EntraEmulatorOptions {
  tenantId: string;
  /** Objects that exist from the start (an export bundle: Graph's shapes), plus users. */
  seed?: Partial<DirectoryExport> & { users?: GraphDirectoryObject[] };
  /** Identities registered with the emulator itself, e.g. the one the provider signs in as. */
  deployers?: DeployerIdentity[];
  /** Items per page of a Graph collection without `$top` (default 100, as Graph). */
  pageSize?: number;
  /** How long new objects and assignments stay unknown to Graph reads and tokens (default 0). */
  replicationDelayMs?: number;
  /** The tenant's clock (default: the system clock). */
  now?: () => Date;
  /** Port on 127.0.0.1 (default: any free port). */
  port?: number;
  /** GitHub Actions' OIDC token endpoint at `/github/token`. */
  github?: GithubOidc;
  /** Closes itself after this long, should a test never close it (default: never). */
  lifetimeMs?: number;
  /** Resource APIs published as service principals (default: the offline catalogs). */
  apis?: PermissionCatalog[];
  /** Treat unknown owner IDs as users (default false: Graph's 404). */
  assumeUnknownPrincipalsExist?: boolean;
  /** The tenant's app management policies, served and enforced (default none). */
  appManagementPolicies?: SeededAppManagementPolicies;
}

/**
 * The local Entra emulator: Entra's token service, ARM's cloud metadata and Microsoft Graph's
 * application endpoints over HTTPS on 127.0.0.1, backed by one `Directory` (the model behind the
 * simulated tenant), so `verify`, the azuread provider and tests meet the same rules.
 */
export class EntraEmulator {
  /** Every request answered, in order; never a secret or token (fingerprints instead). */
  readonly requests: EmulatorRequest[] = [];
  private readonly listeners = new Set<(request: EmulatorRequest) => void>();
  /** Resolves once the server has closed (by `close()` or at the end of `lifetimeMs`). */
  readonly closed: Promise<void>;

  private constructor(
    private readonly server: https.Server,
    private readonly context: EmulatorContext,
    readonly caFile: string,
    certificateDir: string,
  ) {
    // The folder holds the CA file clients trust and the CLI's emulator.env (a deployer secret):
    // both live as long as the server, and go with it, however it closes.
    this.closed = new Promise((resolve) =>
      server.once("close", () => {
        removeOwnFolder(certificateDir);
        resolve();
      }),
    );
  }

  static async start(options: EntraEmulatorOptions): Promise<EntraEmulator> {
    const certificate = emulatorCertificate();
    // The TLS key is needed in memory only: it is not left on disk for the server's lifetime.
    fs.rmSync(path.join(certificate.dir, "key.pem"), { force: true });
    const now = options.now ?? (() => new Date());
    const directory = new Directory({
      tenantId: options.tenantId,
      now,
      caller: { ...ANONYMOUS },
      assumeUnknownPrincipalsExist: options.assumeUnknownPrincipalsExist ?? false,
      // Real secrets: a keyId is readable by anyone who can list the app.
      newSecret: () => randomSecret(),
      appManagementPolicies: options.appManagementPolicies,
    });
    for (const api of options.apis ?? [...offlineCatalogs().values()]) directory.publishApi(api);
    if (options.seed) directory.seed(options.seed);
    // The request handler needs the emulator, which needs the server: filled in below.
    const started: { emulator?: EntraEmulator } = {};
    const server = https.createServer(
      { key: certificate.privateKeyPem, cert: certificate.certificatePem },
      (request, response) => {
        started.emulator!.handle(request, response).catch(() => response.destroy());
      },
    );
    const context: EmulatorContext = {
      tenantId: options.tenantId,
      directory,
      signer: await TokenSigner.create(),
      deployers: new Map(),
      issuedTokens: [],
      github: options.github && {
        requestTokenHash: hashCredential(options.github.requestToken),
        idToken: options.github.idToken,
        subject: options.github.subject,
      },
      port: () => (server.address() as AddressInfo).port,
      now,
      replicationDelayMs: options.replicationDelayMs ?? 0,
      pageSize: options.pageSize ?? 100,
      throttle: { remaining: 0, retryAfterSeconds: 1 },
    };
    const emulator = new EntraEmulator(
      server,
      context,
      certificate.certificateFile,
      certificate.dir,
    );
    started.emulator = emulator;
    for (const deployer of options.deployers ?? []) emulator.addDeployer(deployer);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", resolve);
    }).catch((error: unknown) => {
      removeOwnFolder(certificate.dir); // a port in use: no server will ever close
      throw error;
    });
    if (options.lifetimeMs !== undefined) {
      const lifetime = setTimeout(() => void emulator.close(), options.lifetimeMs);
      lifetime.unref();
      server.once("close", () => clearTimeout(lifetime));
    }
    return emulator;
  }

  /** `https://127.0.0.1:<port>`: the token service, the metadata and Graph all live here. */
  get origin(): string {
    return `https://127.0.0.1:${this.context.port()}`;
  }

  /** `127.0.0.1:<port>`: the azuread provider's `metadataHost` (ARM_METADATA_HOSTNAME). */
  get metadataHost(): string {
    return `127.0.0.1:${this.context.port()}`;
  }

  get tenantId(): string {
    return this.context.tenantId;
  }

  /** The one Directory behind every endpoint. */
  get directory(): Directory {
    return this.context.directory;
  }

  /** Every access token issued, so tests can check none is ever printed. */
  get issuedTokens(): string[] {
    return this.context.issuedTokens;
  }

  get replicationDelayMs(): number {
    return this.context.replicationDelayMs;
  }

  set replicationDelayMs(value: number) {
    this.context.replicationDelayMs = value;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** The `sub` of the GitHub tokens minted from now on: a repository switched to immutable IDs. */
  presentGithubSubject(subject: string): void {
    if (!this.context.github) throw new Error("the emulator was started without github:");
    this.context.github.subject = subject;
  }

  /** Answers the next `count` Graph requests with 429 Too Many Requests and `Retry-After`. */
  throttleNext(count: number, retryAfterSeconds = 1): void {
    this.context.throttle = { remaining: count, retryAfterSeconds };
  }

  /** Registers (or replaces) a deployer identity; returns its client and object IDs. */
  addDeployer(identity: DeployerIdentity): { clientId: string; objectId: string } {
    const clientId = identity.clientId.toLowerCase();
    const objectId = (
      identity.objectId ?? directoryGuid(this.tenantId, "deployer", clientId)
    ).toLowerCase();
    const displayName = identity.displayName ?? `deployer ${clientId.slice(0, 8)}`;
    this.context.deployers.set(clientId, {
      clientId,
      objectId,
      displayName,
      roles: [...identity.roles],
      secretHash: identity.secret === undefined ? undefined : hashCredential(identity.secret),
      assertionHash:
        identity.assertion === undefined ? undefined : hashCredential(identity.assertion),
    });
    // A directory object, so it can be named as an owner and read at directoryObjects/{id}.
    this.directory.users.set(objectId, {
      "@odata.type": "#microsoft.graph.servicePrincipal",
      id: objectId,
      displayName,
      appId: clientId,
    });
    return { clientId, objectId };
  }

  /**
   * Acts on the Directory as a Global Administrator in the portal would (create apps, add
   * passwords, grant admin consent), outside any request.
   */
  asAdministrator<T>(action: (directory: Directory) => T): T {
    const previous = this.directory.caller;
    this.directory.caller = {
      objectId: directoryGuid(this.tenantId, "user", "emulator-administrator"),
      clientId: "",
      roles: [...DEPLOYER_FULL_ROLES, "Application.Read.All", "Directory.ReadWrite.All"],
    };
    try {
      return action(this.directory);
    } finally {
      this.directory.caller = previous;
    }
  }

  /** Calls `listener` after each request is answered; returns a function that stops it. */
  onRequest(listener: (request: EmulatorRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops accepting connections and drops open ones. */
  async close(): Promise<void> {
    if (this.server.listening) {
      this.server.close();
      this.server.closeAllConnections();
    }
    await this.closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", originFor(this.context, request.headers.host));
    const method = request.method ?? "GET";
    const rawBody = await readBody(request).catch(() => "");
    const isForm = /x-www-form-urlencoded/i.test(request.headers["content-type"] ?? "");
    const form = isForm ? Object.fromEntries(new URLSearchParams(rawBody)) : undefined;
    const authorization = request.headers.authorization;
    let reply: Reply;
    try {
      reply = metadataEndpoint(method, url) ??
        (await tokenService(this.context, {
          method,
          path: url.pathname,
          query: url.searchParams,
          form: form ?? {},
          authorization,
          origin: url.origin,
        })) ??
        (await graphApi(this.context, {
          method,
          path: url.pathname,
          url,
          rawBody,
          authorization,
        })) ?? {
          status: 404,
          body: { error: { code: "NotFound", message: `No route for ${method} ${url.pathname}` } },
        };
    } catch (error) {
      reply = {
        status: 500,
        body: { error: { code: "InternalServerError", message: (error as Error).message } },
      };
    }
    const entry: EmulatorRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(form ? { form: redactForm(form) } : {}),
      ...(!form && rawBody ? { body: redactJson(jsonOrText(rawBody)) } : {}),
      ...(authorization ? { authorization: redactAuthorization(authorization) } : {}),
      status: reply.status,
    };
    this.requests.push(entry);
    send(response, reply);
    for (const listener of this.listeners) listener(entry);
  }
}

function jsonOrText(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return "[not JSON]";
  }
}

/** Shaped like an Entra client secret (3 characters, `8Q~`, 34 characters), from random bytes. */
function randomSecret(): string {
  const body = randomBytes(30).toString("base64url");
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

/** Removes a folder this process made under the temporary folder, never the temporary folder. */
function removeOwnFolder(dir: string): void {
  const parent = path.resolve(os.tmpdir());
  if (path.dirname(path.resolve(dir)) !== parent) return;
  fs.rmSync(dir, { recursive: true, force: true });
}
