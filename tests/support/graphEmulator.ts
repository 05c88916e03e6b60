import * as fs from "fs";
import { capturedIo, CommandIo } from "../../tools/commands/commandIo";
import { GraphApi, openGraph } from "../../tools/graph";
import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { trustingFetch } from "./trustingFetch";

export const READER_TENANT = "22222222-3333-4444-5555-666666666666";
/** The reader's identity: Application.Read.All and DelegatedPermissionGrant.Read.All. */
export const READER = {
  clientId: "0000aaaa-0000-4000-8000-000000000001",
  secret: "reader-secret-not-a-real-one",
  roles: ["Application.Read.All", "DelegatedPermissionGrant.Read.All"],
};

/**
 * The local Entra emulator for a `describe` (or file), with a reader identity registered, and
 * an io whose network trusts its certificate, whose waits are recorded and advance its clock.
 */
export class GraphEmulatorSession {
  entra!: EntraEmulator;
  fetch!: typeof fetch;
  clock = new Date("2026-11-22T09:00:00Z");
  readonly sleeps: number[] = [];

  /** AZURE_* variables of an identity registered with the emulator. */
  env(identity: { clientId: string; secret: string } = READER): Record<string, string> {
    return {
      AZURE_TENANT_ID: this.entra.tenantId,
      AZURE_CLIENT_ID: identity.clientId,
      AZURE_CLIENT_SECRET: identity.secret,
    };
  }

  /** `--authority-host` and `--scope` pointing at the emulator. */
  cloudArgs(): string[] {
    return ["--authority-host", this.entra.origin, "--scope", `${this.entra.origin}/.default`];
  }

  io(env: Record<string, string> = this.env(), overrides: Partial<CommandIo> = {}) {
    return capturedIo({
      env,
      now: () => this.clock,
      sleep: async (ms) => {
        this.sleeps.push(ms);
        this.clock = new Date(this.clock.getTime() + ms);
      },
      fetch: this.fetch,
      ...overrides,
    });
  }

  graph(env?: Record<string, string>): GraphApi {
    const origin = this.entra.origin;
    return openGraph(this.io(env), { authorityHost: origin, scope: `${origin}/.default` }, "test");
  }
}

export function useGraphEmulator(
  setup: (session: GraphEmulatorSession) => void = () => undefined,
  options: { pageSize?: number; tenantId?: string } = {},
): GraphEmulatorSession {
  const session = new GraphEmulatorSession();
  beforeAll(async () => {
    session.entra = await EntraEmulator.start({
      tenantId: options.tenantId ?? READER_TENANT,
      now: () => session.clock,
      pageSize: options.pageSize,
      deployers: [READER],
    });
    session.fetch = trustingFetch(fs.readFileSync(session.entra.caFile, "utf8"));
    setup(session);
  });
  afterAll(async () => {
    await session.entra.close();
  });
  return session;
}
