import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ExportFileError,
  GraphReadError,
  loadExport,
  readDirectory,
  saveExport,
} from "../tools/graph";
import { READER, READER_TENANT, useGraphEmulator } from "./support/graphEmulator";

// The Graph reader against the local Entra emulator over real TLS, in-process: what it reads,
// paging, throttling with Retry-After, and a 403 explained in words.

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const made: { appId: string; appObjectId: string; spId: string; graphId: string; owner: string } = {
  appId: "",
  appObjectId: "",
  spId: "",
  graphId: "",
  owner: "",
};
const session = useGraphEmulator(
  (s) => {
    s.entra.directory.users.set("0d0e0f00-0000-4000-8000-0000000000e1", {
      "@odata.type": "#microsoft.graph.user",
      id: "0d0e0f00-0000-4000-8000-0000000000e1",
      displayName: "Ada Admin",
      userPrincipalName: "ada@contoso.com",
    });
    s.entra.asAdministrator((d) => {
      const graph = d.servicePrincipals.byAppId(GRAPH_APP_ID)!;
      const mailSend = graph.appRoles.find((role) => role.value === "Mail.Send")!;
      const app = d.applications.create(
        {
          displayName: "Jira Email This Issue",
          web: { redirectUris: ["https://jira.contoso.com/plugins/servlet/oauth/callback"] },
          requiredResourceAccess: [
            { resourceAppId: GRAPH_APP_ID, resourceAccess: [{ id: mailSend.id, type: "Role" }] },
          ],
        } as never,
        "jira",
      );
      d.applications.addOwner(app.id, "0d0e0f00-0000-4000-8000-0000000000e1");
      const sp = d.servicePrincipals.create({ appId: app.appId }, "jira");
      d.applications.passwords.add(app.id, { displayName: "made in the portal" });
      d.consent.assign(graph.id, {
        principalId: sp.id,
        resourceId: graph.id,
        appRoleId: mailSend.id,
      });
      d.consent.createGrant({
        clientId: sp.id,
        consentType: "AllPrincipals",
        principalId: null,
        resourceId: graph.id,
        scope: "User.Read",
      });
      d.applications.federated.create(
        app.id,
        {
          name: "gh",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:o/r:ref:refs/heads/main",
          audiences: ["api://AzureADTokenExchange"],
        } as never,
        "gh",
      );
      for (let i = 1; i <= 4; i++)
        d.applications.create({ displayName: `Paged app ${i}` }, `paged-${i}`);
      Object.assign(made, {
        appId: app.appId,
        appObjectId: app.id,
        spId: sp.id,
        graphId: graph.id,
        owner: "0d0e0f00-0000-4000-8000-0000000000e1",
      });
    });
  },
  { pageSize: 2 },
);

beforeEach(() => {
  session.entra.requests.length = 0;
  session.sleeps.length = 0;
});

it("reads an app by display name, appId or object ID with everything that gives it access", async () => {
  for (const query of ["Jira Email This Issue", made.appId, made.appObjectId]) {
    const { bundle, matches } = await readDirectory(session.graph(), { apps: [query] });
    expect(matches).toEqual([{ query, applicationIds: [made.appObjectId] }]);
    expect(bundle.tenantId).toBe(READER_TENANT);
    expect(bundle.applications.map((app) => app.id)).toEqual([made.appObjectId]);
    expect(bundle.servicePrincipals.map((sp) => sp.id)).toEqual([made.spId, made.graphId]);
    expect(bundle.appRoleAssignments.map((a) => [a.principalId, a.resourceId])).toEqual([
      [made.spId, made.graphId],
    ]);
    expect(bundle.oauth2PermissionGrants.map((g) => [g.clientId, g.scope])).toEqual([
      [made.spId, "User.Read"],
    ]);
    expect(bundle.owners[made.appObjectId].map((o) => o.id)).toEqual([made.owner]);
    expect(bundle.federatedIdentityCredentials[made.appObjectId].map((f) => f.name)).toEqual([
      "gh",
    ]);
    expect(
      bundle.applications[0].passwordCredentials.map((p) => [p.displayName, p.secretText]),
    ).toEqual([["made in the portal", null]]);
  }
  const graphReads = session.entra.requests.filter((r) => r.path.startsWith("/v1.0/"));
  expect(graphReads.every((r) => r.status === 200)).toBe(true);
  expect(session.entra.requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token"))).toHaveLength(
    3,
  );
});

