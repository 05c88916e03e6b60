/**
 * `npm run test:engine`: a tenant whose default app management policy caps passwords at 90 days
 * (issue 25). The dev stack's mail-alerts app with today's default rotation (rotateEveryDays 90:
 * each secret lives 180 days) is refused by the deploy workflow's preflight (`verify --deployer
 * --stack`), so the job never reaches `pulumi up`; run anyway, `pulumi up` fails at Graph's
 * addPassword after creating the app. With rotateEveryDays 45 (90-day secrets) both pass.
 * Skips itself, saying why, when the binaries are not there (tests/engine/engineBinaries.ts).
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { formatProblem } from "../../program/config/configProblem";
import { rawStackConfig } from "../../program/config/rawStackConfig";
import { validateStackConfig } from "../../program/config/validateStackConfig";
import {
  TenantAppManagementPolicy,
  tenantAppManagementPolicySchema,
} from "../../program/credentials/appManagementPolicy";
import { credentialPolicyConflicts } from "../../program/credentials/credentialPolicyConflicts";
import { EXIT } from "../../tools/commands/verify/cli";
import { DEPLOYER_FULL_ROLES } from "../../tools/tenant/directory/directory";
import { directoryGuid } from "../../tools/tenant/directory/ids";
import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { readStackFile } from "../../tools/stack-files/readStackFile";
import { deploySteps, runSteps } from "./deployWorkflow";
import { engineSkipMessage, findEngine } from "./engineBinaries";
import { slotsOn } from "./rotationDates";
import { describeRun, EngineStack, engineSteps, readableOutput } from "./engineStack";
import { REPO, customResources, expectSuccess, runSummary, tenantObjects } from "./exampleStacks";

const TENANT_ID = "11111111-2222-3333-4444-555555555555";
const TODAY = new Date();
const DEFAULT_POLICY_ID = "00000000-0000-0000-0000-000000000000";
const NINETY_DAYS: TenantAppManagementPolicy = tenantAppManagementPolicySchema.parse({
  id: DEFAULT_POLICY_ID,
  displayName: "Default app management tenant policy",
  isEnabled: true,
  applicationRestrictions: {
    passwordCredentials: [
      { restrictionType: "passwordLifetime", state: "enabled", maxLifetime: "P90D" },
    ],
    keyCredentials: [],
  },
});
const PREFLIGHT = "Deployer preflight (Graph permissions, tenant credential policies)";
const PULUMI_UP = "pulumi up dev (guardrail policy pack)";

/** Pulumi.dev.yaml's mail-alerts app alone, with `clientSecret` when given, else the default. */
function devStackFile(clientSecret?: { rotateEveryDays: number }): string {
  const dev = parse(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, Record<string, unknown>>>;
  };
  const app = { ...dev.config["entra-graph-apps:apps"]["mail-alerts"] };
  if (clientSecret) app.clientSecret = clientSecret;
  return stringify({ config: { "entra-graph-apps:apps": { "mail-alerts": app } } });
}

/** The error diagnostics of an `up --json` run that name a resource, by resource name. */
function errorsByResource(stdout: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line).diagnosticEvent as
      | { severity: string; urn?: string; message: string }
      | undefined;
    if (event?.severity !== "error" || !event.urn) continue;
    const name = event.urn.split("::").pop()!;
    (found[name] ??= []).push(event.message);
  }
  return found;
}

const lookup = findEngine(process.env);
const describeWithEngine = lookup.ok ? describe : describe.skip;
if (!lookup.ok && lookup.missing.length > 0) {
  describe("a 90-day password policy under the real Pulumi engine", () => {
    it.skip(engineSkipMessage(lookup).replace(/\n\s*/g, " "), () => undefined);
  });
}

