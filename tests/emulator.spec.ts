import { SignJWT, createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { EntraEmulator } from "../tools/tenant/emulator/server";
import { httpsJson } from "./support/httpsJson";
import { DEPLOYER, GRAPH_APP_ID, NOBODY, TENANT, useEmulator } from "./support/emulatorFixture";

// The local Entra emulator over HTTPS: metadata, tokens, and Entra's refusals.
describe("the local Entra emulator over HTTPS", () => {
  const fixture = useEmulator();
  const { get, call, requestToken, tokenOf, seededApp, graphError } = fixture;

  it("serves the ARM metadata the azuread provider reads from metadataHost", async () => {
    expect(fixture.emulator.metadataHost).toBe(fixture.emulator.origin.replace("https://", ""));
    const answer = await get("/metadata/endpoints?api-version=2022-09-01");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: "EntraEmulator",
      resourceManager: `${fixture.emulator.origin}/`,
      microsoftGraphResourceId: `${fixture.emulator.origin}/`,
      authentication: {
        loginEndpoint: fixture.emulator.origin,
        audiences: [`${fixture.emulator.origin}/`],
        tenant: "common",
        identityProvider: "AAD",
      },
    });
    expect((await get("/metadata/endpoints")).status).toBe(400);
    // MSAL's instance discovery for a host it does not know.
    const authorize = `${fixture.emulator.origin}/${TENANT}/oauth2/v2.0/authorize`;
    const discovery = await get(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
    );
    expect(discovery.body).toMatchObject({
      tenant_discovery_endpoint: `${fixture.emulator.origin}/${TENANT}/v2.0/.well-known/openid-configuration`,
      metadata: [
        expect.objectContaining({ aliases: [fixture.emulator.metadataHost, expect.any(String)] }),
      ],
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
      iss: `${fixture.emulator.origin}/${TENANT}/v2.0`,
      iat: fixture.clock.getTime() / 1000,
      nbf: fixture.clock.getTime() / 1000,
      exp: fixture.clock.getTime() / 1000 + 3599,
      roles: ["Mail.Send", "User.Read.All"],
    });
    // Signed with the key the tenant's OpenID metadata publishes, as MSAL would find it.
    const openId = await get(`/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(openId.body.token_endpoint).toBe(
      `${fixture.emulator.origin}/${TENANT}/oauth2/v2.0/token`,
    );
    expect(openId.body.issuer).toBe(`${fixture.emulator.origin}/${TENANT}/v2.0`);
    const keys = await get(new URL(openId.body.jwks_uri).pathname);
    await expect(
      jwtVerify(answer.body.access_token, createLocalJWKSet(keys.body), {
        currentDate: fixture.clock,
      }),
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

    const later = fixture.clock;
    fixture.clock = new Date(later.getTime() - 3 * 86_400_000);
    const expired = fixture.emulator.asAdministrator((directory) =>
      directory.applications.passwords.add(app.id, {
        endDateTime: new Date(later.getTime() - 86_400_000).toISOString(),
      }),
    );
    fixture.clock = later;
    fixture.secrets.push(expired.secretText!);
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

  it("answers the next requests 429 with Retry-After when told to", async () => {
    const deployer = await tokenOf(DEPLOYER.clientId, DEPLOYER.secret);
    fixture.emulator.throttleNext(2, 7);
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
      .setAudience(fixture.emulator.origin)
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
