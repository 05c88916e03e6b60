// The tenant's credential policies (app management policies) against a stack's credentials,
// before anything is created: the check plan --tenant-policy and verify --deployer --stack run.
import fc from "fast-check";
import { formatProblem } from "../program/config/configProblem";
import { AppConfig, validateStackConfig } from "../program/config/validateStackConfig";
import {
  TenantAppManagementPolicy,
  durationMs,
  tenantAppManagementPolicySchema,
} from "../program/credentials/appManagementPolicy";
import { credentialPolicyConflicts } from "../program/credentials/credentialPolicyConflicts";
import { secretSchedule } from "../program/rotation/secretSchedule";

const NOW = new Date("2026-11-22T09:30:00Z");
const DAY_MS = 86_400_000;

/** The tenant default with these password and certificate restrictions, enabled. */
function tenantPolicy(
  passwordCredentials: object[],
  keyCredentials: object[] = [],
): TenantAppManagementPolicy {
  return tenantAppManagementPolicySchema.parse({
    id: "00000000-0000-0000-0000-000000000000",
    displayName: "Default app management tenant policy",
    isEnabled: true,
    applicationRestrictions: { passwordCredentials, keyCredentials },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  });
}
const NINETY_DAYS = tenantPolicy([
  { restrictionType: "passwordLifetime", state: "enabled", maxLifetime: "P90D" },
]);

function apps(settings: Record<string, Record<string, unknown>>): AppConfig[] {
  const raw = Object.fromEntries(
    Object.entries(settings).map(([key, app]) => [key, { displayName: key, ...app }]),
  );
  const result = validateStackConfig({ apps: raw }, NOW);
  expect(result.problems).toEqual([]);
  return result.apps;
}

const conflicts = (configured: AppConfig[], policy = NINETY_DAYS, now = NOW) =>
  credentialPolicyConflicts(configured, { tenantDefault: policy }, now);

