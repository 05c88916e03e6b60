import { execFile } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { validateStackConfig } from "../config/validateStackConfig";
import { authorityHost } from "../commands/verify/authority";
import { capturedIo } from "../commands/commandIo";
import { main, EXIT } from "../commands/verify/cli";
import { compareRoles } from "../commands/verify/compareRoles";
import { checkDeployerRoles } from "../commands/verify/deployerPreflight";
import { deployerIdentity } from "../commands/verify/deployerIdentity";
import { authFailureFrom, failureFromErrorBody } from "../commands/verify/entraErrors";
import { TokenOutcome, TokenRequest } from "../commands/verify/graphToken";
import { describeExpiry, secretExpiry } from "../commands/verify/secretExpiry";
import { OutputsError, parseStackOutputs } from "../commands/verify/stackOutputs";
import { verifyApps } from "../commands/verify/verifyApps";
import { targetFromEnvironment, targetsFromStack } from "../commands/verify/verifyTargets";
import { pathWithout } from "./support/commandPath";
import { EntraEmulator } from "../tenant/emulator/server";
import { fingerprint } from "../tenant/emulator/http";

const TENANT = "11111111-2222-3333-4444-555555555555";
const NOW = "2026-11-22";
const PARTS_ROLES = ["ExternalConnection.ReadWrite.OwnedBy", "ExternalItem.ReadWrite.OwnedBy"];
const CLI = path.join(__dirname, "..", "commands", "verify", "cli.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");
const TSCONFIG = path.join(__dirname, "..", "tsconfig.json");
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The stack every end-to-end case verifies: a fixed secret and a 30-day rotating one. */
const stackConfig = {
  "mail-alerts": {
    displayName: "Mail Alerts",
    permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
    clientSecret: { expiresOn: "2027-06-30" },
  },
  "parts-connector": {
    displayName: "Parts Connector",
    permissions: { "Microsoft Graph": { application: PARTS_ROLES } },
    clientSecret: { rotateEveryDays: 30 },
  },
};

