import type { ApplicationLookup, DirectoryContext } from "./directoryContext";
import { checkPasswordAddition } from "./appManagementRules";
import { badRequest } from "./graphError";
import { GraphPasswordCredential } from "./graphTypes";
import { graphDate } from "./ids";
import { PasswordSecrets } from "./passwordSecrets";

/** Whether a client secret is one of the app's current passwords (`verify`). */
export type SecretCheck =
  | { ok: true; keyId: string }
  | { ok: false; reason: "unknown-app" | "invalid" | "expired" | "not-yet-valid" };

/** Graph's default lifetime of a password added without endDateTime (addPassword docs). */
const DEFAULT_PASSWORD_YEARS = 2;

/**
 * Client secrets of app registrations (passwordCredentials):
 * https://learn.microsoft.com/graph/api/application-addpassword. Only a hash of each secret is
 * kept, as Entra keeps it; the text is returned once, by `add`.
 */
export class PasswordStore {
  private readonly secrets = new PasswordSecrets();

  constructor(
    private readonly directory: DirectoryContext,
    private readonly applications: ApplicationLookup,
  ) {}

  /** A seeded password whose text is known (a hand-made test tenant): it can sign in. */
  rememberSeeded(keyId: string, secret: string): void {
    this.secrets.remember(keyId, secret);
  }

  /**
   * POST /applications/{id}/addPassword. Graph sets the start to now when none is given, and
   * refuses a start in the past (hashicorp/terraform-provider-azuread#1582); without an end it
   * makes the password valid for two years.
   */
  add(
    id: string,
    credential: { displayName?: string; startDateTime?: string; endDateTime?: string },
  ): GraphPasswordCredential {
    const app = this.applications.requireWritable(id, "adding a password");
    const now = this.directory.now();
    const start = credential.startDateTime ? new Date(credential.startDateTime) : now;
    if (start.getTime() < now.getTime() - 5 * 60_000) {
      throw badRequest("Key credential start date is invalid.", "KeyCredentialsInvalidStartDate");
    }
    const end = credential.endDateTime
      ? new Date(credential.endDateTime)
      : new Date(
          Date.UTC(
            start.getUTCFullYear() + DEFAULT_PASSWORD_YEARS,
            start.getUTCMonth(),
            start.getUTCDate(),
            start.getUTCHours(),
            start.getUTCMinutes(),
            start.getUTCSeconds(),
          ),
        );
    if (end.getTime() <= start.getTime()) {
      throw badRequest("Key credential end date is invalid.", "KeyCredentialsInvalidEndDate");
    }
    checkPasswordAddition(this.directory.appManagementPolicies, app, start, end);
    const keyId = this.directory.newGuid(
      "passwordKeyId",
      `${app.id}|${credential.displayName ?? ""}|${graphDate(start)}`,
    );
    const secret = this.directory.newSecret(keyId);
    const stored: GraphPasswordCredential = {
      keyId,
      displayName: credential.displayName ?? null,
      startDateTime: graphDate(start),
      endDateTime: graphDate(end),
      hint: secret.slice(0, 3),
      customKeyIdentifier: null,
      secretText: null,
    };
    app.passwordCredentials.push(stored);
    this.secrets.remember(keyId, secret);
    this.directory.markCreated(keyId);
    return { ...stored, secretText: secret };
  }

  /** POST /applications/{id}/removePassword. */
  remove(id: string, keyId: string): void {
    const app = this.applications.requireWritable(id, "removing a password");
    const before = app.passwordCredentials.length;
    app.passwordCredentials = app.passwordCredentials.filter(
      (c) => c.keyId !== keyId.toLowerCase(),
    );
    if (app.passwordCredentials.length === before) {
      throw badRequest(
        `No password credential found with keyId ${keyId}.`,
        "Request_ResourceNotFound",
      );
    }
    this.secrets.forget(keyId.toLowerCase());
  }

  /**
   * Whether `secret` is a password of the app with this client ID that is valid now, as Entra's
   * token endpoint decides a client credentials sign-in: an unknown secret, an expired one and
   * one whose start lies ahead are refused. Only a hash of each secret is kept.
   */
  verify(appId: string, secret: string): SecretCheck {
    const app = this.applications.byAppId(appId);
    if (!app) return { ok: false, reason: "unknown-app" };
    const now = this.directory.now().getTime();
    const matching = app.passwordCredentials.find((credential) =>
      this.secrets.matches(credential.keyId, secret),
    );
    if (!matching) return { ok: false, reason: "invalid" };
    if (Date.parse(matching.endDateTime) <= now) return { ok: false, reason: "expired" };
    if (Date.parse(matching.startDateTime) > now) return { ok: false, reason: "not-yet-valid" };
    return { ok: true, keyId: matching.keyId };
  }
}
