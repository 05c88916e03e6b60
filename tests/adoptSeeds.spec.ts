import * as path from "path";
import { RawStackConfig } from "../program/config/validateStackConfig";
import { SimulatedTenant, TYPES } from "../tools/tenant/simulatedTenant";
import { DirectoryExport } from "../tools/tenant/directory/graphTypes";
import {
  ADOPT_DAY,
  AdoptRun,
  adopt,
  configOf,
  projectWith,
  seededTenant,
} from "./support/adoptRun";
import { exportOf, GRAPH_SP_ID, graphId } from "./support/portalApps";
import { directoryExport, jiraMail, mailAlerts, partsConnector } from "./support/seedExports";
import { changesOf, runAgain, runProgram } from "./support/simulate";

// The seed scenarios as their readers leave the tenant after the portal steps, adopted together,
// then run through the real program on a simulated tenant that holds the same objects: every
// adopted object is imported with its exact ID and nothing is created in its place, and a second
// run changes nothing (the two-run model).

const NEXT_DAY = new Date("2026-11-23T09:30:00Z");
const JIRA = "jira-email-this-issue";
const TYPE_ORDER: string[] = [
  TYPES.application,
  TYPES.servicePrincipal,
  TYPES.appRoleAssignment,
  TYPES.delegatedGrant,
  TYPES.applicationPassword,
  TYPES.federatedCredential,
];

async function adoptAll(bundle: DirectoryExport): Promise<{ run: AdoptRun; raw: RawStackConfig }> {
  const dir = projectWith(bundle);
  const args = ["--all", "--config-out", "Pulumi.adopted.yaml", "--from-export", "tenant.json"];
  const run = await adopt(dir, args);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return { run, raw: configOf(path.join(dir, "Pulumi.adopted.yaml")) };
}

/** What the run did to each custom resource of an app (by type, then name), with its import ID. */
function steps(tenant: SimulatedTenant, app: string) {
  return tenant.resources
    .filter((r) => r.custom && (r.name === app || r.name.startsWith(`${app}-`)))
    .sort(
      (a, b) =>
        TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name),
    )
    .map((r) => [tenant.steps.find((s) => s.urn === r.urn)!.op, r.name, r.importId ?? null, r.id]);
}

const names = (list: unknown[][]) => list.map(([op, name]) => `${op} ${String(name)}`);

