import {
  AuthenticationHandler,
  Client,
  Context,
  Middleware,
} from "@microsoft/microsoft-graph-client";
import type { TokenCredential } from "@azure/identity";
import { decodeJwt } from "jose";
import { GraphCloud } from "./cloud";
import { GraphReadError, graphReadError } from "./graphErrors";
import { ThrottleRetry } from "./throttleRetry";

/** What the reader needs from Graph: one object, or every page of a collection. */
export interface GraphApi {
  /** GET `path` (after `/v1.0`, query already URL-encoded), e.g. `/applications/{id}`. */
  get<T>(path: string): Promise<T>;
  /** GET a collection and every page after it (`@odata.nextLink`), items in order. */
  list<T>(path: string): Promise<T[]>;
  /** The tenant (`tid`) of the token used, once a request was made. */
  tenantId(): string | undefined;
  /** The Graph origin read, e.g. `https://graph.microsoft.com`. */
  readonly origin: string;
  /** Every wait for throttling (ms). */
  readonly waits: number[];
}

export interface GraphConnection {
  cloud: GraphCloud;
  credential: TokenCredential;
  /** Who signs in, for messages (e.g. `AZURE_CLIENT_SECRET`). */
  identity: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  /** Retries of a throttled request (default 5). */
  maxRetries?: number;
}

/** A runaway `@odata.nextLink` chain stops here (999 items a page: a million objects). */
const MAX_PAGES = 1000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Microsoft Graph v1.0 through @microsoft/microsoft-graph-client, with a middleware chain of
 * our own: the library's AuthenticationHandler (a token from `credential` for the cloud's Graph
 * scope), throttling retries (ThrottleRetry, with the given sleep) and a last handler that sends
 * through `fetch` (the command's, so tests reach the local emulator in-process).
 */
export function connectGraph(connection: GraphConnection): GraphApi {
  const { cloud, credential, identity } = connection;
  const origin = cloud.graphOrigin;
  let tenantId: string | undefined;
  // The library wraps errors thrown while signing in into a GraphError without the original.
  let signInFailure: GraphReadError | undefined;
  const authProvider = {
    getAccessToken: async () => {
      let token: string | undefined;
      try {
        token = (await credential.getToken(cloud.authority.graphScope))?.token;
      } catch (error) {
        signInFailure = new GraphReadError("sign-in", signInMessage(identity, error));
        throw signInFailure;
      }
      if (!token) {
        signInFailure = new GraphReadError("sign-in", `${identity} returned no access token`);
        throw signInFailure;
      }
      tenantId = tokenTenant(token) ?? tenantId;
      return token;
    },
  };
  const retry = new ThrottleRetry({
    sleep: connection.sleep,
    now: connection.now,
    maxRetries: connection.maxRetries,
  });
  const send: Middleware = {
    execute: async (context: Context) => {
      context.response = await connection.fetch(context.request, {
        ...(context.options as RequestInit),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    },
  };
  const authentication = new AuthenticationHandler(authProvider);
  authentication.setNext(retry);
  retry.setNext(send);
  const client = Client.initWithMiddleware({
    middleware: authentication,
    baseUrl: origin,
    defaultVersion: "v1.0",
    customHosts: new Set([new URL(origin).hostname]),
  });

  const get = async <T>(path: string): Promise<T> => {
    try {
      return (await client.api(path).get()) as T;
    } catch (error) {
      throw signInFailure ?? graphReadError(error, path, identity, origin);
    }
  };

  return {
    origin,
    waits: retry.waits,
    tenantId: () => tenantId,
    get,
    async list<T>(path: string): Promise<T[]> {
      const items: T[] = [];
      let next: string | undefined = path;
      for (let pages = 0; next !== undefined; pages++) {
        if (pages >= MAX_PAGES)
          throw new GraphReadError("graph", `GET ${path}: more than ${MAX_PAGES} pages`);
        const page: { value?: T[]; "@odata.nextLink"?: string } = await get(next);
        if (!Array.isArray(page.value))
          throw new GraphReadError("graph", `GET ${path}: the answer is not a collection`);
        items.push(...page.value);
        next = page["@odata.nextLink"];
        // The token goes wherever the link points: only ever to the Graph being read.
        if (next !== undefined && !sameOrigin(next, origin))
          throw new GraphReadError("graph", `GET ${path}: a next page outside ${origin}`);
      }
      return items;
    },
  };
}

function sameOrigin(link: string, origin: string): boolean {
  try {
    return new URL(link).origin === origin;
  } catch {
    return false;
  }
}

function tokenTenant(token: string): string | undefined {
  try {
    const tid = decodeJwt(token).tid;
    return typeof tid === "string" ? tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function signInMessage(identity: string, error: unknown): string {
  const message = String((error as { message?: unknown })?.message ?? error)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(" ");
  return `could not sign in with ${identity}: ${message.slice(0, 500)}`;
}