describeWithEngine(
  "a tenant's 90-day password policy, the deploy workflow and the real engine",
  () => {
    const deployer = {
      clientId: directoryGuid(TENANT_ID, "deployer", "engine-policy-test"),
      secret: `eng8Q~${randomBytes(24).toString("base64url").slice(0, 34)}`,
    };
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-graph-apps-policy-"));
    let emulator: EntraEmulator;
    let stack: EngineStack | undefined;
    let emulatorArgs: Record<string, string[]>;
    let initialObjects: ReturnType<typeof tenantObjects>;

    beforeAll(async () => {
      emulator = await EntraEmulator.start({
        tenantId: TENANT_ID,
        deployers: [
          {
            ...deployer,
            displayName: "engine policy test deployer",
            roles: [...DEPLOYER_FULL_ROLES, "Application.Read.All", "Policy.Read.All"],
          },
        ],
        appManagementPolicies: { tenantDefault: NINETY_DAYS },
      });
      initialObjects = tenantObjects(emulator);
      // The emulator stands in for the public cloud that verify signs in to by default.
      emulatorArgs = {
        "npm run verify": [
          "--authority-host",
          emulator.origin,
          "--scope",
          `${emulator.origin}/.default`,
        ],
      };
      const file = path.join(scratch, "Pulumi.dev.yaml");
      fs.writeFileSync(file, devStackFile());
      stack = await EngineStack.create("dev", file, {
        path: lookup.ok ? lookup.binaries.path : "",
        provider: {
          ARM_TENANT_ID: TENANT_ID,
          ARM_CLIENT_ID: deployer.clientId,
          ARM_CLIENT_SECRET: deployer.secret,
          ARM_METADATA_HOSTNAME: emulator.metadataHost,
          SSL_CERT_FILE: emulator.caFile,
          NODE_EXTRA_CA_CERTS: emulator.caFile,
        },
      });
    });

    afterAll(async () => {
      if (stack) {
        process.stdout.write(runSummary([stack]));
        await stack.remove();
      }
      await emulator?.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    /** Requests that changed the directory (every POST, PATCH, DELETE but the token's). */
    const writesSince = (first: number) =>
      emulator.requests
        .slice(first)
        .filter((r) => r.method !== "GET" && !r.path.endsWith("/oauth2/v2.0/token"))
        .map((r) => `${r.method} ${r.path}`);

    it("with today's default rotation, the workflow's preflight refuses it with the config path and fix, and pulumi up is never reached", async () => {
      const steps = deploySteps("dev", PREFLIGHT, PULUMI_UP);
      // Adjacent and unconditional: a failed preflight ends the job before pulumi up.
      expect(steps.map((step) => [step.name, step.if, step["continue-on-error"]])).toEqual([
        [PREFLIGHT, undefined, undefined],
        [PULUMI_UP, undefined, undefined],
      ]);
      // What `plan --tenant-policy` computes offline from the same config and policy.
      const file = path.join(scratch, "Pulumi.dev.yaml");
      const { apps } = validateStackConfig(rawStackConfig(readStackFile(file).pulumiConfig), TODAY);
      const offline = credentialPolicyConflicts(apps, { tenantDefault: NINETY_DAYS }, TODAY);
      expect(offline.problems.map((problem) => problem.path)).toEqual([
        "apps.mail-alerts.clientSecret.rotateEveryDays",
      ]);
      const before = tenantObjects(emulator);
      const first = emulator.requests.length;

      const ran = await runSteps(stack!, steps, emulatorArgs);

      expect(ran.map((step) => [step.name, step.run.code])).toEqual([[PREFLIGHT, EXIT.usage]]);
      const printed = ran[0].run.stdout;
      process.stdout.write(`\nThe deploy workflow's preflight:\n${printed}\n`);
      expect(printed).toContain(
        "Tenant credential policy: 1 credential of stack dev conflicts with the tenant's app management policies; pulumi up would fail when adding them, after creating the apps. Fix the config:",
      );
      expect(printed).toContain(`\n  - ${formatProblem(offline.problems[0])}\n`);
      expect(offline.problems[0].message).toContain("P90D");
      expect(offline.problems[0].message).toContain("rotateEveryDays: 45");
      expect(writesSince(first)).toEqual([]);
      expect(tenantObjects(emulator)).toEqual(before);
      expect((await stack!.exportState()).resources ?? []).toEqual([]);
    });

    it("run anyway, pulumi up creates the app and then fails at Graph's addPassword with the policy error", async () => {
      const up = await stack!.up({ now: TODAY });
      expect(up.code).not.toBe(0);
      const output = readableOutput(up);
      process.stdout.write(`\nThe failure the preflight prevents:\n${describeRun(up)}\n`);
      const [app] = emulator.directory.applications.list();
      expect(app.displayName).toBe("Proxmox Mail Alerts (dev)");
      // The previous slot's secret ends within 90 days of today and was added; the current one,
      // 180 days, was refused.
      const { current, previous } = slotsOn(
        { key: "mail-alerts", displayName: app.displayName, rotateEveryDays: 90 },
        TODAY,
      );
      expect(app.passwordCredentials.map((p) => new Date(p.endDateTime).toISOString())).toEqual([
        new Date(previous.endDate).toISOString(),
      ]);
      // The provider's own wording (azuread 6.9.1 = terraform-provider-azuread v3.8.0), on the
      // current slot's password resource.
      const refusal = `Adding password for Application (Application: "${app.id}"): unexpected status 400 (400 Bad Request) with error: CredentialInvalidLifetimeAsPerAppPolicy: Credential lifetime exceeds the max value allowed as per assigned policy '${DEFAULT_POLICY_ID}'.`;
      expect(output).toContain(refusal);
      const errors = errorsByResource(up.stdout);
      expect(Object.keys(errors)).toEqual([`mail-alerts-secret-${current.slot}`]);
      for (const message of Object.values(errors).flat()) expect(message).toContain(refusal);
      expect(customResources(engineSteps(up), "create")).toContain(
        "azuread:index/application:Application mail-alerts",
      );
    });

    it("with rotateEveryDays 45, the preflight passes and the workflow's pulumi up succeeds; destroy leaves the tenant as it was", async () => {
      stack!.replaceConfig(devStackFile({ rotateEveryDays: 45 }));
      const ran = await runSteps(stack!, deploySteps("dev", PREFLIGHT, PULUMI_UP), emulatorArgs);
      for (const step of ran) if (step.run.code !== 0) throw new Error(describeRun(step.run));
      expect(ran.map((step) => [step.name, step.run.code])).toEqual([
        [PREFLIGHT, EXIT.ok],
        [PULUMI_UP, 0],
      ]);
      expect(ran[0].run.stdout).toContain(
        "Tenant credential policy: no credential of stack dev conflicts with the tenant's app management policies",
      );
      const [app] = emulator.directory.applications.list();
      const lifetimes = app.passwordCredentials.map(
        (p) => (Date.parse(p.endDateTime) - Date.parse(p.startDateTime)) / 86_400_000,
      );
      expect(lifetimes).toHaveLength(2);
      for (const days of lifetimes) expect(days).toBeLessThanOrEqual(90);

      const destroy = await stack!.destroy();
      expectSuccess(destroy);
      expect(tenantObjects(emulator)).toEqual(initialObjects);
      const secrets = [deployer.secret, ...emulator.issuedTokens, stack!.passphrase];
      for (const run of stack!.runs)
        expect(secrets.filter((secret) => `${run.stdout}${run.stderr}`.includes(secret))).toEqual(
          [],
        );
    });
  },
);
