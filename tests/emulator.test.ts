import { SignJWT, createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { EntraEmulator } from "../tools/tenant/emulator/server";
import { fingerprint } from "../tools/tenant/emulator/http";
import { HttpsAnswer, httpsJson } from "./support/httpsJson";

const TENANT = "11111111-2222-3333-4444-555555555555";
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const USER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
const DEPLOYER = {
  clientId: "d0000000-0000-4000-8000-000000000001",
  secret: "Dep~loyer.secret-value-0000000001",
  roles: [
    "Application.ReadWrite.All",
    "Application.Read.All",
    "AppRoleAssignment.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
  ],
};
const NOBODY = {
  clientId: "d0000000-0000-4000-8000-000000000002",
  secret: "No~roles.secret-value-000000000002",
  roles: [],
};

describe("the local Entra emulator over HTTPS", () => {
  let emulator: EntraEmulator;
  let clock = new Date("2026-11-22T09:00:00Z");
  /** Every secret handed out or used; the request log may hold none of them. */
  const secrets = [DEPLOYER.secret, NOBODY.secret];

  beforeAll(async () => {
    emulator = await EntraEmulator.start({
      tenantId: TENANT,
      now: () => clock,
      pageSize: 3,
      deployers: [DEPLOYER, NOBODY],
      seed: { users: [{ "@odata.type": "#microsoft.graph.user", id: USER, displayName: "Ada" }] },
    });
  });
  afterAll(() => emulator.close());

  const get = (path: string, token?: string) =>
    httpsJson(`${emulator.origin}${path}`, { caFile: emulator.caFile, token });
  const call = (method: string, path: string, token: string, json?: unknown) =>
    httpsJson(`${emulator.origin}${path}`, { caFile: emulator.caFile, method, token, json });

  function requestToken(clientId: string, secret: string, tenant = TENANT, scope?: string) {
    return httpsJson(`${emulator.origin}/${tenant}/oauth2/v2.0/token`, {
      caFile: emulator.caFile,
      form: {
        client_id: clientId,
        client_secret: secret,
        grant_type: "client_credentials",
        scope: scope ?? `${emulator.origin}/.default`,
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
    return emulator.asAdministrator((directory) => {
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
      secrets.push(password.secretText!);
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

  it("serves the ARM metadata the azuread provider reads from metadataHost", async () => {
    expect(emulator.metadataHost).toBe(emulator.origin.replace("https://", ""));
    const answer = await get("/metadata/endpoints?api-version=2022-09-01");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: "EntraEmulator",
      resourceManager: `${emulator.origin}/`,
      microsoftGraphResourceId: `${emulator.origin}/`,
      authentication: {
        loginEndpoint: emulator.origin,
        audiences: [`${emulator.origin}/`],
        tenant: "common",
        identityProvider: "AAD",
      },
    });
    expect((await get("/metadata/endpoints")).status).toBe(400);
    // MSAL's instance discovery for a host it does not know.
    const authorize = `${emulator.origin}/${TENANT}/oauth2/v2.0/authorize`;
    const discovery = await get(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
    );
    expect(discovery.body).toMatchObject({
      tenant_discovery_endpoint: `${emulator.origin}/${TENANT}/v2.0/.well-known/openid-configuration`,
      metadata: [expect.objectContaining({ aliases: [emulator.metadataHost, expect.any(String)] })],
    });
  });

  it("issues a client credentials token to a seeded app whose roles are its Graph app role assignments", async () => {
    const { app, sp, secret } = seededApp("Seeded Mail", ["User.Read.All", "Mail.Send"]);
    const answer = await requestToken(
      app.appId,
      secret,
      TENANT,
      "https://graph.microsoft.com/.default",
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    const claims = decodeJwt(answer.body.access_token);
    expect(claims).toMatchObject({
      tid: TENANT,
      oid: sp.id,
      appid: app.appId,
      azp: app.appId,
      idtyp: "app",
      aud: "https://graph.microsoft.com",
      iss: `${emulator.origin}/${TENANT}/v2.0`,
      iat: clock.getTime() / 1000,
      nbf: clock.getTime() / 1000,
      exp: clock.getTime() / 1000 + 3599,
      roles: ["Mail.Send", "User.Read.All"],
    });
    // Signed with the key the tenant's OpenID metadata publishes, as MSAL would find it.
    const openId = await get(`/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(openId.body.token_endpoint).toBe(`${emulator.origin}/${TENANT}/oauth2/v2.0/token`);
    expect(openId.body.issuer).toBe(`${emulator.origin}/${TENANT}/v2.0`);
    const keys = await get(new URL(openId.body.jwks_uri).pathname);
    await expect(
      jwtVerify(answer.body.access_token, createLocalJWKSet(keys.body), { currentDate: clock }),
    ).resolves.toBeDefined();
  });

  it("refuses wrong, expired and unknown credentials with Entra's errors", async () => {
    const { app } = seededApp("Seeded Refusals", []);
    const wrong = await requestToken(app.appId, "Wrong~secret.value-0000000000");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
    expect(wrong.body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided\./,
    );

    const later = clock;
    clock = new Date(later.getTime() - 3 * 86_400_000);
    const expired = emulator.asAdministrator((directory) =>
      directory.applications.passwords.add(app.id, {
        endDateTime: new Date(later.getTime() - 86_400_000).toISOString(),
      }),
    );
    clock = later;
    secrets.push(expired.secretText!);
    const old = await requestToken(app.appId, expired.secretText!);
    expect(old.body).toMatchObject({ error: "invalid_client", error_codes: [7000222] });

    const ghost = await requestToken("99999999-0000-4000-8000-000000000099", "x");
    expect(ghost.body.error_description).toMatch(
      `AADSTS700016: Application with identifier '99999999-0000-4000-8000-000000000099' was not found in the directory '${TENANT}'.`,
    );
    const tenant = "99999999-9999-4999-8999-999999999999";
    const noTenant = await requestToken(app.appId, "x", tenant);
    expect(noTenant.body.error_description).toMatch(`AADSTS90002: Tenant '${tenant}' not found.`);
    expect(
      (await get(`/${tenant}/v2.0/.well-known/openid-configuration`)).body.error_codes,
    ).toEqual([90002]);
  });

  it("lets a deployer create an app as the provider does, whose own token then carries Mail.Send", async () => {
    const deployer = await tokenOf(DEPLOYER.clientId, DEPLOYER.secret);
    const deployerOid = decodeJwt(deployer).oid as string;
    const created = await call("POST", "/v1.0/applications", deployer, {
      displayName: "Mail Alerts",
      signInAudience: "AzureADMyOrg",
      "owners@odata.bind": [
        `${emulator.origin}/v1.0/directoryObjects/${deployerOid}`,
        `${emulator.origin}/v1.0/directoryObjects/${USER}`,
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body["@odata.context"]).toBe(
      `${emulator.origin}/v1.0/$metadata#applications/$entity`,
    );
    const app = created.body;
    const owners = await get(`/v1.0/applications/${app.id}/owners`, deployer);
    expect(owners.body.value.map((o: { id: string }) => o.id)).toEqual([deployerOid, USER]);

    const password = await call("POST", `/v1.0/applications/${app.id}/addPassword`, deployer, {
      passwordCredential: { displayName: "secret-a", endDateTime: "2027-06-30T00:00:00Z" },
    });
    expect(password.status).toBe(200);
    expect(password.body).toMatchObject({
      displayName: "secret-a",
      endDateTime: "2027-06-30T00:00:00Z",
    });
    secrets.push(password.body.secretText);

    const sp = await call("POST", "/v1.0/servicePrincipals", deployer, { appId: app.appId });
    expect(sp.status).toBe(201);
    const graph = await get(
      `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${GRAPH_APP_ID}'`)}`,
      deployer,
    );
    expect(graph.body.value).toHaveLength(1);
    const graphSp = graph.body.value[0];
    const mailSend = graphSp.appRoles.find((role: { value: string }) => role.value === "Mail.Send");
    const assignment = {
      principalId: sp.body.id,
      resourceId: graphSp.id,
      appRoleId: mailSend.id,
    };
    const assigned = await call(
      "POST",
      `/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo`,
      deployer,
      assignment,
    );
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ ...assignment, principalType: "ServicePrincipal" });
    expect(assigned.body.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await call(
      "POST",
      `/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo`,
      deployer,
      assignment,
    );
    expect(graphError(again)).toEqual({
      status: 400,
      code: "Request_BadRequest",
      message: "Permission being assigned already exists on the object",
    });
    const read = await get(
      `/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo/${assigned.body.id}`,
      deployer,
    );
    expect(read.body.appRoleId).toBe(mailSend.id);

    const appToken = await tokenOf(app.appId, password.body.secretText);
    expect(decodeJwt(appToken)).toMatchObject({ oid: sp.body.id, roles: ["Mail.Send"] });
    const byAppId = await get(`/v1.0/applications(appId='${app.appId}')`, deployer);
    expect(byAppId.body.id).toBe(app.id);

    // The log shows what was asked, never a secret or a token.
    const log = JSON.stringify(emulator.requests);
    expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
    expect(emulator.issuedTokens.filter((token) => log.includes(token))).toEqual([]);
    expect(emulator.requests.find((r) => r.form?.client_id === app.appId)?.form).toMatchObject({
      client_secret: fingerprint(password.body.secretText),
      grant_type: "client_credentials",
    });
    expect(emulator.requests).toContainEqual(
      expect.objectContaining({
        method: "GET",
        path: "/v1.0/servicePrincipals",
        query: { $filter: `appId eq '${GRAPH_APP_ID}'` },
        status: 200,
      }),
    );
  });

  it("filters, selects and pages collections with @odata.nextLink to the end", async () => {
    for (const n of [1, 2, 3, 4, 5]) seededApp(`Paging App ${n}`, []);
    const deployer = await tokenOf(DEPLOYER.clientId, DEPLOYER.secret);
    const names: string[] = [];
    let url: string | undefined =
      `${emulator.origin}/v1.0/applications?$filter=${encodeURIComponent("startswith(displayName,'Paging App')")}&$select=displayName,appId`;
    let pages = 0;
    while (url) {
      const answer: HttpsAnswer = await httpsJson(url, {
        caFile: emulator.caFile,
        token: deployer,
      });
      expect(answer.status).toBe(200);
      for (const item of answer.body.value) {
        expect(Object.keys(item).sort()).toEqual(["appId", "displayName"]);
        names.push(item.displayName);
      }
      url = answer.body["@odata.nextLink"];
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(names).toEqual([1, 2, 3, 4, 5].map((n) => `Paging App ${n}`));

    const top = await get(
      `/v1.0/applications?$top=2&$filter=${encodeURIComponent("startswith(displayName,'paging app')")}`,
      deployer,
    );
    expect(top.body.value).toHaveLength(2);
    expect(top.body["@odata.nextLink"]).toContain("$top=2");
    const exact = await get(
      `/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'Paging App 3'")}`,
      deployer,
    );
    expect(exact.body.value.map((a: { displayName: string }) => a.displayName)).toEqual([
      "Paging App 3",
    ]);
    const unsupported = await get(
      `/v1.0/applications?$filter=${encodeURIComponent("notes eq 'x'")}`,
      deployer,
    );
    expect(graphError(unsupported)).toMatchObject({
      status: 400,
      code: "Request_UnsupportedQuery",
    });
  });

  it("answers the next requests 429 with Retry-After when told to", async () => {
    const deployer = await tokenOf(DEPLOYER.clientId, DEPLOYER.secret);
    emulator.throttleNext(2, 7);
    for (const attempt of [1, 2]) {
      const answer = await get("/v1.0/applications?$top=1", deployer);
      expect([attempt, answer.status, answer.headers["retry-after"]]).toEqual([attempt, 429, "7"]);
      expect(answer.body.error.code).toBe("TooManyRequests");
    }
    expect((await get("/v1.0/applications?$top=1", deployer)).status).toBe(200);
  });

  it("answers 401 without a token of its own and 403 to a caller lacking Graph permissions", async () => {
    expect(graphError(await get("/v1.0/applications"))).toEqual({
      status: 401,
      code: "InvalidAuthenticationToken",
      message: "Access token is empty.",
    });
    const forged = await new SignJWT({ tid: TENANT, roles: DEPLOYER.roles })
      .setProtectedHeader({ alg: "HS256" })
      .setAudience(emulator.origin)
      .setExpirationTime("1h")
      .sign(new Uint8Array(32));
    expect((await get("/v1.0/applications", forged)).status).toBe(401);

    const nobody = await tokenOf(NOBODY.clientId, NOBODY.secret);
    expect(decodeJwt(nobody).roles).toBeUndefined();
    const create = await call("POST", "/v1.0/applications", nobody, { displayName: "Nope" });
    expect(graphError(create)).toMatchObject({ status: 403, code: "Authorization_RequestDenied" });
    expect(graphError(create).message).toMatch(
      /^Insufficient privileges to complete the operation\./,
    );
    expect((await get("/v1.0/servicePrincipals", nobody)).status).toBe(403);
    expect((await get("/v1.0/oauth2PermissionGrants", nobody)).status).toBe(403);
  });

  it("manages federated credentials, delegated grants, passwords and reads directory objects", async () => {
    const deployer = await tokenOf(DEPLOYER.clientId, DEPLOYER.secret);
    const { app, sp, secret } = seededApp("Seeded Extras", []);
    const fics = `/v1.0/applications/${app.id}/federatedIdentityCredentials`;
    const fic = await call("POST", fics, deployer, {
      name: "main",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/app:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
    });
    expect(fic.status).toBe(201);
    expect(
      (await call("PATCH", `${fics}/${fic.body.id}`, deployer, { description: "ci" })).status,
    ).toBe(204);
    expect((await get(fics, deployer)).body.value).toEqual([
      expect.objectContaining({ name: "main", description: "ci" }),
    ]);
    expect((await call("DELETE", `${fics}/${fic.body.id}`, deployer)).status).toBe(204);
    expect(graphError(await get(`${fics}/${fic.body.id}`, deployer))).toMatchObject({
      status: 404,
      code: "Request_ResourceNotFound",
    });

    const graphSp = emulator.directory.servicePrincipals.byAppId(GRAPH_APP_ID)!;
    const grant = await call("POST", "/v1.0/oauth2PermissionGrants", deployer, {
      clientId: sp.id,
      consentType: "AllPrincipals",
      resourceId: graphSp.id,
      scope: "User.Read",
    });
    expect(grant.status).toBe(201);
    const grants = await get(
      `/v1.0/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${sp.id}'`)}`,
      deployer,
    );
    expect(grants.body.value).toEqual([
      expect.objectContaining({ id: grant.body.id, scope: "User.Read" }),
    ]);

    const object = await get(`/v1.0/directoryObjects/${sp.id}`, deployer);
    expect(object.body["@odata.type"]).toBe("#microsoft.graph.servicePrincipal");

    const keyId = emulator.directory.applications.get(app.id)!.passwordCredentials[0].keyId;
    expect(
      (await call("POST", `/v1.0/applications/${app.id}/removePassword`, deployer, { keyId }))
        .status,
    ).toBe(204);
    expect((await requestToken(app.appId, secret)).body.error_codes).toEqual([7000215]);
  });
});

describe("the emulator's replication delay (an injectable clock, no sleeping)", () => {
  let emulator: EntraEmulator;
  let clock = new Date("2026-11-22T09:00:00Z");
  const delay = 30_000;

  beforeAll(async () => {
    emulator = await EntraEmulator.start({
      tenantId: TENANT,
      now: () => clock,
      replicationDelayMs: delay,
      deployers: [DEPLOYER],
    });
  });
  afterAll(() => emulator.close());

  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const form = (clientId: string, secret: string) => ({
    client_id: clientId,
    client_secret: secret,
    grant_type: "client_credentials",
    scope: `${emulator.origin}/.default`,
  });
  const token = (clientId: string, secret: string) =>
    httpsJson(`${emulator.origin}/${TENANT}/oauth2/v2.0/token`, {
      caFile: emulator.caFile,
      form: form(clientId, secret),
    });

  it("hides new objects from Graph reads and new assignments from tokens until they replicate", async () => {
    const deployer = (await token(DEPLOYER.clientId, DEPLOYER.secret)).body.access_token;
    const created = await httpsJson(`${emulator.origin}/v1.0/applications`, {
      caFile: emulator.caFile,
      token: deployer,
      json: { displayName: "Fresh" },
    });
    expect(created.status).toBe(201);
    const read = () =>
      httpsJson(`${emulator.origin}/v1.0/applications/${created.body.id}`, {
        caFile: emulator.caFile,
        token: deployer,
      });
    expect((await read()).body.error.code).toBe("Request_ResourceNotFound");
    tick(delay);
    expect((await read()).status).toBe(200);

    const { app, secret } = emulator.asAdministrator((directory) => {
      const app = directory.applications.create({ displayName: "Late Consent" }, "late");
      directory.servicePrincipals.create({ appId: app.appId }, "late");
      return { app, secret: directory.applications.passwords.add(app.id, {}).secretText! };
    });
    expect((await token(app.appId, secret)).body.error_codes).toEqual([700016]);
    tick(delay);
    emulator.asAdministrator((directory) => {
      const graph = directory.servicePrincipals.byAppId(GRAPH_APP_ID)!;
      directory.consent.assign(graph.id, {
        principalId: directory.servicePrincipals.byAppId(app.appId)!.id,
        resourceId: graph.id,
        appRoleId: graph.appRoles.find((role) => role.value === "Mail.Send")!.id,
      });
    });
    const early = (await token(app.appId, secret)).body.access_token;
    expect(decodeJwt(early).roles).toBeUndefined();
    tick(delay);
    const late = (await token(app.appId, secret)).body.access_token;
    expect(decodeJwt(late).roles).toEqual(["Mail.Send"]);
  });
});
