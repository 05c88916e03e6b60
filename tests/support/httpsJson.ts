import * as fs from "fs";
import * as https from "https";

/** An answer read by `httpsJson`: status, lower-case headers, and the body (JSON when it is). */
export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // JSON of any shape: tests read the fields Graph's documentation names.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * One HTTPS request that trusts only the CA in `caFile` (real TLS verification, as a client of
 * the emulator would do). `json` is sent as JSON, `form` as a URL-encoded form.
 */
export function httpsJson(
  url: string,
  options: {
    caFile: string;
    method?: string;
    token?: string;
    json?: unknown;
    form?: Record<string, string>;
  },
): Promise<HttpsAnswer> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: string | undefined;
  if (options.json !== undefined) {
    payload = JSON.stringify(options.json);
    headers["content-type"] = "application/json";
  } else if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: options.method ?? (payload === undefined ? "GET" : "POST"),
        headers,
        ca: fs.readFileSync(options.caFile),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = text === "" ? undefined : JSON.parse(text);
          } catch {
            // not JSON: the text as is
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}
