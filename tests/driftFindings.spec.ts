import { DirectoryExport, GraphServicePrincipal } from "../tools/tenant/directory/graphTypes";
import { rows, useDriftSession } from "./support/driftRun";

// Each kind of access an administrator can give an app in the portal, outside the code, found
// against the state of examples/003 (Jira mail: Mail.ReadWrite, Mail.Send, User.Read.All, a
// redirect URI, two rotating secrets) deployed by the real program on the simulated tenant.

const session = useDriftSession();
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const NEW_ID = "9a8b7c6d-1111-4222-8333-444455556666";

function handles(live: DirectoryExport) {
  const app = live.applications[0];
  const sp = live.servicePrincipals.find((candidate) => candidate.appId === app.appId)!;
  const graph = live.servicePrincipals.find((candidate) => candidate.appId === GRAPH_APP_ID)!;
  return { app, sp, graph };
}

const roleId = (graph: GraphServicePrincipal, value: string) =>
  graph.appRoles.find((role) => role.value === value)!.id;

it("finds nothing and exits 0 when the tenant holds exactly what the stack manages", async () => {
  const { code, report } = await session.report(session.live());
  expect(code).toBe(0);
  expect(report.accessGained).toBe(false);
  expect(report.apps.map((app) => [app.key, app.findings])).toEqual([["jira-mail", []]]);
  const markdown = await session.against(session.live());
  expect(markdown.out).toContain("No drift: the tenant holds exactly what the stack manages.");
});

it("exit 3 for admin consent to an app role granted in the portal, with its import ID", async () => {
  const live = session.live();
  const { app, sp, graph } = handles(live);
  const directoryWrite = roleId(graph, "Directory.ReadWrite.All");
  app.requiredResourceAccess[0].resourceAccess.push({ id: directoryWrite, type: "Role" });
  live.appRoleAssignments.push({
    id: "Jm5XbE9rcGxBc3NpZ25tZW50T3V0c2lkZUNvZGUwMDA",
    appRoleId: directoryWrite,
    principalId: sp.id,
    principalDisplayName: app.displayName,
    principalType: "ServicePrincipal",
    resourceId: graph.id,
    resourceDisplayName: "Microsoft Graph",
    createdDateTime: "2026-11-20T10:00:00Z",
    deletedDateTime: null,
  });
  const { code, report } = await session.report(live);
  expect(code).toBe(3);
  expect(rows(report)).toEqual([
    `jira-mail ! outside-code application-permission Microsoft Graph Directory.ReadWrite.All | /servicePrincipals/${graph.id}/appRoleAssignedTo/Jm5XbE9rcGxBc3NpZ25tZW50T3V0c2lkZUNvZGUwMDA`,
    "jira-mail   outside-code requested-permission Microsoft Graph Directory.ReadWrite.All (application) | ",
  ]);
});

it("exit 3 for delegated consent: tenant-wide (the portal's default User.Read) and one user's", async () => {
  const live = session.live();
  const { sp, graph } = handles(live);
  live.oauth2PermissionGrants.push(
    {
      id: "QWxsUHJpbmNpcGFsc0dyYW50T3V0c2lkZUNvZGUwMDA",
      clientId: sp.id,
      consentType: "AllPrincipals",
      principalId: null,
      resourceId: graph.id,
      scope: "User.Read offline_access",
    },
    {
      id: "UHJpbmNpcGFsR3JhbnRPdXRzaWRlQ29kZTAwMDAwMDA",
      clientId: sp.id,
      consentType: "Principal",
      principalId: "5d6f7a8b-0000-4000-8000-00000000beef",
      resourceId: graph.id,
      scope: "Mail.Read",
    },
  );
  const { code, report } = await session.report(live);
  expect(code).toBe(3);
  expect(rows(report)).toEqual([
    "jira-mail ! outside-code delegated-permission Microsoft Graph Mail.Read | /oauth2PermissionGrants/UHJpbmNpcGFsR3JhbnRPdXRzaWRlQ29kZTAwMDAwMDA",
    "jira-mail ! outside-code delegated-permission Microsoft Graph offline_access | /oauth2PermissionGrants/QWxsUHJpbmNpcGFsc0dyYW50T3V0c2lkZUNvZGUwMDA",
    "jira-mail ! outside-code delegated-permission Microsoft Graph User.Read | /oauth2PermissionGrants/QWxsUHJpbmNpcGFsc0dyYW50T3V0c2lkZUNvZGUwMDA",
  ]);
  expect(report.apps[0].findings[0].detail).toBe(
    "consented for one user (5d6f7a8b-0000-4000-8000-00000000beef) outside the stack",
  );
});