describe("verify's building blocks", () => {
  it("compares roles as sets: missing are configured but not granted, extra the reverse", () => {
    expect(
      compareRoles(
        ["Mail.Send", "User.Read.All", "Mail.Send"],
        ["User.Read.All", "Mail.ReadWrite"],
      ),
    ).toEqual({
      expected: ["Mail.Send", "User.Read.All"],
      granted: ["Mail.ReadWrite", "User.Read.All"],
      missing: ["Mail.Send"],
      extra: ["Mail.ReadWrite"],
      matches: false,
    });
    expect(compareRoles(["B", "A"], ["A", "B"]).matches).toBe(true);
    expect(compareRoles([], []).matches).toBe(true);
  });

  it("derives the Graph scope from the authority host and trusts non-public hosts without instance discovery", () => {
    expect(authorityHost()).toEqual({
      origin: "https://login.microsoftonline.com",
      graphScope: "https://graph.microsoft.com/.default",
      knownAuthorities: [],
    });
    expect(authorityHost("https://login.microsoftonline.us")).toEqual({
      origin: "https://login.microsoftonline.us",
      graphScope: "https://graph.microsoft.us/.default",
      knownAuthorities: ["login.microsoftonline.us"],
    });
    expect(authorityHost("login.chinacloudapi.cn").graphScope).toBe(
      "https://microsoftgraph.chinacloudapi.cn/.default",
    );
    expect(authorityHost("https://127.0.0.1:8443", "https://graph.example/.default")).toEqual({
      origin: "https://127.0.0.1:8443",
      graphScope: "https://graph.example/.default",
      knownAuthorities: ["127.0.0.1:8443"],
    });
    expect(() => authorityHost("http://login.microsoftonline.com")).toThrow(
      'verify: --authority-host must be an https origin without a path or tenant, e.g. https://login.microsoftonline.us (got "http://login.microsoftonline.com")',
    );
    expect(() => authorityHost("https://login.microsoftonline.com/" + TENANT)).toThrow(
      "without a path or tenant",
    );
    expect(() => authorityHost(undefined, "Mail.Send")).toThrow(
      'verify: --scope must be a resource\'s .default scope, e.g. https://graph.microsoft.us/.default (got "Mail.Send")',
    );
  });

  it("explains Entra's error codes, from MSAL's errors and from raw error bodies", () => {
    const context = {
      tenantId: TENANT,
      clientId: "c-1",
      authorityOrigin: "https://login.microsoftonline.com",
    };
    const msalError = {
      errorCode: "invalid_client",
      errorNo: 7000222,
      errorMessage:
        "Error(s): 7000222 - Timestamp: x - Description: AADSTS7000222: The provided client secret keys for app 'c-1' are expired. Visit the Azure portal. Trace ID: t Correlation ID: c Timestamp: x - Correlation ID: c - Trace ID: t",
    };
    expect(authFailureFrom(msalError, context)).toEqual({
      code: "AADSTS7000222",
      explanation:
        "the client secret has expired. Run pulumi up (it replaces the secret when rotation is configured; with a fixed clientSecret.expiresOn, set a later date first) and hand the new value to the service",
      entraMessage: "AADSTS7000222: The provided client secret keys for app 'c-1' are expired.",
    });
    expect(
      failureFromErrorBody(
        {
          error: "invalid_tenant",
          error_description: "AADSTS90002: Tenant 'x' not found. Check it.",
          error_codes: [90002],
        },
        context,
      ),
    ).toEqual({
      code: "AADSTS90002",
      explanation: `tenant ${TENANT} was not found at https://login.microsoftonline.com: check the tenant ID (azuread:tenantId, GRAPH_TENANT_ID or ARM_TENANT_ID), and for a national cloud pass --authority-host (e.g. https://login.microsoftonline.us)`,
      entraMessage: "AADSTS90002: Tenant 'x' not found.",
    });
    expect(
      authFailureFrom(
        { errorNo: 50011, errorMessage: "Description: AADSTS50011: Something else." },
        context,
      ),
    ).toEqual({
      code: "AADSTS50011",
      explanation:
        "Entra refused the token request; see its message, and https://login.microsoftonline.com/error?code=50011",
      entraMessage: "AADSTS50011: Something else.",
    });
    expect(
      authFailureFrom(
        {
          errorCode: "network_error",
          errorMessage: "Network request failed: getaddrinfo ENOTFOUND",
        },
        context,
      ),
    ).toEqual({
      explanation:
        "could not reach https://login.microsoftonline.com: Network request failed: getaddrinfo ENOTFOUND",
    });
    expect(authFailureFrom(new Error("boom with hunter2 inside"), context, ["hunter2"])).toEqual({
      explanation: "no token: boom with [secret] inside",
    });
    expect(failureFromErrorBody({ message: "not entra" }, context)).toBeUndefined();
  });

  it("judges the secret's expiry like `npm run expiry`: fixed secrets inside the window, rotating ones only when overdue", () => {
    const now = new Date(`${NOW}T00:00:00Z`);
    expect(secretExpiry("a", "2027-01-06T00:00:00Z", undefined, now, 60)).toEqual({
      status: "warning",
      expiresOn: "2027-01-06",
      daysLeft: 45,
      note: "inside 60 days: move clientSecret.expiresOn forward (or switch to rotateEveryDays) and run `pulumi up`",
    });
    expect(secretExpiry("a", "2027-01-06T00:00:00Z", 30, now, 60)).toEqual({
      status: "ok",
      expiresOn: "2027-01-06",
      daysLeft: 45,
      note: "",
    });
    expect(secretExpiry("a", "2026-12-09T00:00:00Z", 30, now, 60)).toMatchObject({
      status: "warning",
      daysLeft: 17,
      note: expect.stringContaining("rotation overdue"),
    });
    expect(secretExpiry("a", "2026-11-01T00:00:00Z", undefined, now, 60)).toMatchObject({
      status: "expired",
    });
    expect(secretExpiry("a", undefined, undefined, now, 60)).toEqual({ status: "unknown" });
    expect(describeExpiry(secretExpiry("a", "2026-11-23T12:00:00Z", undefined, now, 60))).toBe(
      "2026-11-23 (1 day left) WARNING",
    );
    expect(describeExpiry(secretExpiry("a", "2027-06-30T00:00:00Z", undefined, now, 60))).toBe(
      "2027-06-30 (220 days left)",
    );
  });

  it("reads saved outputs, refusing ones saved without --show-secrets and never echoing their text", () => {
    const apps = parseStackOutputs(
      JSON.stringify({
        apps: {
          a: { clientId: "c", tenantId: "t", clientSecretExpiresOn: "2027-01-01T00:00:00Z" },
          b: { clientId: "d", tenantId: "t" },
        },
        clientSecrets: { a: "s" },
      }),
      "out.json",
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
    expect(() =>
      parseStackOutputs(JSON.stringify({ apps: {}, clientSecrets: "[secret]" }), "out.json"),
    ).toThrow(
      'verify: in out.json, clientSecrets is "[secret]": save the outputs with --show-secrets',
    );
    const notJson = () => parseStackOutputs("{ apps: hunter2", "out.json");
    expect(notJson).toThrow(
      new OutputsError(
        "verify: out.json is not JSON; expected what pulumi stack output --json --show-secrets prints",
      ),
    );
    expect(() =>
      parseStackOutputs(JSON.stringify({ apps: { a: { clientId: "c" } } }), "out.json"),
    ).toThrow("verify: in out.json, apps.a lacks clientId or tenantId");
    expect(() => parseStackOutputs("{}", "out.json")).toThrow(
      "verify: out.json has no `apps` output; is this a stack of entra-graph-apps, and has pulumi up run?",
    );
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
    const deployed = parseStackOutputs(
      JSON.stringify({
        apps: {
          "mail-alerts": { clientId: "c1", tenantId: TENANT },
          "no-secret": { clientId: "c2", tenantId: TENANT },
        },
        clientSecrets: { "mail-alerts": "s1" },
      }),
      "o",
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

  it("finds the deployer's credential in ARM_* variables, or says why the preflight is skipped", () => {
    expect(deployerIdentity({})).toEqual({
      skip: expect.stringMatching(
        /^no service principal in the environment \(ARM_TENANT_ID and ARM_CLIENT_ID not set\)/,
      ),
    });
    expect(deployerIdentity({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: "c" })).toEqual({
      skip: "ARM_CLIENT_ID is set without a credential: set ARM_CLIENT_SECRET, or ARM_USE_OIDC=true with ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or a GitHub Actions job token (id-token: write)",
    });
    expect(
      deployerIdentity({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: "c", ARM_USE_OIDC: "true" }),
    ).toEqual({
      skip: "ARM_USE_OIDC is true but no GitHub Actions token endpoint is available (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN); give the job `permissions: id-token: write`",
    });
    expect(
      deployerIdentity({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: "c", ARM_CLIENT_SECRET: "s" }),
    ).toMatchObject({ source: "ARM_CLIENT_SECRET", credential: { kind: "secret", secret: "s" } });
    expect(
      deployerIdentity({
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: "c",
        ARM_OIDC_TOKEN: "jwt",
        ARM_USE_OIDC: "true",
      }),
    ).toMatchObject({ source: "ARM_OIDC_TOKEN", credential: { kind: "assertion" } });
  });

  it("accepts Application.ReadWrite.All in place of Application.ReadWrite.OwnedBy for the deployer", () => {
    expect(
      checkDeployerRoles(["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"]).map(
        (check) => check.grantedBy,
      ),
    ).toEqual([
      "Application.ReadWrite.All",
      "Application.ReadWrite.All",
      "AppRoleAssignment.ReadWrite.All",
      undefined,
    ]);
  });
});

describe("npm run verify: usage (in-process)", () => {
  async function run(args: string[], projectDir = process.cwd()) {
    const io = capturedIo({ cwd: projectDir, env: {} });
    return { code: await main(["node", "verify", ...args], io), stderr: io.err.join("") };
  }

  it("exits 2 with one line saying what to give", async () => {
    expect(await run([])).toEqual({
      code: EXIT.usage,
      stderr:
        "verify: give one of --stack <name> (with --outputs <file> or --config <file> if needed), --from-env, or --deployer\n",
    });
    // --deployer may name its stack, but reads no outputs.
    expect(await run(["--deployer", "--outputs", "o.json"])).toMatchObject({ code: EXIT.usage });
    expect(await run(["--stack", "dev", "--expect", "Mail.Send"])).toEqual({
      code: EXIT.usage,
      stderr:
        "verify: --expect goes with --from-env; with --stack the config says what to expect\n",
    });
    expect(await run(["--from-env"])).toEqual({
      code: EXIT.usage,
      stderr:
        "verify --from-env: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (the app's tenant ID, client ID and client secret)\n",
    });
    expect(await run(["--stack", "nope"], os.tmpdir())).toEqual({
      code: EXIT.usage,
      stderr: `${path.join(os.tmpdir(), "Pulumi.nope.yaml")} does not exist; create it or pick another stack (ls Pulumi.*.yaml)\n`,
    });
    expect((await run(["--from-env", "--wait", "soon"])).code).toBe(EXIT.usage);
  });

  it("exits 2 when the outputs file cannot be read, naming it as given", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-outputs-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      stringify({ config: { "entra-graph-apps:apps": stackConfig } }),
    );
    expect(await run(["--stack", "dev", "--outputs", "missing.json", "--now", NOW], dir)).toEqual({
      code: EXIT.usage,
      stderr: "verify: cannot read --outputs missing.json: ENOENT\n",
    });
  });

  it("exits 2 with the program's own messages when the stack config is invalid", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-config-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.bad.yaml"),
      stringify({
        config: {
          "entra-graph-apps:apps": {
            a: {
              displayName: "A",
              permissions: { "Microsoft Graph": { application: ["Mail.Sendd"] } },
            },
          },
        },
      }),
    );
    fs.writeFileSync(path.join(dir, "outputs.json"), "{}");
    const { code, stderr } = await run(
      ["--stack", "bad", "--outputs", "outputs.json", "--now", NOW],
      dir,
    );
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(
      '  - apps.a.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send"',
    );
  });
});

