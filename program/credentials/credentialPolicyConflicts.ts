import { AppConfig } from "../config/appConfig";
import { ConfigProblem } from "../config/configProblem";
import { addDays, isoDay } from "../config/secretPolicy";
import {
  AppManagementPolicy,
  CredentialRestriction,
  EffectiveRestrictions,
  TenantAppManagementPolicy,
  coveringRestriction,
  describeDuration,
  durationMs,
  effectiveRestrictions,
  sinceText,
} from "./appManagementPolicy";

/*
 * Checks every credential a stack configures against the tenant's app management policies before
 * anything is created: Graph refuses a violating credential only when it is added, which
 * `pulumi up` does after creating the application and granting its consent. What Graph answers
 * (OfficeDev/microsoft-365-agents-toolkit#10998, and that toolkit's aadErrorCode constants):
 * a password over the lifetime cap, 400 `CredentialInvalidLifetimeAsPerAppPolicy` "Credential
 * lifetime exceeds the max value allowed as per assigned policy '<id>'."; a password where
 * passwords are blocked, 400 `CredentialTypeNotAllowedAsPerAppPolicy`.
 */

const DAY_MS = 86_400_000;

/** What is known of one app in the tenant, from Graph (verify --deployer) or config. */
export interface AppPolicyFacts {
  /** Policies assigned to the app (GET /applications/{id}/appManagementPolicies), when read. */
  assigned?: AppManagementPolicy[];
  /** The app's createdDateTime, when it exists and was read. */
  createdDateTime?: string;
  /** The app exists already (deployed before, or adopted), whether or not its date is known. */
  exists?: boolean;
}

export interface TenantPolicies {
  /** GET /policies/defaultAppManagementPolicy; undefined when not read. */
  tenantDefault?: TenantAppManagementPolicy;
  /** By app key. */
  apps?: Record<string, AppPolicyFacts>;
}

export interface PolicyCheck {
  /** Credentials Graph would refuse: config problems, each with the app's path and the fix. */
  problems: ConfigProblem[];
  /** What the check assumed or could not check, one sentence each. */
  notes: string[];
}

/** Restriction types that concern nothing this project creates (it never sends a password text or a symmetric key). */
const NOT_APPLICABLE = new Set([
  "customPasswordAddition",
  "symmetricKeyAddition",
  "symmetricKeyLifetime",
]);
const CHECKED = new Set([
  "passwordAddition",
  "passwordLifetime",
  "asymmetricKeyLifetime",
  "trustedCertificateAuthority",
]);

/**
 * The credentials of `apps` that the policies refuse, as of `now`. An app that does not exist yet
 * is created now; one that exists is judged by its createdDateTime, or, when that is unknown
 * (an adopted app checked offline), as covered by every restriction, which a note says.
 */
export function credentialPolicyConflicts(
  apps: AppConfig[],
  policies: TenantPolicies,
  now: Date,
): PolicyCheck {
  const problems: ConfigProblem[] = [];
  const notes = new Set<string>();
  if (policies.tenantDefault && !policies.tenantDefault.isEnabled)
    notes.add(
      "The tenant's default app management policy is disabled (isEnabled: false): it restricts nothing.",
    );
  for (const app of apps) {
    const facts = policies.apps?.[app.key] ?? {};
    const restrictions = effectiveRestrictions(policies.tenantDefault, facts.assigned);
    if (!restrictions) continue;
    const created = creationDate(app, facts, now);
    if (!created && hasCredential(app))
      notes.add(
        `apps.${app.key} exists already but its creation date is not known here: judged as covered by every restriction, whatever date it starts from (verify --deployer --stack reads the real date from Graph).`,
      );
    for (const restriction of [
      ...restrictions.passwordCredentials,
      ...restrictions.keyCredentials,
    ]) {
      const type = restriction.restrictionType;
      if (!CHECKED.has(type) && !NOT_APPLICABLE.has(type))
        notes.add(
          `Restriction type ${JSON.stringify(type)} (${restrictions.source}) is not known to this check and was not checked.`,
        );
    }
    problems.push(...secretConflicts(app, restrictions, created, now));
    problems.push(...certificateConflicts(app, restrictions, created));
    if (
      app.certificates.length > 0 &&
      coveringRestriction(restrictions.keyCredentials, "trustedCertificateAuthority", created)
    )
      notes.add(
        `apps.${app.key}.certificates: ${restrictions.source} accepts only certificates issued by its trusted certificate authorities (trustedCertificateAuthority); who issued a certificate is not checked here.`,
      );
  }
  return { problems, notes: [...notes] };
}

/** When the app was (or will be) created; undefined when it exists and its date is unknown. */
function creationDate(app: AppConfig, facts: AppPolicyFacts, now: Date): Date | undefined {
  if (facts.createdDateTime) return new Date(facts.createdDateTime);
  return facts.exists || app.existing?.application ? undefined : now;
}

