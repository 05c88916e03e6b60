import * as http from "http";
import * as https from "https";
import * as tls from "tls";

/**
 * A fetch that also trusts the CA certificates in `caPem` (PEM text), in this process: what
 * NODE_EXTRA_CA_CERTS does for a whole process, which Node reads only at its start. Made for
 * `CommandIo.fetch`, so a command signs in against the local Entra emulator in-process with the
 * certificate really verified (host name and chain), not with verification turned off.
 *
 * Over node:https (node:http for http: URLs), answering with a standard `Response`. Like fetch
 * it rejects with the signal's reason once aborted and with `TypeError("fetch failed")` (the
 * cause attached) when the request cannot be made; unlike fetch it follows no redirects (the
 * emulator sends none) and asks for no compression.
 */
export function trustingFetch(...caPem: string[]): typeof fetch {
  // One secure context for every connection: built per connection, parsing the ~140 root
  // certificates took seconds over a test run.
  const secureContext = tls.createSecureContext({ ca: [...tls.rootCertificates, ...caPem] });
  const agent = new https.Agent({ secureContext });
  return async (input, init) => {
    const request = new Request(input, init);
    const body = Buffer.from(await request.arrayBuffer());
    const url = new URL(request.url);
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    if (body.length > 0) headers["content-length"] = String(body.length);
    const signal = request.signal;
    signal.throwIfAborted();
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => {
        outgoing.destroy();
        reject(signal.reason);
      };
      const client = url.protocol === "https:" ? https : http;
      const outgoing = client.request(
        url,
        { method: request.method, headers, ...(url.protocol === "https:" ? { agent } : {}) },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
          incoming.on("end", () => {
            signal.removeEventListener("abort", onAbort);
            const status = incoming.statusCode ?? 0;
            const answer = new Headers();
            for (let i = 0; i < incoming.rawHeaders.length; i += 2)
              answer.append(incoming.rawHeaders[i], incoming.rawHeaders[i + 1]);
            resolve(
              new Response(NULL_BODY_STATUSES.includes(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: incoming.statusMessage,
                headers: answer,
              }),
            );
          });
        },
      );
      signal.addEventListener("abort", onAbort, { once: true });
      outgoing.on("error", (error) => {
        signal.removeEventListener("abort", onAbort);
        if (!signal.aborted) reject(new TypeError("fetch failed", { cause: error }));
      });
      outgoing.end(body.length > 0 ? body : undefined);
    });
  };
}

/** Statuses whose Response may not have a body. */
const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
