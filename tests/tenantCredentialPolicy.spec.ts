// A tenant with an app management policy: the simulated tenant and the emulator refuse a
// violating credential as Graph does (after the app exists), and the preflight catches it first:
// offline on the config, and in verify --deployer --stack from Graph.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateStackConfig } from "../program/config/validateStackConfig";
import {
  TenantAppManagementPolicy,
  tenantAppManagementPolicySchema,
} from "../program/credentials/appManagementPolicy";
import { credentialPolicyConflicts } from "../program/credentials/credentialPolicyConflicts";
import { EXIT } from "../tools/commands/verify/cli";
import { GraphError } from "../tools/tenant/directory/graphError";
import { TYPES } from "../tools/tenant/simulatedTenant";
import { oneApp, runProgram, runProgramExpectingError, TODAY } from "./support/simulate";
import { NOW, REPLICATION_MS, TENANT, useVerifyEmulator } from "./support/verifyEmulator";

const DEFAULT_ID = "00000000-0000-0000-0000-000000000000";
const LIFETIME_REFUSAL =
  "Credential lifetime exceeds the max value allowed as per assigned policy '00000000-0000-0000-0000-000000000000'.";

function ninetyDays(since?: string): TenantAppManagementPolicy {
  return tenantAppManagementPolicySchema.parse({
    id: DEFAULT_ID,
    displayName: "Default app management tenant policy",
    isEnabled: true,
    applicationRestrictions: {
      passwordCredentials: [
        {
          restrictionType: "passwordLifetime",
          state: "enabled",
          maxLifetime: "P90D",
          restrictForAppsCreatedAfterDateTime: since ?? null,
        },
      ],
      keyCredentials: [{ restrictionType: "asymmetricKeyLifetime", maxLifetime: "P365D" }],
    },
  });
}

const MAIL_SETTINGS = {
  displayName: "Proxmox Mail Alerts",
  permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
};
const MAIL_ALERTS = oneApp("mail-alerts", MAIL_SETTINGS);

