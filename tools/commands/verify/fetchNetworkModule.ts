import {
  AuthError,
  ClientAuthErrorCodes,
  INetworkModule,
  NetworkRequestOptions,
  NetworkResponse,
} from "@azure/msal-node";

/**
 * MSAL's network client over a given fetch function, behaving as MSAL for Node's own client
 * (`HttpClient` in @azure/msal-node 7, which calls the global fetch): the request's headers as
 * given, a POST's body (empty when none), a GET's timeout (a POST has none), and an answer of
 * lower-case headers, the status and the body parsed as JSON, whatever the status. Failures are
 * MSAL's errors with MSAL's codes and messages: `network_error` ("Request timeout", or "Network
 * request failed: ...") and `token_parsing_error` for a body that is not JSON.
 *
 * With the global fetch this is MSAL's default; `verify` takes the fetch from its `CommandIo`
 * so a test can sign in against a local emulator whose certificate only it trusts.
 */
export function fetchNetworkModule(fetchFn: typeof fetch): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(fetchFn, url, "GET", options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>(fetchFn, url, "POST", options),
  };
}

async function send<T>(
  fetchFn: typeof fetch,
  url: string,
  method: "GET" | "POST",
  options?: NetworkRequestOptions,
  timeout?: number,
): Promise<NetworkResponse<T>> {
  const controller = new AbortController();
  const timer = timeout ? setTimeout(() => controller.abort(), timeout) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(options?.headers ?? {})) headers.append(name, value);
  const init: RequestInit = { method, headers, signal: controller.signal };
  if (method === "POST") init.body = options?.body || "";
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (error) {
    clearTimeout(timer);
    if (isError(error) && error.name === "AbortError")
      throw new AuthError(ClientAuthErrorCodes.networkError, "", "Request timeout");
    const message = isError(error) ? error.message : "unknown";
    // MSAL wraps this in a NetworkError whose `error` (this AuthError) is what its callers throw.
    throw new AuthError(
      ClientAuthErrorCodes.networkError,
      "",
      `Network request failed: ${message}, additionalErrorInfo: error.name:${isError(error) ? error.name : undefined}, error.message:${isError(error) ? error.message : undefined}`,
    );
  }
  clearTimeout(timer);
  try {
    const dictionary: Record<string, string> = {};
    response.headers.forEach((value, name) => (dictionary[name] = value));
    return { headers: dictionary, body: (await response.json()) as T, status: response.status };
  } catch (error) {
    throw new AuthError(
      ClientAuthErrorCodes.tokenParsingError,
      "",
      `Failed to parse response: ${isError(error) ? error.message : "unknown"}`,
    );
  }
}

/**
 * An Error, also one made in another realm (a fetch outside a test runner's sandbox), where
 * `instanceof Error` is false although MSAL's own client, in one realm, would see an Error.
 */
function isError(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as Error).name === "string" &&
      typeof (value as Error).message === "string")
  );
}
