import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { HttpsAnswer, httpsJson } from "./httpsJson";

/*
 * One local Entra emulator per describe block (started in beforeAll, closed in afterAll), with the
 * requests the emulator tests make and the secrets they handed out.
 */

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const USER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
export const DEPLOYER = {
  clientId: "d0000000-0000-4000-8000-000000000001",
  secret: "Dep~loyer.secret-value-0000000001",
  roles: [
    "Application.ReadWrite.All",
    "Application.Read.All",
    "AppRoleAssignment.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
  ],
};
export const NOBODY = {
  clientId: "d0000000-0000-4000-8000-000000000002",
  secret: "No~roles.secret-value-000000000002",
  roles: [],
};

/** Starts the emulator for the calling describe block; `clock` is its clock, settable by tests. */
export function useEmulator() {
  const fixture = {
    emulator: undefined as unknown as EntraEmulator,
    clock: new Date("2026-11-22T09:00:00Z"),
    /** Every secret handed out or used; the request log may hold none of them. */
    secrets: [DEPLOYER.secret, NOBODY.secret],
    get: (path: string, token?: string) =>
      httpsJson(`${fixture.emulator.origin}${path}`, { caFile: fixture.emulator.caFile, token }),
    call: (method: string, path: string, token: string, json?: unknown) =>
      httpsJson(`${fixture.emulator.origin}${path}`, {
        caFile: fixture.emulator.caFile,
        method,
        token,
        json,
      }),
    requestToken,
    tokenOf,
    seededApp,
    graphError,
  };

  beforeAll(async () => {
    fixture.emulator = await EntraEmulator.start({
      tenantId: TENANT,
      now: () => fixture.clock,
      pageSize: 3,
      deployers: [DEPLOYER, NOBODY],
      seed: { users: [{ "@odata.type": "#microsoft.graph.user", id: USER, displayName: "Ada" }] },
    });
  });
  afterAll(() => fixture.emulator.close());

  function requestToken(clientId: string, secret: string, tenant = TENANT, scope?: string) {
    return httpsJson(`${fixture.emulator.origin}/${tenant}/oauth2/v2.0/token`, {
      caFile: fixture.emulator.caFile,
      form: {
        client_id: clientId,
        client_secret: secret,
        grant_type: "client_credentials",
        scope: scope ?? `${fixture.emulator.origin}/.default`,
      },
    });
  }

  async function tokenOf(clientId: string, secret: string): Promise<string> {
    const answer = await requestToken(clientId, secret);
    expect(answer.status).toBe(200);
    return answer.body.access_token;
  }

  /** An app with a service principal, a password and Graph roles, made as an administrator. */
  function seededApp(displayName: string, roles: string[]) {
    return fixture.emulator.asAdministrator((directory) => {
      const app = directory.applications.create({ displayName }, displayName);
      const sp = directory.servicePrincipals.create({ appId: app.appId }, displayName);
      const password = directory.applications.passwords.add(app.id, { displayName: "test" });
      const graph = directory.servicePrincipals.byAppId(GRAPH_APP_ID)!;
      for (const value of roles) {
        const role = graph.appRoles.find((candidate) => candidate.value === value)!;
        directory.consent.assign(graph.id, {
          principalId: sp.id,
          resourceId: graph.id,
          appRoleId: role.id,
        });
      }
      fixture.secrets.push(password.secretText!);
      return { app, sp, secret: password.secretText! };
    });
  }

  function graphError(answer: HttpsAnswer) {
    return {
      status: answer.status,
      code: answer.body?.error?.code,
      message: answer.body?.error?.message,
    };
  }

  return fixture;
}
