// npm run verify with credentials from the environment, against the local Entra emulator (real
// TLS, in-process): --from-env (GRAPH_*) and --deployer (ARM_*, or GitHub Actions' OIDC token).
import { EXIT } from "../tools/commands/verify/cli";
import { fingerprint } from "../tools/tenant/emulator/http";
import { GITHUB, NOW, TENANT, useVerifyEmulator } from "./support/verifyEmulator";

describe("npm run verify with credentials from the environment", () => {
  const session = useVerifyEmulator();

  it("--from-env checks the GRAPH_* app against --expect, and without it lists the roles", async () => {
    const mail = session.app({ roles: ["Mail.Send"] });
    const env = {
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: mail.clientId,
      GRAPH_CLIENT_SECRET: mail.secret,
      CREDENTIAL_EXPIRES: "2027-01-10",
    };
    const args = ["--from-env", "--authority-host", session.entra.origin, "--now", NOW];
    const expected = await session.run([...args, "--expect", "Mail.Send,User.Read.All"], env);
    expect(expected.code).toBe(EXIT.mismatch);
    expect(expected.stdout.split("\n").slice(0, 5)).toEqual([
      "verify app from GRAPH_* environment variables",
      `tokens from ${session.entra.origin}, scope https://graph.microsoft.com/.default, as of ${NOW}`,
      "",
      "App                                                      Result    Expected                  Granted    Missing        Extra  Secret expires",
      "-------------------------------------------------------  --------  ------------------------  ---------  -------------  -----  ---------------------------------",
    ]);
    expect(expected.stdout.split("\n")[5]).toBe(
      `${mail.clientId} (from environment)  MISMATCH  Mail.Send, User.Read.All  Mail.Send  User.Read.All  -      2027-01-10 (49 days left) WARNING`,
    );
    const listed = await session.run(args, env);
    expect(listed.code).toBe(EXIT.ok);
    expect(listed.stdout.split("\n")[5]).toBe(
      `${mail.clientId} (from environment)  ok      (not given)  Mail.Send  -        -      2027-01-10 (49 days left) WARNING`,
    );
  });

  describe("--deployer", () => {
    const required = [
      "Application.ReadWrite.OwnedBy",
      "Application.Read.All",
      "AppRoleAssignment.ReadWrite.All",
      "DelegatedPermissionGrant.ReadWrite.All",
      "Policy.Read.All",
    ];
    const args = () => ["--deployer", "--authority-host", session.entra.origin];

    it("exits 0 when the deployer's token holds every permission pulumi up needs", async () => {
      const deployer = session.app({ roles: required });
      const { code, stdout } = await session.run(args(), {
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
          "Policy.Read.All                                                          granted (Policy.Read.All)                         read the tenant's credential policies (verify --deployer's preflight before pulumi up)",
          "",
          "The deployer holds every permission pulumi up needs.",
          `Application.ReadWrite.OwnedBy reaches only apps this identity owns: list its object ID (${deployer.objectId}) under entra-graph-apps:defaults.owners in every stack it deploys (docs/configuration.md "Owners"), or pulumi up fails with 403 Authorization_RequestDenied once it has created an app.`,
          "",
        ].join("\n"),
      );
    });

    it("exits 6 naming what the deployer lacks", async () => {
      const deployer = session.app({ roles: ["Application.ReadWrite.OwnedBy"] });
      const { code, stdout } = await session.run(args(), {
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
      const deployer = session.federatedDeployer(required, GITHUB.idToken);
      const before = session.entra.requests.length;
      const { code, stdout } = await session.run(args(), {
        ARM_TENANT_ID: TENANT,
        ARM_CLIENT_ID: deployer.clientId,
        ARM_USE_OIDC: "true",
        ACTIONS_ID_TOKEN_REQUEST_URL: `${session.entra.origin}/github/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB.requestToken,
      });
      expect(code).toBe(EXIT.ok);
      expect(stdout.split("\n")[0]).toBe(
        `verify --deployer: client ${deployer.clientId} in tenant ${TENANT} (credential from GitHub Actions OIDC)`,
      );
      const requests = session.entra.requests.slice(before);
      expect(requests.find((request) => request.path === "/github/token")).toMatchObject({
        query: { "api-version": "2.0", audience: "api://AzureADTokenExchange" },
        authorization: `bearer ${fingerprint(GITHUB.requestToken)}`,
        status: 200,
      });
      expect(requests.find((request) => request.method === "POST")!.form).toMatchObject({
        client_id: deployer.clientId,
        client_assertion: fingerprint(GITHUB.idToken),
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      });
      expect(stdout).not.toContain(GITHUB.idToken);
    });

    it("skips with the reason, exit 0, when no service principal credentials are set", async () => {
      const { code, stdout } = await session.run(args());
      expect(code).toBe(EXIT.ok);
      expect(stdout).toBe(
        "verify --deployer: skipped: no service principal in the environment (ARM_TENANT_ID and ARM_CLIENT_ID not set). Set ARM_TENANT_ID and ARM_CLIENT_ID with ARM_CLIENT_SECRET, or with ARM_USE_OIDC=true (in GitHub Actions, or with ARM_OIDC_TOKEN). A person signed in with az login needs the Cloud Application Administrator or Privileged Role Administrator role instead, which a token's roles claim does not show\n",
      );
    });
  });

  it("never printed a client secret or an access token in any run above, nor logged one", () => {
    session.expectNothingLeaked(6);
  });
});
