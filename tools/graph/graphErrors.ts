import { explainForbidden } from "./permissions";

/** Why a Graph read failed; every one is exit 2 for the commands (never a partial result). */
export type GraphFailure =
  | "sign-in"
  | "forbidden"
  | "not-found"
  | "throttled"
  | "network"
  | "graph";

/** A Graph read that failed, with a message fit for a user (no token, no secret). */
export class GraphReadError extends Error {
  constructor(
    readonly failure: GraphFailure,
    message: string,
    /** The HTTP status, when Graph answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The error the Graph client library raised for `path`, in words. */
export function graphReadError(
  error: unknown,
  path: string,
  identity: string,
  graphOrigin: string,
): GraphReadError {
  if (error instanceof GraphReadError) return error;
  const status = Number((error as { statusCode?: unknown }).statusCode ?? -1);
  const code = String((error as { code?: unknown }).code ?? "");
  const detail = oneLine(String((error as { message?: unknown }).message ?? error));
  const what = `GET ${path.split("?")[0]}`;
  if (status === 403) {
    return new GraphReadError(
      "forbidden",
      `${explainForbidden(path, identity)} (${what}: ${code || "Forbidden"})`,
      status,
    );
  }
  if (status === 401) {
    return new GraphReadError(
      "sign-in",
      `Graph did not accept the token of ${identity} (${what}: 401 ${code}: ${detail}); check the tenant and --authority-host/--scope`,
      status,
    );
  }
  if (status === 404) {
    return new GraphReadError("not-found", `${what}: 404 ${code}: ${detail}`, status);
  }
  if (status === 429) {
    return new GraphReadError(
      "throttled",
      `Graph kept throttling (${what}: 429) after every retry; run again later`,
      status,
    );
  }
  if (status <= 0) {
    return new GraphReadError("network", `could not reach Graph at ${graphOrigin}: ${detail}`);
  }
  return new GraphReadError("graph", `${what}: ${status} ${code}: ${detail}`, status);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}
