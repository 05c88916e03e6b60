import { AuthorityHost } from "./authority";
import { compareRoles } from "./compareRoles";
import { AuthFailure } from "./entraErrors";
import { acquireGraphToken, TokenOutcome, TokenRequest } from "./graphToken";
import { SecretExpiry, secretExpiry } from "./secretExpiry";
import { VerifyTarget } from "./verifyTargets";

/** One app's verdict; `not-deployed` counts as a mismatch, `skipped` as neither. */
export type AppStatus = "ok" | "mismatch" | "auth-failed" | "not-deployed" | "skipped";

/** What `verify` found for one app. Holds no secret and no token. */
export interface AppResult {
  app: string;
  clientId?: string;
  tenantId?: string;
  status: AppStatus;
  /** Configured Graph application permissions; undefined when none were given to compare with. */
  expected?: string[];
  /** The token's roles; undefined when no token was acquired. */
  granted?: string[];
  missing: string[];
  extra: string[];
  failure?: AuthFailure;
  /** Why the app was not checked (not deployed, or no secret). */
  reason?: string;
  secretExpiry: SecretExpiry;
}

/** How `verify` signs in and judges: authority, expiry window, and how long to wait for replication. */
export interface VerifySettings {
  authority: AuthorityHost;
  /** The day expiry is measured from. */
  now: Date;
  warnDays: number;
  /** Keep retrying apps that may still be replicating for up to this many seconds (0: no retry). */
  waitSeconds: number;
  retryIntervalSeconds: number;
}

/** Side effects, injectable for tests. */
export interface VerifyHooks {
  acquire?: (request: TokenRequest) => Promise<TokenOutcome>;
  sleep?: (ms: number) => Promise<void>;
  /** The clock the deadline of `waitSeconds` is measured with. */
  clock?: () => number;
  /** Progress while waiting, on stderr by default. */
  progress?: (line: string) => void;
}

/**
 * Signs in as each app and compares its token with its config. With `waitSeconds`, apps whose
 * outcome can still change by itself (consent or a new app or secret not yet replicated) are
 * retried until they match or the time is up.
 */
export async function verifyApps(
  targets: VerifyTarget[],
  settings: VerifySettings,
  hooks: VerifyHooks = {},
): Promise<AppResult[]> {
  const acquire = hooks.acquire ?? acquireGraphToken;
  const sleep =
    hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const progress = hooks.progress ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clock = hooks.clock ?? Date.now;
  const deadline = clock() + settings.waitSeconds * 1000;

  const results = await Promise.all(targets.map((target) => verifyOne(target, settings, acquire)));
  for (;;) {
    const pending = results
      .map((result, index) => ({ result, index }))
      .filter(({ result }) => mayStillChange(result));
    const intervalMs = settings.retryIntervalSeconds * 1000;
    if (pending.length === 0 || clock() + intervalMs > deadline) return results;
    progress(
      `verify: ${pending.map(({ result }) => result.app).join(", ")} not as configured yet (Entra replicates for a few minutes); ` +
        `retrying in ${settings.retryIntervalSeconds}s`,
    );
    await sleep(intervalMs);
    await Promise.all(
      pending.map(
        async ({ index }) => (results[index] = await verifyOne(targets[index], settings, acquire)),
      ),
    );
  }
}

async function verifyOne(
  target: VerifyTarget,
  settings: VerifySettings,
  acquire: (request: TokenRequest) => Promise<TokenOutcome>,
): Promise<AppResult> {
  const base = {
    app: target.app,
    clientId: target.clientId,
    tenantId: target.tenantId,
    expected: target.expectedRoles ? [...new Set(target.expectedRoles)].sort() : undefined,
    missing: [],
    extra: [],
    secretExpiry: secretExpiry(
      target.app,
      target.secretExpiresOn,
      target.secretRotateEveryDays,
      settings.now,
      settings.warnDays,
    ),
  };
  if (target.unavailable || !target.credential || !target.tenantId || !target.clientId) {
    return {
      ...base,
      status: target.unavailable?.status ?? "skipped",
      reason: target.unavailable?.reason ?? "nothing to sign in with",
    };
  }
  const outcome = await acquire({
    tenantId: target.tenantId,
    clientId: target.clientId,
    credential: target.credential,
    authority: settings.authority,
  });
  if (!outcome.ok) return { ...base, status: "auth-failed", failure: outcome.failure };
  if (target.expectedRoles === undefined)
    return { ...base, status: "ok", granted: outcome.claims.roles };
  const comparison = compareRoles(target.expectedRoles, outcome.claims.roles);
  return {
    ...base,
    status: comparison.matches ? "ok" : "mismatch",
    granted: comparison.granted,
    missing: comparison.missing,
    extra: comparison.extra,
  };
}

/**
 * Outcomes Entra's replication can turn around by itself: roles not (or no longer) in the token,
 * an app not found yet (AADSTS700016), a brand-new secret not accepted yet (AADSTS7000215).
 */
function mayStillChange(result: AppResult): boolean {
  if (result.status === "mismatch") return true;
  return (
    result.status === "auth-failed" &&
    (result.failure?.code === "AADSTS700016" || result.failure?.code === "AADSTS7000215")
  );
}
