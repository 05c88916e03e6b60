import { AppConfig } from "../../../program/config/appConfig";
import { ownerIdentity } from "../../../program/config/settings/owners";
import { ExchangeScope } from "../../../program/exchange/exchangeScope";
import {
  certificateChanges,
  federatedChanges,
  keyVaultChanges,
  secretChanges,
} from "./credentialChanges";
import { change, setChanges, SettingChange, shown } from "./settingChange";

/** The app a new app is compared with: nothing granted, nothing to sign in with. */
export function emptyApp(like: AppConfig): AppConfig {
  return {
    key: like.key,
    displayName: like.displayName,
    notes: like.notes,
    signInAudience: "AzureADMyOrg",
    redirectUris: [],
    owners: [],
    permissions: [],
    adminConsent: like.adminConsent,
    clientSecret: { kind: "none" },
    certificates: [],
    federatedCredentials: [],
    renamedFrom: [],
  };
}

/** Everything but permissions that differs between two versions of one app registration. */
export function settingChanges(old: AppConfig, after: AppConfig): SettingChange[] {
  const changes: SettingChange[] = [];
  if (old.displayName !== after.displayName) {
    changes.push(
      change(
        "displayName",
        "display-name-changed",
        `display name "${shown(old.displayName)}" → "${shown(after.displayName)}"`,
      ),
    );
  }
  if (old.signInAudience !== after.signInAudience) {
    const widened = after.signInAudience === "AzureADMultipleOrgs";
    changes.push(
      change(
        "signInAudience",
        widened ? "sign-in-audience-widened" : "sign-in-audience-narrowed",
        `sign-in audience ${widened ? "widened" : "narrowed"}: ${old.signInAudience} → ${after.signInAudience}${widened ? " (accounts of any Entra tenant can sign in)" : ""}`,
      ),
    );
  }
  changes.push(
    ...setChanges(
      "redirectUris",
      "redirect URI",
      "redirect-uri",
      old.redirectUris,
      after.redirectUris,
    ),
    ...setChanges("owners", "owner", "owner", old.owners, after.owners, ownerIdentity),
  );
  if (old.adminConsent !== after.adminConsent) {
    changes.push(
      after.adminConsent
        ? change(
            "adminConsent",
            "admin-consent-on",
            "admin consent turned on: every requested permission is granted",
          )
        : change(
            "adminConsent",
            "admin-consent-off",
            "admin consent turned off: permissions are requested only",
          ),
    );
  }
  if (old.notes !== after.notes) changes.push(change("notes", "notes-changed", "notes changed"));
  changes.push(
    ...secretChanges(old.clientSecret, after.clientSecret),
    ...mailboxScopeChanges(old.exchange, after.exchange),
    ...certificateChanges(old, after),
    ...federatedChanges(old.federatedCredentials, after.federatedCredentials),
    ...keyVaultChanges(old, after),
  );
  return changes;
}

/** Exchange RBAC for Applications: a new mailbox or role is a new reach; removals are not. */
function mailboxScopeChanges(
  before: ExchangeScope | undefined,
  after: ExchangeScope | undefined,
): SettingChange[] {
  if (!before && !after) return [];
  if (!before) {
    return [
      change(
        "exchange",
        "exchange-scope-added",
        `Exchange mailbox scope added: ${after!.roles.map(shown).join(", ")} on ${after!.mailboxes.map(shown).join(", ")}`,
      ),
    ];
  }
  if (!after) {
    return [
      change(
        "exchange",
        "exchange-scope-removed",
        `Exchange mailbox scope removed (was ${before.mailboxes.map(shown).join(", ")})`,
      ),
    ];
  }
  return [
    ...setChanges(
      "exchange",
      "Exchange mailbox",
      "exchange-mailbox",
      before.mailboxes,
      after.mailboxes,
    ),
    ...setChanges("exchange", "Exchange role", "exchange-role", before.roles, after.roles),
  ];
}
