// plan --tenant-policy: a pull request's credentials checked against the tenant's app management
// policy (the JSON GET /policies/defaultAppManagementPolicy returns) with no credential at all.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../tools/commands/plan/cli";
import { capturedIo } from "../tools/commands/commandIo";
import { MAX_TENANT_POLICY_BYTES } from "../tools/commands/plan/tenantPolicy";

const projectDir = path.join(__dirname, "..");
const TODAY = "2026-11-22";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-policy-"));
afterAll(() => fs.rmSync(dir, { recursive: true }));

async function plan(...args: string[]) {
  const io = capturedIo({ cwd: projectDir, now: () => new Date(`${TODAY}T09:30:00Z`) });
  const code = await main(["node", "plan", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

/** Writes a policy file as Graph returns the tenant default, with these password restrictions. */
function policyFile(name: string, body: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body, null, 2));
  return file;
}
const graphPolicy = (passwordCredentials: unknown[]) => ({
  "@odata.context":
    "https://graph.microsoft.com/v1.0/$metadata#policies/defaultAppManagementPolicy",
  id: "00000000-0000-0000-0000-000000000000",
  displayName: "Default app management tenant policy",
  isEnabled: true,
  applicationRestrictions: { passwordCredentials, keyCredentials: [] },
  servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
});
const NINETY = policyFile(
  "ninety.json",
  graphPolicy([
    {
      restrictionType: "passwordLifetime",
      state: "enabled",
      maxLifetime: "P90D",
      restrictForAppsCreatedAfterDateTime: "2020-01-01T00:00:00Z",
    },
  ]),
);

describe("plan --tenant-policy", () => {
  it("refuses prod's 90-day rotation and its fixed expiry under a 90-day cap: exit 1, each config path with the fix (in the stack's order), no plan", async () => {
    const { code, stdout, stderr } = await plan("--stack", "prod", "--tenant-policy", NINETY);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const since = "(passwordLifetime, for apps created from 2020-01-01)";
    const refusal = `${since}: Graph refuses addPassword with CredentialInvalidLifetimeAsPerAppPolicy after pulumi up has created the app and granted its consent.`;
    expect(stderr.split("\n")).toEqual([
      `plan: 3 credentials of this stack conflict with the tenant's app management policy (${NINETY}); pulumi up would fail when adding them, after creating the apps:`,
      `  - apps.directory-export.clientSecret.expiresOn = "2027-11-01": makes a secret added today (2026-11-22) live 344 days, more than the P90D (90 days) the tenant's default app management policy allows ${refusal} Set expiresOn: 2027-02-20 or earlier, or rotateEveryDays: 45, or use a certificate or a federated credential instead`,
      `  - apps.mail-alerts.clientSecret.rotateEveryDays = 90: rotateEveryDays: 90 makes each secret live 180 days (two overlapping slots, each valid 2 x 90 days), more than the P90D (90 days) the tenant's default app management policy allows ${refusal} Set rotateEveryDays: 45 or less, or use a certificate or a federated credential instead`,
      `  - apps.parts-connector.clientSecret.rotateEveryDays = 90: rotateEveryDays: 90 makes each secret live 180 days (two overlapping slots, each valid 2 x 90 days), more than the P90D (90 days) the tenant's default app management policy allows ${refusal} Set rotateEveryDays: 45 or less, or use a certificate or a federated credential instead`,
      "",
    ]);
  });

  it("plans dev (30-day rotation: 60-day secrets) as usual and says the policy was checked", async () => {
    const { code, stdout, stderr } = await plan(
      ...["--stack", "dev", "--now", TODAY, "--tenant-policy", NINETY],
    );
    expect(code).toBe(0);
    expect(stdout).toContain("mail-alerts");
    expect(stderr).toBe(
      `Tenant app management policy (${NINETY}): no credential of this stack conflicts with it.\n`,
    );
  });

  it("reports every problem of a file that is not a policy at once, with its JSON path (exit 1)", async () => {
    const bad = policyFile(
      "bad.json",
      graphPolicy([
        { restrictionType: "passwordLifetime", maxLifetime: "90 days" },
        { restrictionType: "passwordAddition", restrictForAppsCreatedAfterDateTime: "yesterday" },
      ]),
    );
    const { code, stderr } = await plan("--stack", "dev", "--tenant-policy", bad);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        `plan: ${bad} is not a tenantAppManagementPolicy (GET /policies/defaultAppManagementPolicy):`,
        "  - applicationRestrictions.passwordCredentials.0.maxLifetime: must be an ISO 8601 duration in days and time, e.g. P90D or P4DT12H30M5S",
        "  - applicationRestrictions.passwordCredentials.1.restrictForAppsCreatedAfterDateTime: must be an RFC 3339 date and time, e.g. 2024-01-01T00:00:00Z",
        "",
      ].join("\n"),
    );
    const noSwitch = policyFile("no-switch.json", { applicationRestrictions: {} });
    expect((await plan("--stack", "dev", "--tenant-policy", noSwitch)).stderr).toBe(
      `plan: ${noSwitch} is not a tenantAppManagementPolicy (GET /policies/defaultAppManagementPolicy):\n` +
        "  - isEnabled: must be true or false (Graph always returns isEnabled; the policy is off when false)\n",
    );
  });

  it("refuses a file that is missing (exit 2), not JSON or too large (exit 1), saying how to save the policy", async () => {
    const hint =
      "save it with: az rest --url https://graph.microsoft.com/v1.0/policies/defaultAppManagementPolicy > tenant-policy.json";
    const missing = path.join(dir, "missing.json");
    expect(await plan("--stack", "dev", "--tenant-policy", missing)).toEqual({
      code: 2,
      stdout: "",
      stderr: `plan: ${missing} cannot be read (it does not exist); ${hint}\n`,
    });
    const text = policyFile("text.json", "isEnabled: true");
    expect(await plan("--stack", "dev", "--tenant-policy", text)).toMatchObject({
      code: 1,
      stderr: `plan: ${text} is not JSON; ${hint}\n`,
    });
    const huge = policyFile("huge.json", " ".repeat(MAX_TENANT_POLICY_BYTES + 1));
    expect(await plan("--stack", "dev", "--tenant-policy", huge)).toMatchObject({
      code: 1,
      stderr: `plan: ${huge} is ${MAX_TENANT_POLICY_BYTES + 1} bytes, more than a policy can be (limit ${MAX_TENANT_POLICY_BYTES}); is it the right file? ${hint}\n`,
    });
  });
});
