import {
  HttpClient,
  PipelineRequest,
  PipelineResponse,
  RestError,
  createHttpHeaders,
} from "@azure/core-rest-pipeline";

/**
 * The Azure SDK's HTTP client over a given fetch function, so `@azure/identity`'s sign-ins go
 * through `CommandIo.fetch` like every other request a command makes (a test passes a fetch
 * that trusts the local emulator's certificate). Bodies are text: identity sends token requests
 * as form-encoded strings and reads JSON answers.
 */
export function fetchHttpClient(fetchFn: typeof fetch): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (request.body !== undefined && typeof request.body !== "string") {
        throw new RestError("only text request bodies are supported", { request });
      }
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      request.abortSignal?.addEventListener("abort", onAbort);
      const timer =
        request.timeout > 0 ? setTimeout(() => controller.abort(), request.timeout) : undefined;
      try {
        const response = await fetchFn(request.url, {
          method: request.method,
          headers: Object.fromEntries(request.headers),
          body: request.body,
          signal: controller.signal,
        });
        const headers = createHttpHeaders();
        response.headers.forEach((value, name) => headers.set(name, value));
        return { request, status: response.status, headers, bodyAsText: await response.text() };
      } catch (error) {
        throw new RestError(`request to ${new URL(request.url).origin} failed: ${reason(error)}`, {
          code: RestError.REQUEST_SEND_ERROR,
          request,
        });
      } finally {
        clearTimeout(timer);
        request.abortSignal?.removeEventListener("abort", onAbort);
      }
    },
  };
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } })?.cause?.message;
  const message = (error as { message?: unknown })?.message;
  return String(cause ?? message ?? error);
}
