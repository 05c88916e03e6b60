import * as net from "net";
import { format } from "util";

// What the verify tests share besides the emulator session: the tenant, the stack, the report
// of a healthy stack, and the watch on what a run prints.

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const NOW = "2026-11-22";
export const PARTS_ROLES = [
  "ExternalConnection.ReadWrite.OwnedBy",
  "ExternalItem.ReadWrite.OwnedBy",
];
/** New consent takes this long on the emulator's clock to reach tokens. */
export const REPLICATION_MS = 60_000;
export const GITHUB = { requestToken: "gh-request-token-0001", idToken: "github.oidc.jwt-0001" };

/** The stack every end-to-end case verifies: a fixed secret and a 30-day rotating one. */
export const stackConfig = {
  "mail-alerts": {
    displayName: "Mail Alerts",
    permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
    clientSecret: { expiresOn: "2027-06-30" },
  },
  "parts-connector": {
    displayName: "Parts Connector",
    permissions: { "Microsoft Graph": { application: PARTS_ROLES } },
    clientSecret: { rotateEveryDays: 30 },
  },
};

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** An app made in the emulator's tenant: its client ID, secret and service principal. */
export type MadeApp = { clientId: string; secret: string; objectId: string };

export interface VerifyRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** This process's environment without the variables verify reads credentials from. */
export function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(ARM_|GRAPH_|ACTIONS_ID_TOKEN_|CREDENTIAL_EXPIRES)/.test(name),
    ),
  );
}

/**
 * Records whatever reaches the console or this process's stdout and stderr (still passing it
 * on) until `stop()`, which returns it: an in-process run prints nothing but through its io.
 */
export function watchOutput(): { stop(): string[] } {
  const streams = [process.stdout, process.stderr].map((stream) => jest.spyOn(stream, "write"));
  const consoles = (["log", "info", "warn", "error", "debug"] as const).map((method) =>
    jest.spyOn(console, method),
  );
  return {
    stop: () => {
      const text = [
        ...streams.flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk))),
        ...consoles.flatMap((spy) => spy.mock.calls.map((call) => format(...call))),
      ];
      for (const spy of [...streams, ...consoles]) spy.mockRestore();
      return text;
    },
  };
}

/** Whether a TCP connection to 127.0.0.1:port is accepted. */
export function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
