import { decodeJwt } from "jose";
import { fingerprint } from "../tools/tenant/emulator/http";
import { HttpsAnswer, httpsJson } from "./support/httpsJson";
import { DEPLOYER, GRAPH_APP_ID, USER, useEmulator } from "./support/emulatorFixture";

// The emulator's Microsoft Graph: what the azuread provider creates, pages and reads.
describe("the local Entra emulator's Graph", () => {
  const fixture = useEmulator();
  const { get, call, requestToken, tokenOf, seededApp, graphError } = fixture;

  it("lets a deployer create an app as the provider does, whose own token then carries Mail.Send", async () => {
    const deployer = await tokenOf(DEPLOYER.clientId, DEPLOYER.secret);
    const deployerOid = decodeJwt(deployer).oid as string;
    const created = await call("POST", "/v1.0/applications", deployer, {
      displayName: "Mail Alerts",
      signInAudience: "AzureADMyOrg",
      "owners@odata.bind": [
        `${fixture.emulator.origin}/v1.0/directoryObjects/${deployerOid}`,
        `${fixture.emulator.origin}/v1.0/directoryObjects/${USER}`,
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body["@odata.context"]).toBe(
      `${fixture.emulator.origin}/v1.0/$metadata#applications/$entity`,
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
    fixture.secrets.push(password.body.secretText);

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
    const log = JSON.stringify(fixture.emulator.requests);
    expect(fixture.secrets.filter((secret) => log.includes(secret))).toEqual([]);
    expect(fixture.emulator.issuedTokens.filter((token) => log.includes(token))).toEqual([]);
    expect(
      fixture.emulator.requests.find((r) => r.form?.client_id === app.appId)?.form,
    ).toMatchObject({
      client_secret: fingerprint(password.body.secretText),
      grant_type: "client_credentials",
    });
    expect(fixture.emulator.requests).toContainEqual(
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
      `${fixture.emulator.origin}/v1.0/applications?$filter=${encodeURIComponent("startswith(displayName,'Paging App')")}&$select=displayName,appId`;
    let pages = 0;
    while (url) {
      const answer: HttpsAnswer = await httpsJson(url, {
        caFile: fixture.emulator.caFile,
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

    const graphSp = fixture.emulator.directory.servicePrincipals.byAppId(GRAPH_APP_ID)!;
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

    const keyId = fixture.emulator.directory.applications.get(app.id)!.passwordCredentials[0].keyId;
    expect(
      (await call("POST", `/v1.0/applications/${app.id}/removePassword`, deployer, { keyId }))
        .status,
    ).toBe(204);
    expect((await requestToken(app.appId, secret)).body.error_codes).toEqual([7000215]);
  });
});