describe("credential policy conflicts", () => {
  it("refuses today's default (rotateEveryDays 90, each secret living 180 days) under a 90-day cap, with the path and the fix", () => {
    const result = conflicts(apps({ "mail-alerts": {} }));
    expect(result.problems.map(formatProblem)).toEqual([
      "apps.mail-alerts.clientSecret.rotateEveryDays = 90: rotateEveryDays: 90 makes each secret live 180 days (two overlapping slots, each valid 2 x 90 days), more than the P90D (90 days) the tenant's default app management policy allows (passwordLifetime): Graph refuses addPassword with CredentialInvalidLifetimeAsPerAppPolicy after pulumi up has created the app and granted its consent. Set rotateEveryDays: 45 or less, or use a certificate or a federated credential instead",
    ]);
    expect(result.notes).toEqual([]);
  });

  it("accepts rotateEveryDays 45 (90 days exactly) and a secretless app under the same cap", () => {
    const result = conflicts(
      apps({
        rotating: { clientSecret: { rotateEveryDays: 45 } },
        secretless: {
          clientSecret: false,
          federatedCredentials: {
            main: { github: { repository: "contoso/infra", branch: "main" } },
          },
        },
      }),
    );
    expect(result).toEqual({ problems: [], notes: [] });
  });

  it("measures a fixed expiry from today and proposes the last date that fits", () => {
    const result = conflicts(apps({ reports: { clientSecret: { expiresOn: "2027-06-30" } } }));
    expect(result.problems.map(formatProblem)).toEqual([
      'apps.reports.clientSecret.expiresOn = "2027-06-30": makes a secret added today (2026-11-22) live 220 days, more than the P90D (90 days) the tenant\'s default app management policy allows (passwordLifetime): Graph refuses addPassword with CredentialInvalidLifetimeAsPerAppPolicy after pulumi up has created the app and granted its consent. Set expiresOn: 2027-02-20 or earlier, or rotateEveryDays: 45, or use a certificate or a federated credential instead',
    ]);
  });

  it("refuses any client secret where passwordAddition is blocked, and names the assigned policy over the tenant default", () => {
    const configured = apps({ legacy: {}, modern: {} });
    const result = credentialPolicyConflicts(
      configured,
      {
        tenantDefault: NINETY_DAYS,
        apps: {
          legacy: {
            exists: true,
            createdDateTime: "2019-05-01T10:00:00Z",
            assigned: [
              {
                id: "a7c3f0de-0000-4000-8000-000000000001",
                displayName: "No secrets",
                isEnabled: true,
                restrictions: {
                  passwordCredentials: [{ restrictionType: "passwordAddition", state: "enabled" }],
                },
              },
            ],
          },
        },
      },
      NOW,
    );
    expect(result.problems.map((problem) => problem.path)).toEqual([
      "apps.legacy.clientSecret",
      "apps.modern.clientSecret.rotateEveryDays",
    ]);
    expect(formatProblem(result.problems[0])).toBe(
      'apps.legacy.clientSecret: is a client secret, but the app management policy "No secrets" assigned to the app blocks new client secrets (passwordAddition): Graph refuses addPassword with CredentialTypeNotAllowedAsPerAppPolicy after pulumi up has created the app and granted its consent. Set clientSecret: false and sign in with a certificate (certificates) or a federated credential (federatedCredentials)',
    );
  });

  it("honours restrictForAppsCreatedAfterDateTime: a new app is covered, an app created before the date is not", () => {
    const policy = tenantPolicy([
      {
        restrictionType: "passwordLifetime",
        maxLifetime: "P90D",
        restrictForAppsCreatedAfterDateTime: "2025-01-01T00:00:00Z",
      },
    ]);
    const configured = apps({ old: {}, fresh: {} });
    const result = credentialPolicyConflicts(
      configured,
      {
        tenantDefault: policy,
        apps: { old: { exists: true, createdDateTime: "2023-03-01T00:00:00Z" } },
      },
      NOW,
    );
    expect(result.problems.map((problem) => problem.path)).toEqual([
      "apps.fresh.clientSecret.rotateEveryDays",
    ]);
    expect(result.problems[0].message).toContain(
      "(passwordLifetime, for apps created from 2025-01-01)",
    );
  });

  it("judges an adopted app whose creation date is unknown as covered, and says so", () => {
    const [app] = apps({ jira: {} });
    app.existing = { application: "/applications/0b1c2d3e-0000-4000-8000-000000000003" };
    const policy = tenantPolicy([
      {
        restrictionType: "passwordLifetime",
        maxLifetime: "P90D",
        restrictForAppsCreatedAfterDateTime: "2030-01-01T00:00:00Z",
      },
    ]);
    const result = conflicts([app], policy);
    expect(result.problems.map((problem) => problem.path)).toEqual([
      "apps.jira.clientSecret.rotateEveryDays",
    ]);
    expect(result.notes).toEqual([
      "apps.jira exists already but its creation date is not known here: judged as covered by every restriction, whatever date it starts from (verify --deployer --stack reads the real date from Graph).",
    ]);
  });

  it("ignores disabled restrictions and disabled policies", () => {
    const configured = apps({ a: {} });
    const disabledRestriction = tenantPolicy([
      { restrictionType: "passwordAddition", state: "disabled" },
      { restrictionType: "passwordLifetime", state: "disabled", maxLifetime: "P1D" },
    ]);
    expect(conflicts(configured, disabledRestriction).problems).toEqual([]);
    const disabledPolicy = { ...NINETY_DAYS, isEnabled: false };
    expect(conflicts(configured, disabledPolicy)).toEqual({
      problems: [],
      notes: [
        "The tenant's default app management policy is disabled (isEnabled: false): it restricts nothing.",
      ],
    });
  });

  it("caps certificates by asymmetricKeyLifetime, measured over the certificate's own validity", () => {
    const [app] = apps({ reports: { clientSecret: false } });
    app.certificates = [
      {
        name: "signing",
        pem: "",
        thumbprint: "AB",
        startDate: "2026-11-01T00:00:00Z",
        endDate: "2028-11-01T00:00:00Z",
      },
      {
        name: "short",
        pem: "",
        thumbprint: "CD",
        startDate: "2026-11-01T00:00:00Z",
        endDate: "2027-05-01T00:00:00Z",
      },
    ];
    const policy = tenantPolicy(
      [],
      [
        { restrictionType: "asymmetricKeyLifetime", maxLifetime: "P365D" },
        {
          restrictionType: "trustedCertificateAuthority",
          certificateBasedApplicationConfigurationIds: ["x"],
        },
        { restrictionType: "someFutureRestriction" },
      ],
    );
    const result = conflicts([app], policy);
    expect(result.problems.map(formatProblem)).toEqual([
      "apps.reports.certificates.signing: is valid 731 days (2026-11-01 to 2028-11-01), more than the P365D (365 days) the tenant's default app management policy allows for certificates (asymmetricKeyLifetime): Graph refuses the certificate after pulumi up has created the app and granted its consent. Issue one valid at most 365 days, or use a federated credential instead",
    ]);
    expect(result.notes).toEqual([
      'Restriction type "someFutureRestriction" (the tenant\'s default app management policy) is not known to this check and was not checked.',
      "apps.reports.certificates: the tenant's default app management policy accepts only certificates issued by its trusted certificate authorities (trustedCertificateAuthority); who issued a certificate is not checked here.",
    ]);
  });

  it("reads Graph's durations and refuses others", () => {
    expect(durationMs("P90D")).toBe(90 * DAY_MS);
    expect(durationMs("P4DT12H30M5S")).toBe(((4 * 24 + 12) * 60 + 30) * 60_000 + 5000);
    expect(durationMs("PT36H")).toBe(1.5 * DAY_MS);
    for (const bad of ["P", "PT", "P1Y", "P3M", "90", "p90d", "P-1D"])
      expect(durationMs(bad)).toBeUndefined();
  });

  it("agrees with the rotation schedule: a rotating secret conflicts exactly when some slot it makes outlives the cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 182 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 2000 }),
        (rotateEveryDays, capDays, dayOffset) => {
          const now = new Date(NOW.getTime() + dayOffset * DAY_MS);
          const configured = apps({ a: { clientSecret: { rotateEveryDays } } });
          const policy = tenantPolicy([
            { restrictionType: "passwordLifetime", maxLifetime: `P${capDays}D` },
          ]);
          const found = conflicts(configured, policy, now).problems;
          // The longest a password lives: from its window's start (when the scheduled run adds it) to its end.
          const schedule = secretSchedule(configured[0].clientSecret, now)!;
          const longest = Math.max(
            ...schedule.slots.map(
              (slot) => Date.parse(slot.endDate) - Date.parse(slot.windowStart!),
            ),
          );
          expect(found.length > 0).toBe(longest > capDays * DAY_MS);
          if (found.length > 0) {
            const fits = Number(
              /Set rotateEveryDays: (\d+) or less/.exec(found[0].message)?.[1] ?? 0,
            );
            if (capDays >= 2) expect(2 * fits).toBeLessThanOrEqual(capDays);
            if (capDays >= 2) expect(2 * (fits + 1)).toBeGreaterThan(capDays);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