describe("a seeded 90-day password policy", () => {
  it("without the preflight: pulumi up creates the app, then Graph refuses today's default secret", async () => {
    const { error, tenant } = await runProgramExpectingError(MAIL_ALERTS, TODAY, {
      appManagementPolicies: { tenantDefault: ninetyDays() },
    });
    const appId = tenant.directory.applications.list()[0].id;
    expect(error.message).toContain(
      `ApplicationPassword mail-alerts-secret-a: Adding password for Application (Application: \"${appId}\"): unexpected status 400 (400 Bad Request) with error: CredentialInvalidLifetimeAsPerAppPolicy: ${LIFETIME_REFUSAL}`,
    );
    expect(
      tenant.steps.filter((step) => step.custom).map((step) => `${step.op} ${step.name}`),
    ).toEqual(["create mail-alerts"]);
    // The preflight on the same config refuses it before anything exists.
    const { apps } = validateStackConfig(MAIL_ALERTS, TODAY);
    const check = credentialPolicyConflicts(apps, { tenantDefault: ninetyDays() }, TODAY);
    expect(check.problems.map((problem) => problem.path)).toEqual([
      "apps.mail-alerts.clientSecret.rotateEveryDays",
    ]);
  });

  it("accepts rotateEveryDays 45 end to end, and refuses a certificate over asymmetricKeyLifetime as Graph would", async () => {
    const { tenant } = await runProgram(
      oneApp("mail-alerts", {
        ...MAIL_SETTINGS,
        clientSecret: { rotateEveryDays: 45 },
      }),
      TODAY,
      { appManagementPolicies: { tenantDefault: ninetyDays() } },
    );
    const passwords = tenant.resources.filter((r) => r.type === TYPES.applicationPassword);
    expect(passwords).toHaveLength(2);
    const app = tenant.directory.applications.list()[0];
    const certificate = (days: number) => ({
      keyId: `c0000000-0000-4000-8000-00000000000${days % 10}`,
      displayName: null,
      type: "AsymmetricX509Cert" as const,
      usage: "Verify" as const,
      startDateTime: "2026-11-01T00:00:00Z",
      endDateTime: new Date(Date.parse("2026-11-01T00:00:00Z") + days * 86_400_000).toISOString(),
      customKeyIdentifier: null,
      key: null,
    });
    tenant.directory.applications.update(app.id, { keyCredentials: [certificate(365)] });
    let refused: unknown;
    try {
      tenant.directory.applications.update(app.id, {
        keyCredentials: [
          ...tenant.directory.applications.get(app.id)!.keyCredentials,
          certificate(731),
        ],
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(GraphError);
    expect((refused as GraphError).body().error).toMatchObject({
      code: "CredentialInvalidLifetimeAsPerAppPolicy",
      message: LIFETIME_REFUSAL,
    });
  });
});

describe("the emulator with a seeded policy, and verify --deployer --stack", () => {
  const session = useVerifyEmulator();
  const DEPLOYER_ROLES = [
    "Application.ReadWrite.All",
    "Application.Read.All",
    "AppRoleAssignment.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
  ];
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
  afterAll(() => fs.rmSync(binDir, { recursive: true }));
  /** A `pulumi` on PATH that prints this `apps` output, as `pulumi stack output apps --json` would. */
  function fakePulumi(apps: Record<string, { applicationObjectId: string }> | undefined): string {
    const script = path.join(binDir, "pulumi");
    fs.writeFileSync(
      script,
      apps
        ? `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(apps)}\nEOF\n`
        : "#!/bin/sh\necho 'error: no stack named test found' >&2\nexit 255\n",
      { mode: 0o755 },
    );
    return `${binDir}${path.delimiter}${process.env.PATH}`;
  }
  /** Seeded after the test's apps are made: their own secrets predate it. */
  function seedPolicy(tenantDefault?: TenantAppManagementPolicy): void {
    session.entra.asAdministrator((directory) => {
      directory.appManagementPolicies = { tenantDefault };
    });
  }
  afterEach(() => seedPolicy(undefined));
  async function graphCall(method: string, url: string, token: string, json?: unknown) {
    const response = await session.fetch(`${session.entra.origin}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const body = (await response.json()) as { id: string; secretText: string } & Record<
      string,
      unknown
    >;
    return { status: response.status, body };
  }
  async function tokenOf(clientId: string, secret: string): Promise<string> {
    const response = await session.fetch(`${session.entra.origin}/${TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: secret,
        grant_type: "client_credentials",
        scope: `${session.entra.origin}/.default`,
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it("answers addPassword over the cap with Graph's body, and serves the policy only to Policy.Read.All", async () => {
    const writer = session.app({ roles: DEPLOYER_ROLES });
    const reader = session.app({ roles: [...DEPLOYER_ROLES, "Policy.Read.All"] });
    seedPolicy(ninetyDays());
    const token = await tokenOf(writer.clientId, writer.secret);
    const made = await graphCall("POST", "/v1.0/applications", token, { displayName: "Mail" });
    session.tick(REPLICATION_MS);
    const refused = await graphCall(
      "POST",
      `/v1.0/applications/${made.body.id}/addPassword`,
      token,
      {
        passwordCredential: { displayName: "rotation", endDateTime: "2027-05-21T00:00:00Z" },
      },
    );
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          code: "CredentialInvalidLifetimeAsPerAppPolicy",
          message: LIFETIME_REFUSAL,
          details: [{ code: "InvalidKeyEndDate", message: LIFETIME_REFUSAL, target: "EndDate" }],
          innerError: { "request-id": "00000000-0000-0000-0000-000000000000" },
        },
      },
    });
    const withinCap = await graphCall(
      "POST",
      `/v1.0/applications/${made.body.id}/addPassword`,
      token,
      {
        passwordCredential: { displayName: "rotation", endDateTime: "2027-02-19T00:00:00Z" },
      },
    );
    expect(withinCap.status).toBe(200);
    session.secrets.push(withinCap.body.secretText);

    const forbidden = await graphCall("GET", "/v1.0/policies/defaultAppManagementPolicy", token);
    expect(forbidden.status).toBe(403);
    const read = await graphCall(
      "GET",
      "/v1.0/policies/defaultAppManagementPolicy",
      await tokenOf(reader.clientId, reader.secret),
    );
    expect(read).toEqual({
      status: 200,
      body: {
        "@odata.context": `${session.entra.origin}/v1.0/$metadata#policies/defaultAppManagementPolicy`,
        ...ninetyDays(),
      },
    });
  });

  it("verify --deployer --stack refuses the stack's credentials the policy refuses (exit 2), naming each path and fix", async () => {
    const deployer = session.app({ roles: [...DEPLOYER_ROLES, "Policy.Read.All"] });
    seedPolicy(ninetyDays());
    const env = {
      ARM_TENANT_ID: TENANT,
      ARM_CLIENT_ID: deployer.clientId,
      ARM_CLIENT_SECRET: deployer.secret,
      PATH: fakePulumi(undefined),
    };
    const args = [
      "--deployer",
      "--stack",
      "test",
      "--authority-host",
      session.entra.origin,
      "--scope",
      `${session.entra.origin}/.default`,
    ];
    const { code, stdout } = await session.run(args, env);
    expect(code).toBe(EXIT.usage);
    const tail = stdout.split("\n").slice(-5);
    expect(tail).toEqual([
      "",
      "Tenant credential policy: 1 credential of stack test conflicts with the tenant's app management policies; pulumi up would fail when adding them, after creating the apps. Fix the config:",
      `  - apps.mail-alerts.clientSecret.expiresOn = "2027-06-30": makes a secret added today (${NOW}) live 220 days, more than the P90D (90 days) the tenant's default app management policy allows (passwordLifetime): Graph refuses addPassword with CredentialInvalidLifetimeAsPerAppPolicy after pulumi up has created the app and granted its consent. Set expiresOn: 2027-02-20 or earlier, or rotateEveryDays: 45, or use a certificate or a federated credential instead`,
      "  note: The stack's deployed apps were not read (pulumi stack output apps failed (exit 255; a stack never deployed has no outputs)): every app was judged as created now.",
      "",
    ]);
  });

  it("reads a deployed app's creation date and assigned policy from Graph (the stack's apps output gives its object ID)", async () => {
    const deployer = session.app({ roles: [...DEPLOYER_ROLES, "Policy.Read.All"] });
    const mail = session.entra.asAdministrator((directory) => {
      const app = directory.applications.create({ displayName: "Mail Alerts" }, "Mail Alerts");
      directory.applications.get(app.id)!.createdDateTime = "2023-03-01T08:00:00Z";
      return app;
    });
    session.tick(REPLICATION_MS);
    seedPolicy(ninetyDays("2025-01-01T00:00:00Z"));
    const env = {
      ARM_TENANT_ID: TENANT,
      ARM_CLIENT_ID: deployer.clientId,
      ARM_CLIENT_SECRET: deployer.secret,
      PATH: fakePulumi({ "mail-alerts": { applicationObjectId: mail.id } }),
    };
    const args = [
      ...["--deployer", "--stack", "test", "--authority-host", session.entra.origin],
      ...["--scope", `${session.entra.origin}/.default`],
    ];
    // Created before the restriction's date: not covered; parts-connector (new) rotates every 30 days.
    const clear = await session.run(args, env);
    expect(clear.code).toBe(EXIT.ok);
    expect(clear.stdout.split("\n").slice(-2)).toEqual([
      "Tenant credential policy: no credential of stack test conflicts with the tenant's app management policies (creation dates and assigned policies read for mail-alerts).",
      "",
    ]);
    session.entra.asAdministrator((directory) => {
      directory.appManagementPolicies.assigned = {
        [mail.id]: {
          id: "9f1c0000-0000-4000-8000-000000000001",
          displayName: "No client secrets",
          isEnabled: true,
          restrictions: {
            passwordCredentials: [{ restrictionType: "passwordAddition", state: "enabled" }],
            keyCredentials: [],
          },
        },
      };
    });
    const blocked = await session.run(args, env);
    expect(blocked.code).toBe(EXIT.usage);
    expect(blocked.stdout).toContain(
      '\n  - apps.mail-alerts.clientSecret: is a client secret, but the app management policy "No client secrets" assigned to the app blocks new client secrets (passwordAddition): Graph refuses addPassword with CredentialTypeNotAllowedAsPerAppPolicy',
    );
  });

  it("says the policy was NOT CHECKED, with the permission to grant, when the deployer cannot read it", async () => {
    const deployer = session.app({ roles: DEPLOYER_ROLES });
    seedPolicy(ninetyDays());
    const { code, stdout } = await session.run(
      [
        ...["--deployer", "--stack", "test", "--authority-host", session.entra.origin],
        ...["--scope", `${session.entra.origin}/.default`],
      ],
      {
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: deployer.clientId,
        ARM_CLIENT_SECRET: deployer.secret,
        PATH: fakePulumi(undefined),
      },
    );
    // Policy.Read.All is one of the deployer's permissions: its absence is also reported missing.
    expect(code).toBe(EXIT.mismatch);
    expect(stdout.split("\n").slice(-2)).toEqual([
      'Tenant credential policy NOT CHECKED for stack test: Graph refused to let the deployer read the tenant\'s app management policies (403): grant it the Microsoft Graph application permission Policy.Read.All with admin consent (docs/deploying.md "Deployer permissions").',
      "",
    ]);
    session.expectNothingLeaked(session.runs);
  });
});
