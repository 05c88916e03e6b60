// What verify checks and how often: the stack outputs it reads, the targets it makes of the
// config, and the retries of --wait.
import { validateStackConfig } from "../program/config/validateStackConfig";
import { authorityHost } from "../tools/commands/verify/authority";
import { TokenOutcome, TokenRequest } from "../tools/commands/verify/graphToken";
import { deployedApps } from "../tools/commands/verify/readDeployedApps";
import { verifyApps } from "../tools/commands/verify/verifyApps";
import { targetFromEnvironment, targetsFromStack } from "../tools/commands/verify/verifyTargets";
import { NOW, TENANT } from "./support/verifyFixtures";

const FROM = { command: "verify", source: "out.json", fix: "save them" };

describe("what verify checks", () => {
  it("reads each app's IDs, secret end and secret from saved outputs", () => {
    const apps = deployedApps(
      JSON.stringify({
        apps: {
          a: { clientId: "c", tenantId: "t", clientSecretExpiresOn: "2027-01-01T00:00:00Z" },
          b: { clientId: "d", tenantId: "t" },
        },
        clientSecrets: { a: "s" },
      }),
      FROM,
    );
    expect([...apps.values()]).toEqual([
      {
        key: "a",
        clientId: "c",
        tenantId: "t",
        clientSecretExpiresOn: "2027-01-01T00:00:00Z",
        clientSecret: "s",
      },
      { key: "b", clientId: "d", tenantId: "t" },
    ]);
  });

  it("expects each app's Microsoft Graph application permissions only, and says why an app cannot be checked", () => {
    const { apps, problems } = validateStackConfig(
      {
        apps: {
          "mail-alerts": {
            displayName: "M",
            permissions: {
              "Microsoft Graph": { application: ["Mail.Send"], delegated: ["User.Read"] },
              "SharePoint Online": { application: ["Sites.Selected"] },
            },
          },
          "no-secret": {
            displayName: "N",
            clientSecret: false,
            permissions: { "Microsoft Graph": { application: ["User.Read.All"] } },
          },
          "not-yet": {
            displayName: "Y",
            permissions: { "Microsoft Graph": { application: ["User.Read.All"] } },
          },
        },
      },
      new Date(NOW),
    );
    expect(problems).toEqual([]);
    const deployed = deployedApps(
      JSON.stringify({
        apps: {
          "mail-alerts": { clientId: "c1", tenantId: TENANT },
          "no-secret": { clientId: "c2", tenantId: TENANT },
        },
        clientSecrets: { "mail-alerts": "s1" },
      }),
      FROM,
    );
    expect(targetsFromStack(apps, deployed)).toEqual([
      {
        app: "mail-alerts",
        expectedRoles: ["Mail.Send"],
        secretRotateEveryDays: 90,
        tenantId: TENANT,
        clientId: "c1",
        secretExpiresOn: undefined,
        credential: { kind: "secret", secret: "s1" },
      },
      {
        app: "no-secret",
        expectedRoles: ["User.Read.All"],
        tenantId: TENANT,
        clientId: "c2",
        secretExpiresOn: undefined,
        unavailable: {
          status: "skipped",
          reason: "has no client secret (clientSecret: false), so verify cannot sign in as it",
        },
      },
      {
        app: "not-yet",
        expectedRoles: ["User.Read.All"],
        secretRotateEveryDays: 90,
        unavailable: {
          status: "not-deployed",
          reason: "not in the stack outputs: run pulumi up to create it",
        },
      },
    ]);
    expect(() => targetFromEnvironment({ GRAPH_CLIENT_ID: "c" }, undefined)).toThrow(
      "verify --from-env: set GRAPH_TENANT_ID, GRAPH_CLIENT_SECRET (the app's tenant ID, client ID and client secret)",
    );
  });

  it("retries only what replication can still change, until it matches or the wait is over", async () => {
    const targets = [
      {
        app: "late-consent",
        tenantId: TENANT,
        clientId: "c1",
        credential: { kind: "secret" as const, secret: "s" },
        expectedRoles: ["Mail.Send"],
      },
      {
        app: "expired",
        tenantId: TENANT,
        clientId: "c2",
        credential: { kind: "secret" as const, secret: "s" },
        expectedRoles: [],
      },
    ];
    const calls: string[] = [];
    const acquire = async (request: TokenRequest): Promise<TokenOutcome> => {
      calls.push(request.clientId);
      if (request.clientId === "c2")
        return { ok: false, failure: { code: "AADSTS7000222", explanation: "expired" } };
      return { ok: true, claims: { roles: calls.length > 2 ? ["Mail.Send"] : [] } };
    };
    const progress: string[] = [];
    const settings = {
      authority: authorityHost(),
      now: new Date(NOW),
      warnDays: 60,
      waitSeconds: 60,
      retryIntervalSeconds: 1,
    };
    const results = await verifyApps(targets, settings, {
      acquire,
      sleep: async () => undefined,
      progress: (line) => progress.push(line),
    });
    expect(results.map((result) => [result.app, result.status])).toEqual([
      ["late-consent", "ok"],
      ["expired", "auth-failed"],
    ]);
    expect(calls).toEqual(["c1", "c2", "c1"]);
    expect(progress).toEqual([
      "verify: late-consent not as configured yet (Entra replicates for a few minutes); retrying in 1s",
    ]);
    const noWait = await verifyApps(
      targets.slice(0, 1),
      { ...settings, waitSeconds: 0 },
      { acquire: async () => ({ ok: true, claims: { roles: [] } }) },
    );
    expect(noWait[0]).toMatchObject({ status: "mismatch", missing: ["Mail.Send"] });
  });
});
