// verify's pure parts: comparing roles, the authority host, Entra's error codes, secret expiry
// and the deployer's credential, without a network.
import { authorityHost } from "../tools/commands/verify/authority";
import { compareRoles } from "../tools/commands/verify/compareRoles";
import { checkDeployerRoles } from "../tools/commands/verify/deployerPreflight";
import { deployerIdentity } from "../tools/commands/verify/deployerIdentity";
import { authFailureFrom, failureFromErrorBody } from "../tools/commands/verify/entraErrors";
import { describeExpiry, secretExpiry } from "../tools/commands/verify/secretExpiry";
import { NOW, TENANT } from "./support/verifyFixtures";

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