describe("npm run verify against the local Entra emulator (real TLS, child processes)", () => {
  let entra: EntraEmulator;
  let dir: string;
  /** The emulator's clock: new consent takes REPLICATION_MS of it to reach tokens. */
  let clock = new Date(`${NOW}T09:00:00Z`);
  const REPLICATION_MS = 60_000;
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
  /** Every secret any case hands to verify; none may ever be printed. */
  const secrets: string[] = [];
  /** Everything any run printed. */
  const printed: string[] = [];
  let clientCounter = 0;

  beforeAll(async () => {
    entra = await EntraEmulator.start({
      tenantId: TENANT,
      now: () => clock,
      replicationDelayMs: REPLICATION_MS,
      github: { requestToken: "gh-request-token-0001", idToken: "github.oidc.jwt-0001" },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-e2e-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.test.yaml"),
      stringify({ config: { "azuread:tenantId": TENANT, "entra-graph-apps:apps": stackConfig } }),
    );
  });

  afterAll(async () => {
    const port = Number(new URL(entra.origin).port);
    await entra.close();
    expect(entra.listening).toBe(false);
    await expect(connects(port)).resolves.toBe(false);
  });

  /**
   * An app made in the tenant as an administrator would: registration, service principal, a
   * client secret (or one that expired yesterday), and admin consent for `roles` (app role
   * assignments on Microsoft Graph's service principal), all replicated unless
   * `consentReplicating`, in which case the consent reaches tokens REPLICATION_MS later.
   */
  function app(settings: {
    roles: string[];
    secretExpired?: boolean;
    consentReplicating?: boolean;
  }): { clientId: string; secret: string; objectId: string } {
    clientCounter += 1;
    const name = `verify app ${clientCounter}`;
    const made = entra.asAdministrator((directory) => {
      const registration = directory.applications.create({ displayName: name }, name);
      directory.servicePrincipals.create({ appId: registration.appId }, name);
      const today = clock;
      if (settings.secretExpired) tick(-3 * 86_400_000);
      const password = directory.applications.passwords.add(registration.id, {
        displayName: "verify",
        ...(settings.secretExpired
          ? { endDateTime: new Date(today.getTime() - 86_400_000).toISOString() }
          : {}),
      });
      clock = today;
      return {
        clientId: registration.appId,
        secret: password.secretText!,
        objectId: directory.servicePrincipals.byAppId(registration.appId)!.id,
      };
    });
    tick(REPLICATION_MS);
    entra.asAdministrator((directory) => {
      const graph = directory.servicePrincipals.byAppId(GRAPH_APP_ID)!;
      const principal = directory.servicePrincipals.byAppId(made.clientId)!;
      for (const value of settings.roles) {
        const role = graph.appRoles.find((candidate) => candidate.value === value);
        if (!role) throw new Error(`Microsoft Graph has no app role ${value}`);
        directory.consent.assign(graph.id, {
          principalId: principal.id,
          resourceId: graph.id,
          appRoleId: role.id,
        });
      }
    });
    if (!settings.consentReplicating) tick(REPLICATION_MS);
    secrets.push(made.secret);
    return made;
  }

  /** A deployer registered with the emulator itself, signing in with a federated token. */
  function federatedDeployer(roles: string[], assertion: string): { clientId: string } {
    clientCounter += 1;
    const clientId = `00000000-0000-4000-8000-${String(clientCounter).padStart(12, "0")}`;
    entra.addDeployer({ clientId, assertion, roles });
    return { clientId };
  }

  /** Writes outputs.json as `pulumi stack output --json --show-secrets` would print it. */
  function writeOutputs(
    apps: Record<string, { clientId: string; secret: string; tenantId?: string }>,
    name = "outputs.json",
  ): string {
    const expires: Record<string, string> = {
      "mail-alerts": "2027-06-30T00:00:00Z",
      "parts-connector": "2027-01-06T00:00:00Z",
    };
    const outputs = {
      apps: Object.fromEntries(
        Object.entries(apps).map(([key, value]) => [
          key,
          {
            displayName: key,
            clientId: value.clientId,
            tenantId: value.tenantId ?? TENANT,
            clientSecretExpiresOn: expires[key],
          },
        ]),
      ),
      clientSecrets: Object.fromEntries(
        Object.entries(apps).map(([key, value]) => [key, value.secret]),
      ),
    };
    fs.writeFileSync(path.join(dir, name), JSON.stringify(outputs, null, 2));
    return name;
  }

  function healthyApps() {
    return {
      "mail-alerts": app({ roles: ["Mail.Send"] }),
      "parts-connector": app({ roles: PARTS_ROLES }),
    };
  }

  /** Runs the CLI as `npm run verify` does, trusting the local endpoint's certificate only. */
  function runVerify(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(ARM_|GRAPH_|ACTIONS_ID_TOKEN_|CREDENTIAL_EXPIRES)/.test(name),
      ),
    );
    const childEnv = {
      ...inherited,
      NODE_EXTRA_CA_CERTS: entra.caFile,
      TS_NODE_PROJECT: TSCONFIG,
      ...env,
    };
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ["-r", TS_NODE, CLI, ...args],
        { cwd: dir, env: childEnv, encoding: "utf8", timeout: 60_000 },
        (error, stdout, stderr) => {
          printed.push(stdout, stderr);
          resolve({
            code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
            stdout,
            stderr,
          });
        },
      );
    });
  }

  const stackArgs = (outputs: string, now = NOW) => [
    "--stack",
    "test",
    "--outputs",
    outputs,
    "--authority-host",
    entra.origin,
    "--now",
    now,
  ];

  it("exits 0 when every token carries exactly the configured roles, with the secrets' expiry", async () => {
    writeOutputs(healthyApps());
    const result = await runVerify(stackArgs("outputs.json"));
    expect(result).toEqual({
      code: EXIT.ok,
      stderr: "",
      stdout: [
        "verify Pulumi.test.yaml, outputs from outputs.json",
        `tokens from ${entra.origin}, scope https://graph.microsoft.com/.default, as of ${NOW}`,
        "",
        "App              Result  Expected                                                              Granted                                                               Missing  Extra  Secret expires",
        "---------------  ------  --------------------------------------------------------------------  --------------------------------------------------------------------  -------  -----  --------------------------",
        "mail-alerts      ok      Mail.Send                                                             Mail.Send                                                             -        -      2027-06-30 (220 days left)",
        `parts-connector  ok      ${PARTS_ROLES.join(", ")}  ${PARTS_ROLES.join(", ")}  -        -      2027-01-06 (45 days left)`,
        "",
        "2 apps: 2 ok",
        "",
      ].join("\n"),
    });
  });

  it("asks the tenant's v2 endpoint for the Graph .default scope with each app's own secret", async () => {
    const apps = healthyApps();
    writeOutputs(apps);
    const before = entra.requests.length;
    await runVerify(stackArgs("outputs.json"));
    const tokenRequests = entra.requests
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
      entra.requests
        .slice(before)
        .some((request) => request.path === `/${TENANT}/v2.0/.well-known/openid-configuration`),
    ).toBe(true);
  });

  it("exits 6 and says what to do when a configured role is missing from the token", async () => {
    writeOutputs({
      "mail-alerts": app({ roles: [] }),
      "parts-connector": app({ roles: PARTS_ROLES }),
    });
    const { code, stdout } = await runVerify(stackArgs("outputs.json"));
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
    writeOutputs({
      "mail-alerts": app({ roles: ["Mail.Send", "Mail.ReadWrite"] }),
      "parts-connector": app({ roles: PARTS_ROLES }),
    });
    const { code, stdout } = await runVerify(stackArgs("outputs.json"));
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

  it("exits 1 and explains AADSTS7000215 when the secret is wrong", async () => {
    const wrong = { ...app({ roles: ["Mail.Send"] }), secret: "Wrong~secret.value-0000000000" };
    secrets.push(wrong.secret);
    writeOutputs({ "mail-alerts": wrong, "parts-connector": app({ roles: PARTS_ROLES }) });
    const { code, stdout } = await runVerify(stackArgs("outputs.json"));
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
    const expired = app({ roles: ["Mail.Send"], secretExpired: true });
    writeOutputs({ "mail-alerts": expired, "parts-connector": app({ roles: PARTS_ROLES }) });
    const { code, stdout } = await runVerify(stackArgs("outputs.json"));
    expect(code).toBe(EXIT.authFailed);
    expect(stdout).toContain(
      "mail-alerts: authentication failed: AADSTS7000222 the client secret has expired. Run pulumi up (it replaces the secret when rotation is configured; with a fixed clientSecret.expiresOn, set a later date first) and hand the new value to the service\n" +
        `  Entra said: AADSTS7000222: The provided client secret keys for app '${expired.clientId}' are expired.\n`,
    );
  });

  it("exits 1 and explains AADSTS700016 (app not in the tenant) and AADSTS90002 (tenant not found)", async () => {
    const ghost = {
      clientId: "99999999-0000-4000-8000-000000000099",
      secret: "Ghost~secret.value-00000000",
    };
    secrets.push(ghost.secret);
    const unknownTenant = "99999999-9999-4999-8999-999999999999";
    writeOutputs({
      "mail-alerts": ghost,
      "parts-connector": { ...app({ roles: PARTS_ROLES }), tenantId: unknownTenant },
    });
    const { code, stdout } = await runVerify(stackArgs("outputs.json"));
    expect(code).toBe(EXIT.authFailed);
    expect(stdout).toContain(
      `mail-alerts: authentication failed: AADSTS700016 application ${ghost.clientId} was not found in tenant ${TENANT}: a wrong client ID or tenant ID, an app deleted outside this stack, or one created moments ago that Entra has not replicated yet (retry in a minute, or use --wait)\n` +
        `  Entra said: AADSTS700016: Application with identifier '${ghost.clientId}' was not found in the directory '${TENANT}'.\n`,
    );
    expect(stdout).toContain(
      `parts-connector: authentication failed: AADSTS90002 tenant ${unknownTenant} was not found at ${entra.origin}: check the tenant ID (azuread:tenantId, GRAPH_TENANT_ID or ARM_TENANT_ID), and for a national cloud pass --authority-host (e.g. https://login.microsoftonline.us)\n` +
        `  Entra said: AADSTS90002: Tenant '${unknownTenant}' not found.\n`,
    );
    expect(stdout).toContain("\n2 apps: 2 authentication failed\n");
  });

  it("warns about a fixed secret inside 60 days and a rotating one only once its rotation is overdue", async () => {
    writeOutputs(healthyApps());
    const fixed = await runVerify(stackArgs("outputs.json", "2027-05-15"));
    expect(fixed.code).toBe(EXIT.ok);
    expect(fixed.stdout.split("\n").slice(-5)).toEqual([
      "mail-alerts: WARNING: the client secret expires on 2027-06-30, in 46 days: inside 60 days: move clientSecret.expiresOn forward (or switch to rotateEveryDays) and run `pulumi up`",
      "parts-connector: WARNING: the client secret expired on 2027-01-06: run `pulumi up` to rotate",
      "",
      "2 apps: 2 ok",
      "",
    ]);
    expect(fixed.stdout).toContain("  2027-06-30 (46 days left) WARNING\n");
    const overdue = await runVerify(stackArgs("outputs.json", "2026-12-20"));
    expect(overdue.stdout).toContain(
      "\nparts-connector: WARNING: the client secret expires on 2027-01-06, in 17 days: rotation overdue: run `pulumi up` (the scheduled run has not replaced it)\n",
    );
    expect(overdue.stdout).not.toContain("mail-alerts: WARNING");
  });

  it("with --wait, retries until consent has replicated into the token", async () => {
    const parts = app({ roles: PARTS_ROLES });
    const mail = app({ roles: ["Mail.Send"], consentReplicating: true });
    writeOutputs({ "mail-alerts": mail, "parts-connector": parts });
    // Time passes on the tenant's clock once the first token (without Mail.Send) is out.
    const stop = entra.onRequest((request) => {
      if (request.form?.client_id === mail.clientId && request.status === 200) {
        tick(REPLICATION_MS);
        stop();
      }
    });
    const { code, stdout, stderr } = await runVerify([
      ...stackArgs("outputs.json"),
      "--wait",
      "30",
      "--retry-interval",
      "1",
    ]);
    stop();
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe(
      "verify: mail-alerts not as configured yet (Entra replicates for a few minutes); retrying in 1s\n",
    );
    expect(stdout).toContain("\n2 apps: 2 ok\n");
  });

  it("--json reports the same findings for scripts", async () => {
    const apps = {
      "mail-alerts": app({ roles: [] }),
      "parts-connector": app({ roles: PARTS_ROLES }),
    };
    writeOutputs(apps);
    const { code, stdout } = await runVerify([...stackArgs("outputs.json"), "--json"]);
    expect(code).toBe(EXIT.mismatch);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      source: "Pulumi.test.yaml, outputs from outputs.json",
      authorityHost: entra.origin,
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

  it("--from-env checks the GRAPH_* app against --expect, and without it lists the roles", async () => {
    const mail = app({ roles: ["Mail.Send"] });
    const env = {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: mail.clientId,
      GRAPH_CLIENT_SECRET: mail.secret,
      CREDENTIAL_EXPIRES: "2027-01-10",
    };
    const args = ["--from-env", "--authority-host", entra.origin, "--now", NOW];
    const expected = await runVerify([...args, "--expect", "Mail.Send,User.Read.All"], env);
    expect(expected.code).toBe(EXIT.mismatch);
    expect(expected.stdout.split("\n").slice(0, 5)).toEqual([
      "verify app from GRAPH_* environment variables",
      `tokens from ${entra.origin}, scope https://graph.microsoft.com/.default, as of ${NOW}`,
      "",
      "App                                                      Result    Expected                  Granted    Missing        Extra  Secret expires",
      "-------------------------------------------------------  --------  ------------------------  ---------  -------------  -----  ---------------------------------",
    ]);
    expect(expected.stdout.split("\n")[5]).toBe(
      `${mail.clientId} (from environment)  MISMATCH  Mail.Send, User.Read.All  Mail.Send  User.Read.All  -      2027-01-10 (49 days left) WARNING`,
    );
    const listed = await runVerify(args, env);
    expect(listed.code).toBe(EXIT.ok);
    expect(listed.stdout.split("\n")[5]).toBe(
      `${mail.clientId} (from environment)  ok      (not given)  Mail.Send  -        -      2027-01-10 (49 days left) WARNING`,
    );
  });

  it("--stack reads the outputs with `pulumi stack output --json --show-secrets --stack <name>`", async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    writeOutputs(healthyApps(), "cli-outputs.json");
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> "${bin}/calls.log"\nprintf 'cwd=%s\\n' "$PWD" >> "${bin}/calls.log"\ncat "${path.join(dir, "cli-outputs.json")}"\n`,
      { mode: 0o755 },
    );
    const { code, stdout } = await runVerify(
      ["--stack", "test", "--authority-host", entra.origin, "--now", NOW],
      { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    );
    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")[0]).toBe("verify Pulumi.test.yaml, outputs of stack test");
    expect(fs.readFileSync(path.join(bin, "calls.log"), "utf8")).toBe(
      `stack output --json --show-secrets --stack test\ncwd=${fs.realpathSync(dir)}\n`,
    );
  });

  it("exits 2 with pulumi's reason, never its stdout, when `pulumi stack output` fails", async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    secrets.push("Leaky~stdout.secret-000000000");
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      "#!/bin/sh\necho 'Leaky~stdout.secret-000000000'\necho \"error: no stack named 'test' found\" >&2\nexit 255\n",
      { mode: 0o755 },
    );
    const result = await runVerify(["--stack", "test", "--authority-host", entra.origin], {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    });
    expect(result).toEqual({
      code: EXIT.usage,
      stdout: "",
      stderr:
        "verify: pulumi stack output --json --show-secrets --stack test failed (exit 255):\n  error: no stack named 'test' found\n" +
        "  Is the stack's backend logged in (pulumi login, or PULUMI_BACKEND_URL) and the stack deployed?\n",
    });
  });

  it("exits 7 and says what to do when the Pulumi CLI is not on PATH", async () => {
    const result = await runVerify(["--stack", "test"], {
      PATH: pathWithout("pulumi", process.env.PATH),
    });
    expect(result).toEqual({
      code: EXIT.pulumiCliMissing,
      stdout: "",
      stderr: [
        "verify: the Pulumi CLI (pulumi) is not on PATH, so the stack outputs cannot be read.",
        "  Install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend, or, where the CLI is available, save",
        "  the outputs with: pulumi stack output --json --show-secrets --stack test > outputs.json",
        "  and run: npm run verify -- --stack test --outputs outputs.json (or use --from-env with GRAPH_* variables).",
        "",
      ].join("\n"),
    });
  });

  it("exits 2 for outputs saved without --show-secrets", async () => {
    fs.writeFileSync(
      path.join(dir, "masked.json"),
      JSON.stringify({ apps: {}, clientSecrets: "[secret]" }),
    );
    expect(await runVerify(stackArgs("masked.json"))).toEqual({
      code: EXIT.usage,
      stdout: "",
      stderr:
        'verify: in masked.json, clientSecrets is "[secret]": save the outputs with --show-secrets\n',
    });
  });

  describe("--deployer", () => {
    const required = [
      "Application.ReadWrite.OwnedBy",
      "Application.Read.All",
      "AppRoleAssignment.ReadWrite.All",
      "DelegatedPermissionGrant.ReadWrite.All",
    ];
    const args = () => ["--deployer", "--authority-host", entra.origin];

    it("exits 0 when the deployer's token holds every permission pulumi up needs", async () => {
      const deployer = app({ roles: required });
      const { code, stdout } = await runVerify(args(), {
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: deployer.clientId,
        ARM_CLIENT_SECRET: deployer.secret,
      });
      expect(code).toBe(EXIT.ok);
      expect(stdout).toBe(
        [
          `verify --deployer: client ${deployer.clientId} in tenant ${TENANT} (credential from ARM_CLIENT_SECRET)`,
          "",
          "Microsoft Graph permission                                               Status                                            Needed to",
          "-----------------------------------------------------------------------  ------------------------------------------------  -------------------------------------------------------------------------------------------------------",
          "Application.ReadWrite.OwnedBy or Application.ReadWrite.All               granted (Application.ReadWrite.OwnedBy)           create app registrations and service principals, and manage their secrets (OwnedBy: only those it owns)",
          "Application.Read.All or Directory.Read.All or Application.ReadWrite.All  granted (Application.Read.All)                    look up each API's service principal (getServicePrincipal) to resolve and assign its permissions",
          "AppRoleAssignment.ReadWrite.All                                          granted (AppRoleAssignment.ReadWrite.All)         grant admin consent for application permissions (app role assignments)",
          "DelegatedPermissionGrant.ReadWrite.All                                   granted (DelegatedPermissionGrant.ReadWrite.All)  grant admin consent for delegated permissions (tenant-wide grants)",
          "",
          "The deployer holds every permission pulumi up needs.",
          `Application.ReadWrite.OwnedBy reaches only apps this identity owns: list its object ID (${deployer.objectId}) under entra-graph-apps:defaults.owners in every stack it deploys (README "Owners"), or pulumi up fails with 403 Authorization_RequestDenied once it has created an app.`,
          "",
        ].join("\n"),
      );
    });

    it("exits 6 naming what the deployer lacks", async () => {
      const deployer = app({ roles: ["Application.ReadWrite.OwnedBy"] });
      const { code, stdout } = await runVerify(args(), {
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: deployer.clientId,
        ARM_CLIENT_SECRET: deployer.secret,
      });
      expect(code).toBe(EXIT.mismatch);
      expect(stdout).toMatch(
        /\nAppRoleAssignment\.ReadWrite\.All +MISSING +grant admin consent for application permissions/,
      );
      expect(stdout).toMatch(
        /\nDelegatedPermissionGrant\.ReadWrite\.All +not granted \(needed only for delegated permissions\) +grant admin consent for delegated permissions/,
      );
      expect(stdout).toContain(
        "\nThe deployer lacks permissions pulumi up needs: grant them as application permissions with admin consent (bootstrap/ does this for the pipeline's app).\n",
      );
    });

    it("signs in with GitHub Actions' OIDC token when ARM_USE_OIDC is true, as the pipeline does", async () => {
      const deployer = federatedDeployer(required, "github.oidc.jwt-0001");
      const before = entra.requests.length;
      const { code, stdout } = await runVerify(args(), {
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: deployer.clientId,
        ARM_USE_OIDC: "true",
        ACTIONS_ID_TOKEN_REQUEST_URL: `${entra.origin}/github/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token-0001",
      });
      expect(code).toBe(EXIT.ok);
      expect(stdout.split("\n")[0]).toBe(
        `verify --deployer: client ${deployer.clientId} in tenant ${TENANT} (credential from GitHub Actions OIDC)`,
      );
      const requests = entra.requests.slice(before);
      expect(requests.find((request) => request.path === "/github/token")).toMatchObject({
        query: { "api-version": "2.0", audience: "api://AzureADTokenExchange" },
        authorization: `bearer ${fingerprint("gh-request-token-0001")}`,
        status: 200,
      });
      expect(requests.find((request) => request.method === "POST")!.form).toMatchObject({
        client_id: deployer.clientId,
        client_assertion: fingerprint("github.oidc.jwt-0001"),
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      });
      expect(stdout).not.toContain("github.oidc.jwt-0001");
    });

    it("skips with the reason, exit 0, when no service principal credentials are set", async () => {
      const { code, stdout } = await runVerify(args());
      expect(code).toBe(EXIT.ok);
      expect(stdout).toBe(
        "verify --deployer: skipped: no service principal in the environment (ARM_TENANT_ID and ARM_CLIENT_ID not set). Set ARM_TENANT_ID and ARM_CLIENT_ID with ARM_CLIENT_SECRET, or with ARM_USE_OIDC=true (in GitHub Actions, or with ARM_OIDC_TOKEN). A person signed in with az login needs the Cloud Application Administrator or Privileged Role Administrator role instead, which a token's roles claim does not show\n",
      );
    });
  });

  it("never printed a client secret or an access token in any run above", () => {
    expect(printed.length).toBeGreaterThan(20);
    expect(entra.issuedTokens.length).toBeGreaterThan(10);
    const leaks = (text: string) => [
      ...secrets.filter((secret) => text.includes(secret)),
      // A token, or its payload or signature on their own (the header is the same for every token).
      ...entra.issuedTokens.filter((token) =>
        [token, ...token.split(".").slice(1)].some((part) => text.includes(part)),
      ),
    ];
    expect(printed.flatMap(leaks)).toEqual([]);
    // The check itself finds a leak when there is one.
    expect(leaks(`oops ${secrets[0]} and ${entra.issuedTokens[0]}`)).toHaveLength(2);
  });

  it("stops by itself when its lifetime is over, should a test never close it", async () => {
    const shortLived = await EntraEmulator.start({ tenantId: TENANT, lifetimeMs: 1_000 });
    const port = Number(new URL(shortLived.origin).port);
    await expect(connects(port)).resolves.toBe(true);
    await shortLived.closed;
    expect(shortLived.listening).toBe(false);
    await expect(connects(port)).resolves.toBe(false);
  });
});

/** Whether a TCP connection to 127.0.0.1:port is accepted. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
