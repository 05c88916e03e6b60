import { AppConfig } from "../../../program/config/appConfig";
import { ClientSecretPolicy } from "../../../program/config/secretPolicy";
import { FederatedCredential } from "../../../program/credentials/federatedCredential";
import { otherFormNote } from "./githubSubjectPairs";
import { change, setChanges, SettingChange, shown } from "./settingChange";

/*
 * Ways to sign in as the app (secret, certificates, federated credentials) and where its secret is
 * copied (Key Vault).
 */

/** Certificates are compared by thumbprint: the same key under a new name is not a new way in. */
export function certificateChanges(old: AppConfig, after: AppConfig): SettingChange[] {
  return setChanges(
    "certificates",
    "certificate",
    "certificate",
    old.certificates.map((c) => c.thumbprint),
    after.certificates.map((c) => c.thumbprint),
    (thumbprint) => thumbprint.toUpperCase(),
    (thumbprint) => {
      const c = [...after.certificates, ...old.certificates].find(
        (x) => x.thumbprint === thumbprint,
      )!;
      return `${shown(c.name)} (thumbprint ${shown(c.thumbprint)}, until ${shown(c.endDate.slice(0, 10))})`;
    },
  );
}

/** Credentials are matched like Pulumi matches them: by name, then by a previous name. */
export function federatedChanges(
  before: FederatedCredential[],
  after: FederatedCredential[],
): SettingChange[] {
  const byName = new Map(before.map((f) => [f.name, f]));
  const afterNames = new Set(after.map((f) => f.name));
  const matched = new Set<string>();
  const describe = (f: FederatedCredential) =>
    `${shown(f.name)}: ${shown(f.subject)} from ${shown(f.issuer)} (audience ${f.audiences.map(shown).join(", ")})`;
  const changes: SettingChange[] = [];
  for (const f of after) {
    const oldName = byName.has(f.name)
      ? f.name
      : (f.previousNames ?? []).find((n) => byName.has(n) && !afterNames.has(n) && !matched.has(n));
    if (oldName === undefined) {
      changes.push(
        change(
          "federatedCredentials",
          "federated-credential-added",
          `federated credential added: ${describe(f)}${otherFormNote(f.issuer, f.subject, before)}`,
        ),
      );
      continue;
    }
    matched.add(oldName);
    const old = byName.get(oldName)!;
    const label = `federated credential ${shown(f.name)}`;
    if (oldName !== f.name)
      changes.push(
        change(
          "federatedCredentials",
          "federated-credential-renamed",
          `${label} renamed from ${shown(oldName)}`,
        ),
      );
    if (old.issuer !== f.issuer || old.subject !== f.subject) {
      changes.push(
        change(
          "federatedCredentials",
          "federated-credential-retargeted",
          `${label} now trusts ${shown(f.subject)} from ${shown(f.issuer)} (was ${shown(old.subject)} from ${shown(old.issuer)})${otherFormNote(f.issuer, f.subject, [{ ...old, name: "" }])}`,
        ),
      );
    }
    const widened = f.audiences.some((a) => !old.audiences.includes(a));
    if (widened || old.audiences.some((a) => !f.audiences.includes(a))) {
      changes.push(
        change(
          "federatedCredentials",
          widened ? "federated-audience-widened" : "federated-audience-narrowed",
          `${label} audience ${old.audiences.map(shown).join(", ")} → ${f.audiences.map(shown).join(", ")}`,
        ),
      );
    }
  }
  for (const old of before.filter((f) => !matched.has(f.name)))
    changes.push(
      change(
        "federatedCredentials",
        "federated-credential-removed",
        `federated credential removed: ${describe(old)}`,
      ),
    );
  return changes;
}

/** Key Vault compares vault and secret names without case. */
export function keyVaultChanges(old: AppConfig, after: AppConfig): SettingChange[] {
  const where = (app: AppConfig) =>
    app.keyVault ? `${app.keyVault.vaultName}/${app.keyVault.secretName}` : undefined;
  const [was, is] = [where(old), where(after)];
  if (was?.toLowerCase() === is?.toLowerCase()) return [];
  if (is === undefined)
    return [
      change("keyVault", "key-vault-copy-removed", `Key Vault copy removed (was ${shown(was!)})`),
    ];
  if (was === undefined)
    return [
      change(
        "keyVault",
        "key-vault-copy-added",
        `Key Vault copy added: ${shown(is)} (readable by that vault's secret readers)`,
      ),
    ];
  return [
    change(
      "keyVault",
      "key-vault-copy-moved",
      `Key Vault copy moved: ${shown(was)} → ${shown(is)} (readable by that vault's secret readers)`,
    ),
  ];
}

export function secretChanges(
  before: ClientSecretPolicy,
  after: ClientSecretPolicy,
): SettingChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before.kind === "none")
    return [
      change(
        "clientSecret",
        "client-secret-added",
        `client secret added: ${describeSecret(after)}`,
      ),
    ];
  if (after.kind === "none") {
    return [
      change(
        "clientSecret",
        "client-secret-removed",
        `client secret removed (was: ${describeSecret(before)})`,
      ),
    ];
  }
  const longer = livesLonger(before, after) ? " (longer-lived secret)" : "";
  return [
    change(
      "clientSecret",
      "client-secret-policy-changed",
      `client secret policy: ${describeSecret(before)} → ${describeSecret(after)}${longer}`,
    ),
  ];
}

export function describeSecret(policy: ClientSecretPolicy): string {
  switch (policy.kind) {
    case "none":
      return "none";
    case "fixed":
      return `one secret expiring ${shown(policy.expiresOn)}`;
    case "rotating":
      return `rotates every ${policy.rotateEveryDays} days, each secret valid ${2 * policy.rotateEveryDays} days`;
  }
}

/** Whether the new policy keeps a secret alive longer than the old one, for the same kind of policy. */
function livesLonger(before: ClientSecretPolicy, after: ClientSecretPolicy): boolean {
  if (before.kind === "rotating" && after.kind === "rotating")
    return after.rotateEveryDays > before.rotateEveryDays;
  if (before.kind === "fixed" && after.kind === "fixed") return after.expiresOn > before.expiresOn;
  return false;
}