it("an app nobody has is an empty match, not an error", async () => {
  const { bundle, matches } = await readDirectory(session.graph(), { apps: ["No such app"] });
  expect(matches).toEqual([{ query: "No such app", applicationIds: [] }]);
  expect(bundle.applications).toEqual([]);
});

it("--all follows @odata.nextLink through every page (2 items a page here)", async () => {
  const { bundle } = await readDirectory(session.graph(), {
    all: true,
    displayNameStartsWith: "paged",
  });
  expect(bundle.applications.map((app) => app.displayName)).toEqual([
    "Paged app 1",
    "Paged app 2",
    "Paged app 3",
    "Paged app 4",
  ]);
  const pages = session.entra.requests.filter((r) => r.path === "/v1.0/applications");
  expect(pages.map((r) => r.query.$skiptoken === undefined)).toEqual([true, false]);
});

it("waits as long as Retry-After says on 429, through the injected sleep, then reads", async () => {
  session.entra.throttleNext(2, 7);
  const { bundle } = await readDirectory(session.graph(), { apps: [made.appId] });
  expect(bundle.applications).toHaveLength(1);
  expect(session.sleeps).toEqual([7000, 7000]);
  expect(session.entra.requests.filter((r) => r.status === 429)).toHaveLength(2);
});

it("gives up after five retries with a clear message", async () => {
  session.entra.throttleNext(6, 1);
  const error = await readDirectory(session.graph(), { apps: [made.appId] }).catch((e) => e);
  expect(error).toBeInstanceOf(GraphReadError);
  expect(error.failure).toBe("throttled");
  expect(session.sleeps).toEqual([1000, 1000, 1000, 1000, 1000]);
});

it("explains a 403 by the permission missing: none at all, then only Application.Read.All", async () => {
  const nobody = {
    clientId: "0000aaaa-0000-4000-8000-000000000002",
    secret: "no-roles-secret",
    roles: [],
  };
  const appsOnly = {
    clientId: "0000aaaa-0000-4000-8000-000000000003",
    secret: "apps-only-secret",
    roles: ["Application.Read.All"],
  };
  session.entra.addDeployer(nobody);
  session.entra.addDeployer(appsOnly);
  const first = await readDirectory(session.graph(session.env(nobody)), {
    apps: [made.appId],
  }).catch((e) => e);
  expect(first).toBeInstanceOf(GraphReadError);
  expect(first.failure).toBe("forbidden");
  expect(first.message).toBe(
    "Graph refused to let AZURE_CLIENT_SECRET read app registrations, their owners and federated credentials (403). It needs the Microsoft Graph application permission Application.Read.All with admin consent (or one of Application.ReadWrite.All, Directory.Read.All); a person signed in with az login needs a directory role that can read applications, such as Global Reader. (GET /applications: Authorization_RequestDenied)",
  );
  const second = await readDirectory(session.graph(session.env(appsOnly)), {
    apps: [made.appId],
  }).catch((e) => e);
  expect(second.failure).toBe("forbidden");
  expect(second.message).toContain(
    "read delegated permission grants (admin consent for delegated scopes) (403). It needs the Microsoft Graph application permission DelegatedPermissionGrant.Read.All",
  );
});

it("a wrong secret is a sign-in failure, never a token or secret in the message", async () => {
  const error = await readDirectory(
    session.graph(session.env({ ...READER, secret: "wrong-secret-value" })),
    { apps: [made.appId] },
  ).catch((e) => e);
  expect(error).toBeInstanceOf(GraphReadError);
  expect(error.failure).toBe("sign-in");
  expect(error.message).toMatch(/^could not sign in with AZURE_CLIENT_SECRET: /);
  expect(error.message).not.toContain("wrong-secret-value");
});

it("saves an export bundle that loads back the same, never overwrites, and holds no secret", async () => {
  const { bundle } = await readDirectory(session.graph(), { apps: [made.appId] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-"));
  const file = path.join(dir, "tenant.json");
  saveExport(file, bundle);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(loadExport(file)).toEqual(bundle);
  expect(() => saveExport(file, bundle)).toThrow(
    new ExportFileError(`${file} already exists; remove it or give another file`, 1),
  );
  const text = fs.readFileSync(file, "utf8");
  for (const token of session.entra.issuedTokens) expect(text).not.toContain(token.split(".")[1]);
  const poisoned = structuredClone(bundle);
  poisoned.applications[0].notes = `copied ${session.entra.issuedTokens[0]}`;
  expect(() => saveExport(path.join(dir, "poisoned.json"), poisoned)).toThrow(
    /something shaped like an access token \(JWT\) at \$\.applications\[0\]\.notes/,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
