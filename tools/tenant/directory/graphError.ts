/**
 * An error as Microsoft Graph answers it: HTTP status and `{ error: { code, message } }`. The
 * emulator sends it as is; under the mock runtime the provider model turns it into the
 * provider's own wording (`unexpected status 400 ... with error: Request_BadRequest: ...`).
 */
/** One entry of an error's `details`. */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Graph's `details`, for the errors that carry them (app management policies). */
    readonly details?: GraphErrorDetail[],
  ) {
    super(message);
    this.name = "GraphError";
  }

  /** The JSON body Graph sends with the status. */
  body(): {
    error: {
      code: string;
      message: string;
      details?: GraphErrorDetail[];
      innerError: Record<string, string>;
    };
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
        innerError: { "request-id": "00000000-0000-0000-0000-000000000000" },
      },
    };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
};

/** How the azuread provider (go-azure-sdk) prints a Graph error it received. */
export function providerErrorText(error: GraphError): string {
  const text = STATUS_TEXT[error.status] ?? "";
  return `unexpected status ${error.status} (${error.status} ${text}) with error: ${error.code}: ${error.message}`;
}

export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string, code = "Request_BadRequest"): GraphError {
  return new GraphError(400, code, message);
}
