import { createHash } from "crypto";
import { IncomingMessage, ServerResponse } from "http";

/** What the emulator answered to, as tests assert it. Never holds a secret or a token. */
export interface EmulatorRequest {
  method: string;
  /** Path without the query, e.g. `/v1.0/applications`. */
  path: string;
  /** Decoded query parameters, e.g. `{ "$filter": "appId eq '...'" }`. */
  query: Record<string, string>;
  /** Form fields of a token request; `client_secret` and `client_assertion` as fingerprints. */
  form?: Record<string, string>;
  /** JSON body of a Graph request, any secret-looking string as a fingerprint. */
  body?: unknown;
  /** Scheme and fingerprint of the credential, e.g. `Bearer sha256:1f2e...`. */
  authorization?: string;
  /** Status answered. */
  status: number;
}

/** Form fields that hold credentials: logged as fingerprints only. */
const SECRET_FORM_FIELDS =
  /^(client_secret|client_assertion|assertion|password|refresh_token|code)$/;
/** JSON properties that hold credentials: their strings are logged as fingerprints only. */
const SECRET_JSON_PROPERTIES = /^(secretText|secret|clientSecret|password|token|accessToken)$/i;

/**
 * A short, one-way fingerprint of a secret or token (`sha256:` + 16 hex digits), so a test can
 * check which secret was sent without the log ever holding it.
 */
export function fingerprint(secret: string): string {
  return `sha256:${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
}

export function redactForm(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form).map(([name, value]) => [
      name,
      SECRET_FORM_FIELDS.test(name) ? fingerprint(value) : value,
    ]),
  );
}

/** A JSON value with every string under a secret-looking property name fingerprinted. */
export function redactJson(value: unknown, secretParent = false): unknown {
  if (typeof value === "string") return secretParent ? fingerprint(value) : value;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secretParent));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [
        name,
        redactJson(item, secretParent || SECRET_JSON_PROPERTIES.test(name)),
      ]),
    );
  }
  return value;
}

export function redactAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, ...rest] = header.split(" ");
  return rest.length > 0 ? `${scheme} ${fingerprint(rest.join(" "))}` : fingerprint(scheme);
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** An answer: status, JSON body (none for 204) and extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["content-type"] ??= "application/json; charset=utf-8";
  headers["content-length"] = String(Buffer.byteLength(text));
  response.writeHead(reply.status, headers);
  response.end(text);
}
