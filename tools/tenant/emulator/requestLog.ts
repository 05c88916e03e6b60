import { forTerminal } from "../../../program/outputText";
import { EmulatorRequest } from "./http";

/**
 * One line of the emulator's request log: method, path, the names of the query parameters with
 * their values left out (`?client_secret=[value]`: a client secret or a token can travel in a
 * query string), and the status. Never a body, form or header. The path and names go through
 * the one escaping rule (program/outputText.ts): a request cannot write a line of its own or a
 * GitHub workflow command into a CI log.
 */
export function requestLogLine(request: EmulatorRequest): string {
  const query = Object.keys(request.query)
    .map((name) => `${name}=[value]`)
    .join("&");
  return forTerminal(
    `${request.method} ${request.path}${query ? `?${query}` : ""} -> ${request.status}`,
  );
}