describe("adopting the seed scenarios made by hand in the portal", () => {
  const bundle = exportOf(jiraMail(), partsConnector(), directoryExport(), mailAlerts());
  let run: AdoptRun;
  let raw: RawStackConfig;
  let tenant: SimulatedTenant;
  let apps: Record<string, { clientId: string }>;

  beforeAll(async () => {
    ({ run, raw } = await adoptAll(bundle));
    const result = await runProgram(raw, ADOPT_DAY, seededTenant(bundle));
    tenant = result.tenant;
    apps = result.resolved.apps.value as typeof apps;
  });

  it("seed 003 (Jira): imports the application, service principal, three assignments and the User.Read grant with their exact IDs; creates only the new secrets", () => {
    const assigned = (id: string) => `/servicePrincipals/${GRAPH_SP_ID}/appRoleAssignedTo/${id}`;
    const imported: [string, string][] = [
      [JIRA, "/applications/3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63"],
      [JIRA, "/servicePrincipals/c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69"],
      [`${JIRA}-graph-Mail.ReadWrite`, assigned("LnqhwGRM90W3k_fP7aRcqYr1Tt6Pv0BFqLbH_aJ2v2Q")],
      [`${JIRA}-graph-Mail.Send`, assigned("LnqhwGRM90W3k_fP7aRcqaX8mMYsNd1EvWJwpu3cT9k")],
      [`${JIRA}-graph-User.Read.All`, assigned("LnqhwGRM90W3k_fP7aRcqcIkSgXyDm9Hgs2mH0yYUrE")],
      [
        `${JIRA}-graph-delegated`,
        "/oauth2PermissionGrants/8PfxQ2rj8UOVe6wDVjkZcx7oA1XnlNpHtH2vzs0Mf4E",
      ],
    ];
    expect(steps(tenant, JIRA)).toEqual([
      ...imported.map(([name, id]) => ["import", name, id, id]),
      ["create", `${JIRA}-secret-a`, null, expect.stringMatching(/^3a9e6d2c-.*\/password\//)],
      ["create", `${JIRA}-secret-b`, null, expect.stringMatching(/^3a9e6d2c-.*\/password\//)],
    ]);
  });

  it("seed 003: keeps the client ID, the live permission order with User.Read first, and the portal secret", () => {
    expect(apps[JIRA].clientId).toBe("b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60");
    const app = tenant.directory.applications.get("3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63")!;
    expect(app.requiredResourceAccess[0].resourceAccess.map((a) => a.id)).toEqual([
      graphId("User.Read", "delegated"),
      graphId("User.Read.All", "application"),
      graphId("Mail.ReadWrite", "application"),
      graphId("Mail.Send", "application"),
    ]);
    expect(app.passwordCredentials.map((p) => p.keyId)).toContain(
      "6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6",
    );
  });

  it("seed 000 (User.Read removed, consent granted, a GitHub federated credential): imports both app role assignments and the credential", () => {
    expect(names(steps(tenant, "parts-inventory-connector"))).toEqual([
      "import parts-inventory-connector",
      "import parts-inventory-connector",
      "import parts-inventory-connector-graph-ExternalConnection.ReadWrite.OwnedBy",
      "import parts-inventory-connector-graph-ExternalItem.ReadWrite.OwnedBy",
      "create parts-inventory-connector-secret-a",
      "create parts-inventory-connector-secret-b",
      "import parts-inventory-connector-federated-deploy-prod",
    ]);
    const fic = tenant.resource(
      TYPES.federatedCredential,
      "parts-inventory-connector-federated-deploy-prod",
    );
    expect([fic.importId, fic.id]).toEqual([
      "9d1b3c5e-7f2a-4b6d-8e0c-1a3b5c7d9e2f/federatedIdentityCredential/d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70",
      "9d1b3c5e-7f2a-4b6d-8e0c-1a3b5c7d9e2f/federatedIdentityCredential/d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70",
    ]);
    const app = (raw.apps as Record<string, Record<string, unknown>>)["parts-inventory-connector"];
    // Read back from its subject into the github: form that builds exactly that subject.
    expect(app.federatedCredentials).toEqual({
      "deploy-prod": { github: { repository: "contoso/parts-connector", environment: "prod" } },
    });
    expect(run.stdout).toContain(
      '    - federated credential deploy-prod: GitHub contoso/parts-connector (name-based form, mutable), environment prod; add one with ownerId and repositoryId beside it, then remove it once GitHub presents the immutable subject (docs/credentials.md "Migrating to immutable subjects")',
    );
  });

  it("seed 001 (consent never granted): adminConsent false, only the app and its service principal imported", () => {
    const app = (raw.apps as Record<string, Record<string, unknown>>)["identity-manager-export"];
    expect(app.adminConsent).toBe(false);
    expect(names(steps(tenant, "identity-manager-export"))).toEqual([
      "import identity-manager-export",
      "import identity-manager-export",
      "create identity-manager-export-secret-a",
      "create identity-manager-export-secret-b",
    ]);
  });

  it("seed 002 (partial consent, a certificate): adminConsent false, says so, leaves the one assignment in place, lists the certificate to remove", () => {
    expect(run.stdout).toContain(
      "    - partial admin consent: Microsoft Graph/Mail.Send (application) granted; Microsoft Graph/User.Read.All (application) not. adminConsent is false, so the existing grants stay in the tenant outside the stack (drift reports them); grant the rest in the portal (or revoke the partial grants) and run adopt again to take consent over",
    );
    expect(names(steps(tenant, "proxmox-mail-alerts"))).toEqual([
      "import proxmox-mail-alerts",
      "import proxmox-mail-alerts",
      "create proxmox-mail-alerts-secret-a",
      "create proxmox-mail-alerts-secret-b",
    ]);
    const spId = "0d2f4b6c-8e0a-4c2d-4f6b-8c0e2a4d6f8b";
    expect(
      tenant.directory.consent
        .listAssignments()
        .filter((a) => a.principalId === spId)
        .map((a) => a.id),
    ).toEqual(["Zk8wTq2mVb5nXc7yHd1sFa3gJe6rLp9uWo4iQt0vBnE"]);
    expect(run.stdout).toContain(
      '    certificate "CN=proxmox-mail-alerts", ends 2026-04-01, key ID e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
    );
    expect(run.stdout).toContain(
      "       az ad app credential delete --id 9c1e3a5b-7d9f-4b1c-3e5a-7b9d1f3c5e7a --key-id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b --cert",
    );
  });

  it("changes nothing it imports: no update or replacement follows any import", () => {
    expect(tenant.steps.filter((s) => s.op === "update" || s.op === "replace")).toEqual([]);
  });

  it("creates no application, service principal or grant of its own: the tenant holds what it held", () => {
    expect(tenant.directory.applications.list()).toHaveLength(4);
    expect(
      tenant.directory.servicePrincipals
        .list()
        .filter((sp) => sp.appOwnerOrganizationId === bundle.tenantId),
    ).toHaveLength(4);
    expect(tenant.directory.consent.listAssignments()).toHaveLength(6);
    expect(tenant.directory.consent.listGrants()).toHaveLength(1);
  });

  it("changes nothing on a second run the next day", async () => {
    await runAgain(tenant, raw, NEXT_DAY);
    expect(changesOf(tenant)).toEqual([]);
    expect(tenant.steps.filter((s) => s.custom).every((s) => s.op === "same")).toBe(true);
  });
});

describe("the permission order adopt keeps", () => {
  it("is what keeps the first pulumi up from rewriting the app: without it the import is followed by an update of its permission list", async () => {
    const bundle = exportOf(jiraMail());
    const { raw } = await adoptAll(bundle);
    const app = (raw.apps as Record<string, { existing: Record<string, unknown> }>)[JIRA];
    expect(app.existing.permissionOrder).toEqual({
      graph: [
        "delegated User.Read",
        "application User.Read.All",
        "application Mail.ReadWrite",
        "application Mail.Send",
      ],
    });
    delete app.existing.permissionOrder;
    const { tenant } = await runProgram(raw, ADOPT_DAY, seededTenant(bundle));
    const application = tenant.resource(TYPES.application, JIRA);
    expect(
      tenant.steps.filter((s) => s.urn === application.urn).map((s) => [s.op, s.changes]),
    ).toEqual([
      ["import", []],
      ["update", ["requiredResourceAccesses"]],
    ]);
  });
});