it("exit 3 for credentials the stack does not manage: a portal secret, a certificate, a federated credential, a secret on the service principal", async () => {
  const live = session.live();
  const { app, sp } = handles(live);
  const dates = { startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2027-05-01T00:00:00Z" };
  app.passwordCredentials.push({
    keyId: NEW_ID,
    displayName: "Email This Issue",
    hint: "Xy7",
    customKeyIdentifier: null,
    secretText: null,
    ...dates,
  });
  app.keyCredentials.push({
    keyId: "1b2c3d4e-0000-4000-8000-0000000000c1",
    displayName: "CN=jira",
    type: "AsymmetricX509Cert",
    usage: "Verify",
    customKeyIdentifier: "A1B2",
    key: null,
    ...dates,
  });
  live.federatedIdentityCredentials[app.id] = [
    {
      id: "2c3d4e5f-0000-4000-8000-0000000000f1",
      name: "github-main",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:someone/elsewhere:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
      description: null,
    },
    {
      id: "2c3d4e5f-0000-4000-8000-0000000000f2",
      name: "github-main-immutable",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:someone@5544123/elsewhere@821093847:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
      description: null,
    },
  ];
  sp.passwordCredentials.push({
    keyId: "3d4e5f6a-0000-4000-8000-0000000000a1",
    displayName: "sp secret",
    hint: "Ab1",
    customKeyIdentifier: null,
    secretText: null,
    ...dates,
  });
  const { code, report } = await session.report(live);
  expect(code).toBe(3);
  expect(rows(report)).toEqual([
    `jira-mail ! outside-code client-secret Email This Issue | ${NEW_ID}`,
    "jira-mail ! outside-code certificate CN=jira | 1b2c3d4e-0000-4000-8000-0000000000c1",
    `jira-mail ! outside-code federated-credential github-main | ${app.id}/federatedIdentityCredential/2c3d4e5f-0000-4000-8000-0000000000f1`,
    `jira-mail ! outside-code federated-credential github-main-immutable | ${app.id}/federatedIdentityCredential/2c3d4e5f-0000-4000-8000-0000000000f2`,
    "jira-mail ! outside-code service-principal-credential sp secret | 3d4e5f6a-0000-4000-8000-0000000000a1",
  ]);
  expect(report.apps[0].findings[0].detail).toBe(
    "hint Xy7, ends 2027-05-01: not managed by the stack",
  );
  // Either GitHub subject form is named, with its repository and runs.
  expect(report.apps[0].findings.slice(2, 4).map((f) => f.detail)).toEqual([
    "issuer https://token.actions.githubusercontent.com, subject repo:someone/elsewhere:ref:refs/heads/main (GitHub someone/elsewhere (name-based form, mutable), branch main): not managed by the stack",
    "issuer https://token.actions.githubusercontent.com, subject repo:someone@5544123/elsewhere@821093847:ref:refs/heads/main (GitHub someone/elsewhere (immutable form: owner ID 5544123, repository ID 821093847), branch main): not managed by the stack",
  ]);
});

it("exit 3 for an owner added, redirect URIs added (web and SPA) and a wider audience", async () => {
  const live = session.live();
  const { app } = handles(live);
  live.owners[app.id] = [
    {
      "@odata.type": "#microsoft.graph.user",
      id: "7e8f9a0b-0000-4000-8000-0000000000d1",
      displayName: "Contractor",
      userPrincipalName: "contractor@contoso.com",
    },
  ];
  app.web.redirectUris.push("https://evil.example.com/callback");
  app.spa.redirectUris.push("https://spa.example.com");
  app.signInAudience = "AzureADMultipleOrgs";
  const { code, report } = await session.report(live);
  expect(code).toBe(3);
  expect(rows(report)).toEqual([
    "jira-mail ! outside-code owner contractor@contoso.com | 7e8f9a0b-0000-4000-8000-0000000000d1",
    "jira-mail ! outside-code redirect-uri https://evil.example.com/callback | ",
    "jira-mail ! outside-code redirect-uri https://spa.example.com | ",
    "jira-mail ! changed audience AzureADMultipleOrgs | ",
  ]);
  expect(report.apps[0].findings.at(-1)!.detail).toBe(
    "the stack sets AzureADMyOrg: more accounts can sign in",
  );
});

it("lists what the stack declares and the tenant lacks, exit 0 (no access gained)", async () => {
  const live = session.live();
  const { app, sp, graph } = handles(live);
  const stackKeys = app.passwordCredentials.map((p) => p.keyId);
  app.passwordCredentials = [];
  app.web.redirectUris = [];
  live.appRoleAssignments = live.appRoleAssignments.filter(
    (a) => !(a.principalId === sp.id && a.appRoleId === roleId(graph, "Mail.Send")),
  );
  const { code, report } = await session.report(live);
  expect(code).toBe(0);
  expect(report.accessGained).toBe(false);
  const sendAssignment = session.deployed.tenant
    .stackState()
    .find((r) => r.name === "jira-mail-graph-Mail.Send")!.id;
  expect(rows(report)).toEqual([
    `jira-mail   missing application-permission Microsoft Graph Mail.Send | ${sendAssignment}`,
    ...[...stackKeys]
      .sort()
      .map((keyId) => `jira-mail   missing client-secret client secret | ${keyId}`),
    "jira-mail   missing redirect-uri https://jira.contoso.com/plugins/servlet/oauth/callback | ",
  ]);
});

it("an app deleted in the portal is missing, with nothing else compared for it", async () => {
  const live = session.live();
  live.applications = [];
  const { code, report } = await session.report(live);
  expect(code).toBe(0);
  const app = report.apps[0];
  expect(rows(report)).toEqual(["jira-mail   missing app Jira Email This Issue | "]);
  expect(app.findings[0].detail).toBe(
    `object ID ${app.objectId}, client ID ${app.clientId}: not in the tenant`,
  );
});
