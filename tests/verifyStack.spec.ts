// npm run verify --stack against the local Entra emulator (real TLS, in-process): tokens that
// match the config, tokens that do not, apps that cannot sign in, expiry warnings, --wait and --json.
import { EXIT } from "../tools/commands/verify/cli";
import { fingerprint } from "../tools/tenant/emulator/http";
import { PARTS_ROLES, REPLICATION_MS, TENANT, useVerifyEmulator } from "./support/verifyEmulator";
import { healthyStackReport, unknownAppAndTenant } from "./support/verifyReports";

describe("npm run verify --stack against the local Entra emulator", () => {
  const session = useVerifyEmulator();

  it("exits 0 when every token carries exactly the configured roles, with the secrets' expiry", async () => {
    session.writeOutputs(session.healthyApps());
    const result = await session.run(session.stackArgs("outputs.json"));
    expect(result).toEqual({
      code: EXIT.ok,
      stderr: "",
      stdout: healthyStackReport(session.entra.origin),
    });
  });

  it("asks the tenant's v2 endpoint for the Graph .default scope with each app's own secret", async () => {
    const apps = session.healthyApps();
    session.writeOutputs(apps);
    const before = session.entra.requests.length;
    await session.run(session.stackArgs("outputs.json"));
    const tokenRequests = session.entra.requests
      .slice(before)
      .filter((request) => request.method === "POST");
    expect(
      tokenRequests
        .map((request) => [
          request.path.replace(/\?.*/, ""),
          request.form!.client_id,
          request.form!.client_secret,
          request.form!.scope,
          request.form!.grant_type,
        ])
        .sort(),
    ).toEqual(
      [
        [
          `/${TENANT}/oauth2/v2.0/token`,
          apps["mail-alerts"].clientId,
          fingerprint(apps["mail-alerts"].secret),
          "https://graph.microsoft.com/.default",
          "client_credentials",
        ],
        [
          `/${TENANT}/oauth2/v2.0/token`,
          apps["parts-connector"].clientId,
          fingerprint(apps["parts-connector"].secret),
          "https://graph.microsoft.com/.default",
          "client_credentials",
        ],
      ].sort(),
    );
    expect(
      session.entra.requests
        .slice(before)
        .some((request) => request.path === `/${TENANT}/v2.0/.well-known/openid-configuration`),
    ).toBe(true);
  });

  it("exits 6 and says what to do when a configured role is missing from the token", async () => {
    session.writeOutputs({
      "mail-alerts": session.app({ roles: [] }),
      "parts-connector": session.app({ roles: PARTS_ROLES }),
    });
    const { code, stdout } = await session.run(session.stackArgs("outputs.json"));
    expect(code).toBe(EXIT.mismatch);
    const lines = stdout.split("\n");
    expect(lines[5]).toBe(
      "mail-alerts      MISMATCH  Mail.Send                                                             -                                                                     Mail.Send  -      2027-06-30 (220 days left)",
    );
    expect(lines.slice(-4)).toEqual([
      "mail-alerts: missing Mail.Send: the token does not carry it. Admin consent is missing or not replicated yet (right after pulumi up, re-run in a few minutes or pass --wait 300); if it persists, check adminConsent in the config and the app's Permissions page under Enterprise applications",
      "",
      "2 apps: 1 ok, 1 mismatch",
      "",
    ]);
  });

  it("exits 6 and names a role granted outside the config", async () => {
    session.writeOutputs({
      "mail-alerts": session.app({ roles: ["Mail.Send", "Mail.ReadWrite"] }),
      "parts-connector": session.app({ roles: PARTS_ROLES }),
    });
    const { code, stdout } = await session.run(session.stackArgs("outputs.json"));
    expect(code).toBe(EXIT.mismatch);
    expect(stdout).toContain("\nmail-alerts      MISMATCH  Mail.Send          ");
    expect(stdout).toContain(
      "\nmail-alerts: extra Mail.ReadWrite: granted outside this stack's config (portal, script or another stack). Remove the grant, or add the permission to the config so it is reviewed\n",
    );
    expect(
      stdout
        .split("\n")
        .find((line) => line.startsWith("mail-alerts  "))!
        .split(/\s{2,}/),
    ).toEqual([
      "mail-alerts",
      "MISMATCH",
      "Mail.Send",
      "Mail.ReadWrite, Mail.Send",
      "-",
      "Mail.ReadWrite",
      "2027-06-30 (220 days left)",
    ]);
  });

  it("warns about a fixed secret inside 60 days and a rotating one only once its rotation is overdue", async () => {
    session.writeOutputs(session.healthyApps());
    const fixed = await session.run(session.stackArgs("outputs.json", "2027-05-15"));
    expect(fixed.code).toBe(EXIT.ok);
    expect(fixed.stdout.split("\n").slice(-5)).toEqual([
      "mail-alerts: WARNING: the client secret expires on 2027-06-30, in 46 days: inside 60 days: move clientSecret.expiresOn forward (or switch to rotateEveryDays) and run `pulumi up`",
      "parts-connector: WARNING: the client secret expired on 2027-01-06: run `pulumi up` to rotate",
      "",
      "2 apps: 2 ok",
      "",
    ]);
    expect(fixed.stdout).toContain("  2027-06-30 (46 days left) WARNING\n");
    const overdue = await session.run(session.stackArgs("outputs.json", "2026-12-20"));
    expect(overdue.stdout).toContain(
      "\nparts-connector: WARNING: the client secret expires on 2027-01-06, in 17 days: rotation overdue: run `pulumi up` (the scheduled run has not replaced it)\n",
    );
    expect(overdue.stdout).not.toContain("mail-alerts: WARNING");
  });

  it("with --wait, retries until consent has replicated into the token", async () => {
    const parts = session.app({ roles: PARTS_ROLES });
    const mail = session.app({ roles: ["Mail.Send"], consentReplicating: true });
    session.writeOutputs({ "mail-alerts": mail, "parts-connector": parts });
    const sleeps = session.sleeps.length;
    // The wait passes on the tenant's clock (no real sleep): one interval, and consent has replicated.
    const { code, stdout, stderr } = await session.run([
      ...session.stackArgs("outputs.json"),
      ...["--wait", "300", "--retry-interval", String(REPLICATION_MS / 1000)],
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe(
      `verify: mail-alerts not as configured yet (Entra replicates for a few minutes); retrying in ${REPLICATION_MS / 1000}s\n`,
    );
    expect(session.sleeps.slice(sleeps)).toEqual([REPLICATION_MS]);
    expect(stdout).toContain("\n2 apps: 2 ok\n");
  });

  it("--json reports the same findings for scripts", async () => {
    const apps = {
      "mail-alerts": session.app({ roles: [] }),
      "parts-connector": session.app({ roles: PARTS_ROLES }),
    };
    session.writeOutputs(apps);
    const { code, stdout } = await session.run([...session.stackArgs("outputs.json"), "--json"]);
    expect(code).toBe(EXIT.mismatch);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      source: "Pulumi.test.yaml, outputs from outputs.json",
      authorityHost: session.entra.origin,
      exitCode: 6,
      warnDays: 60,
    });
    expect(report.apps[0]).toEqual({
      app: "mail-alerts",
      clientId: apps["mail-alerts"].clientId,
      tenantId: TENANT,
      status: "mismatch",
      expected: ["Mail.Send"],
      granted: [],
      missing: ["Mail.Send"],
      extra: [],
      secretExpiry: { status: "ok", expiresOn: "2027-06-30", daysLeft: 220, note: "" },
    });
  });

  it("exits 1 and explains AADSTS7000215 when the secret is wrong", async () => {
    const wrong = {
      ...session.app({ roles: ["Mail.Send"] }),
      secret: "Wrong~secret.value-0000000000",
    };
    session.secrets.push(wrong.secret);
    session.writeOutputs({
      "mail-alerts": wrong,
      "parts-connector": session.app({ roles: PARTS_ROLES }),
    });
    const { code, stdout } = await session.run(session.stackArgs("outputs.json"));
    expect(code).toBe(EXIT.authFailed);
    expect(
      stdout
        .split("\n")
        .find((line) => line.startsWith("mail-alerts  "))!
        .split(/\s{2,}/),
    ).toEqual([
      "mail-alerts",
      "AUTH FAILED",
      "Mail.Send",
      "-",
      "-",
      "-",
      "2027-06-30 (220 days left)",
    ]);
    expect(stdout).toContain(
      [
        "mail-alerts: authentication failed: AADSTS7000215 invalid client secret: the secret sent is not a current secret of this app (a typo, the secret's ID instead of its value, or a secret that was rotated away). Use the current value: pulumi stack output clientSecrets --show-secrets --json",
        `  Entra said: AADSTS7000215: Invalid client secret provided.`,
        "",
        "2 apps: 1 ok, 1 authentication failed",
      ].join("\n"),
    );
  });

  it("exits 1 and explains AADSTS7000222 when the secret has expired", async () => {
    const expired = session.app({ roles: ["Mail.Send"], secretExpired: true });
    session.writeOutputs({
      "mail-alerts": expired,
      "parts-connector": session.app({ roles: PARTS_ROLES }),
    });
    const { code, stdout } = await session.run(session.stackArgs("outputs.json"));
    expect(code).toBe(EXIT.authFailed);
    expect(stdout).toContain(
      "mail-alerts: authentication failed: AADSTS7000222 the client secret has expired. Run pulumi up (it replaces the secret when rotation is configured; with a fixed clientSecret.expiresOn, set a later date first) and hand the new value to the service\n" +
        `  Entra said: AADSTS7000222: The provided client secret keys for app '${expired.clientId}' are expired.\n`,
    );
  });

  it("exits 1 and explains AADSTS700016 (app not in the tenant) and AADSTS90002 (tenant not found)", async () => {
    const expectReport = unknownAppAndTenant(session);
    expectReport(await session.run(session.stackArgs("outputs.json")));
  });

  it("never printed a client secret or an access token in any run above, nor logged one", () => {
    session.expectNothingLeaked(11);
  });
});
