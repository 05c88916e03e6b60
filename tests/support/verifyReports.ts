// What verify prints in the scenarios several test files share.
import { EXIT } from "../../tools/commands/verify/cli";
import { NOW, PARTS_ROLES, TENANT, VerifyRun } from "./verifyFixtures";
import type { VerifyEmulator } from "./verifyEmulator";

/** What verify prints for the stack when both apps' tokens carry exactly their roles, as of NOW. */
export function healthyStackReport(origin: string, outputs = "outputs.json"): string {
  return [
    `verify Pulumi.test.yaml, outputs from ${outputs}`,
    `tokens from ${origin}, scope https://graph.microsoft.com/.default, as of ${NOW}`,
    "",
    "App              Result  Expected                                                              Granted                                                               Missing  Extra  Secret expires",
    "---------------  ------  --------------------------------------------------------------------  --------------------------------------------------------------------  -------  -----  --------------------------",
    "mail-alerts      ok      Mail.Send                                                             Mail.Send                                                             -        -      2027-06-30 (220 days left)",
    `parts-connector  ok      ${PARTS_ROLES.join(", ")}  ${PARTS_ROLES.join(", ")}  -        -      2027-01-06 (45 days left)`,
    "",
    "2 apps: 2 ok",
    "",
  ].join("\n");
}

/**
 * Writes `outputs` with mail-alerts an app the tenant does not know (AADSTS700016) and
 * parts-connector in a tenant that does not exist (AADSTS90002, which MSAL reports without
 * Entra's reason: verify reads the tenant's metadata for it); returns the check of the report.
 */
export function unknownAppAndTenant(
  session: VerifyEmulator,
  outputs = "outputs.json",
): (run: VerifyRun) => void {
  const ghost = {
    clientId: "99999999-0000-4000-8000-000000000099",
    secret: "Ghost~secret.value-00000000",
  };
  session.secrets.push(ghost.secret);
  const unknownTenant = "99999999-9999-4999-8999-999999999999";
  session.writeOutputs(
    {
      "mail-alerts": ghost,
      "parts-connector": { ...session.app({ roles: PARTS_ROLES }), tenantId: unknownTenant },
    },
    outputs,
  );
  return ({ code, stdout }) => {
    expect(code).toBe(EXIT.authFailed);
    expect(stdout).toContain(
      `mail-alerts: authentication failed: AADSTS700016 application ${ghost.clientId} was not found in tenant ${TENANT}: a wrong client ID or tenant ID, an app deleted outside this stack, or one created moments ago that Entra has not replicated yet (retry in a minute, or use --wait)\n` +
        `  Entra said: AADSTS700016: Application with identifier '${ghost.clientId}' was not found in the directory '${TENANT}'.\n`,
    );
    expect(stdout).toContain(
      `parts-connector: authentication failed: AADSTS90002 tenant ${unknownTenant} was not found at ${session.entra.origin}: check the tenant ID (azuread:tenantId, GRAPH_TENANT_ID or ARM_TENANT_ID), and for a national cloud pass --authority-host (e.g. https://login.microsoftonline.us)\n` +
        `  Entra said: AADSTS90002: Tenant '${unknownTenant}' not found.\n`,
    );
    expect(stdout).toContain("\n2 apps: 2 authentication failed\n");
  };
}