function hasCredential(app: AppConfig): boolean {
  return app.clientSecret.kind !== "none" || app.certificates.length > 0;
}

const REFUSED_AFTER_CREATE = "after pulumi up has created the app and granted its consent";

function secretConflicts(
  app: AppConfig,
  restrictions: EffectiveRestrictions,
  created: Date | undefined,
  now: Date,
): ConfigProblem[] {
  const secret = app.clientSecret;
  if (secret.kind === "none") return [];
  const blocked = coveringRestriction(
    restrictions.passwordCredentials,
    "passwordAddition",
    created,
  );
  if (blocked) {
    return [
      {
        path: `apps.${app.key}.clientSecret`,
        value: undefined,
        message:
          `is a client secret, but ${restrictions.source} blocks new client secrets (passwordAddition${sinceText(blocked)}): ` +
          `Graph refuses addPassword with CredentialTypeNotAllowedAsPerAppPolicy ${REFUSED_AFTER_CREATE}. ` +
          "Set clientSecret: false and sign in with a certificate (certificates) or a federated credential (federatedCredentials)",
      },
    ];
  }
  const cap = lifetimeCap(restrictions.passwordCredentials, "passwordLifetime", created);
  if (!cap) return [];
  const limit = `more than the ${describeDuration(cap.text)} ${restrictions.source} allows (passwordLifetime${sinceText(cap.restriction)})`;
  const refusal = `Graph refuses addPassword with CredentialInvalidLifetimeAsPerAppPolicy ${REFUSED_AFTER_CREATE}`;
  const capDays = Math.floor(cap.ms / DAY_MS);
  if (secret.kind === "rotating") {
    const R = secret.rotateEveryDays;
    // The rotation's real lifetime: each password ends 2R days after its window starts and is
    // added at (or, on a first run, after) that start (program/rotation/secretSchedule.ts).
    if (2 * R * DAY_MS <= cap.ms) return [];
    const fits = Math.floor(capDays / 2);
    return [
      {
        path: `apps.${app.key}.clientSecret.rotateEveryDays`,
        value: R,
        message:
          `rotateEveryDays: ${R} makes each secret live ${2 * R} days (two overlapping slots, each valid 2 x ${R} days), ${limit}: ${refusal}. ` +
          (fits >= 1
            ? `Set rotateEveryDays: ${fits} or less, or use a certificate or a federated credential instead`
            : "No rotation fits (each secret lives at least 2 days): use a certificate or a federated credential instead"),
      },
    ];
  }
  // A fixed expiry: the password starts when it is added (now) and ends on expiresOn.
  const end = new Date(`${secret.expiresOn}T00:00:00Z`);
  const lives = end.getTime() - now.getTime();
  if (lives <= cap.ms) return [];
  return [
    {
      path: `apps.${app.key}.clientSecret.expiresOn`,
      value: secret.expiresOn,
      message:
        `makes a secret added today (${isoDay(now)}) live ${Math.ceil(lives / DAY_MS)} days, ${limit}: ${refusal}. ` +
        `Set expiresOn: ${isoDay(addDays(now, capDays))} or earlier` +
        (capDays >= 2 ? `, or rotateEveryDays: ${Math.floor(capDays / 2)}` : "") +
        ", or use a certificate or a federated credential instead",
    },
  ];
}

function certificateConflicts(
  app: AppConfig,
  restrictions: EffectiveRestrictions,
  created: Date | undefined,
): ConfigProblem[] {
  const cap = lifetimeCap(restrictions.keyCredentials, "asymmetricKeyLifetime", created);
  if (!cap) return [];
  return app.certificates.flatMap((certificate) => {
    // The provider sends the certificate's own validity as the credential's start and end.
    const lives = Date.parse(certificate.endDate) - Date.parse(certificate.startDate);
    if (lives <= cap.ms) return [];
    return [
      {
        path: `apps.${app.key}.certificates.${certificate.name}`,
        value: undefined,
        message:
          `is valid ${Math.ceil(lives / DAY_MS)} days (${certificate.startDate.slice(0, 10)} to ${certificate.endDate.slice(0, 10)}), ` +
          `more than the ${describeDuration(cap.text)} ${restrictions.source} allows for certificates (asymmetricKeyLifetime${sinceText(cap.restriction)}): ` +
          `Graph refuses the certificate ${REFUSED_AFTER_CREATE}. Issue one valid at most ${Math.floor(cap.ms / DAY_MS)} days, or use a federated credential instead`,
      },
    ];
  });
}

/** The enforced lifetime restriction of this type, with its maximum. */
function lifetimeCap(
  restrictions: CredentialRestriction[],
  type: string,
  created: Date | undefined,
): { restriction: CredentialRestriction; text: string; ms: number } | undefined {
  const restriction = coveringRestriction(restrictions, type, created);
  const text = restriction?.maxLifetime;
  if (!restriction || !text) return undefined;
  return { restriction, text, ms: durationMs(text)! };
}
