/**
 * The one definition of what `review` calls a privilege gain. Every change review reports is one
 * of these kinds, and whether it gains privilege is read from here only. docs/review-and-guardrails.md "Reviewing
 * changes" → "What counts as a privilege gain" mirrors this table row by row (a test checks it).
 */
export const CHANGE_KINDS = {
  "permission-added": {
    gain: true,
    why: "an application or delegated permission of any API the app did not have",
  },
  "admin-consent-on": {
    gain: true,
    why: "`adminConsent` turned on: every requested permission is granted",
  },
  "client-secret-added": {
    gain: true,
    why: "a client secret where there was none: a new way to sign in as the app",
  },
  "certificate-added": {
    gain: true,
    why: "a certificate (thumbprint) the app did not have: a new way to sign in",
  },
  "federated-credential-added": {
    gain: true,
    why: "a federated credential under a new name: tokens from its issuer and subject sign in as the app",
  },
  "federated-credential-retargeted": {
    gain: true,
    why: "a federated credential's issuer or subject changed: a different workload signs in",
  },
  "federated-audience-widened": {
    gain: true,
    why: "a federated credential accepts an audience it did not accept before (any audience change, since Entra takes exactly one)",
  },
  "redirect-uri-added": { gain: true, why: "a new place sign-in codes and tokens are sent" },
  "sign-in-audience-widened": {
    gain: true,
    why: "`AzureADMyOrg` → `AzureADMultipleOrgs`: accounts of any Entra tenant can sign in",
  },
  "owner-added": { gain: true, why: "an owner can add credentials to the app and act as it" },
  "key-vault-copy-added": {
    gain: true,
    why: "the client secret is copied to a Key Vault: anyone who can read that vault's secrets has it",
  },
  "key-vault-copy-moved": {
    gain: true,
    why: "the client secret is copied to another vault or secret name: readable by that vault's readers",
  },
  "exchange-scope-added": { gain: true, why: "Exchange roles granted on a set of mailboxes" },
  "exchange-mailbox-added": { gain: true, why: "a mailbox added to the Exchange scope" },
  "exchange-role-added": { gain: true, why: "an Exchange role added to the scope" },
  "apps-merged": {
    gain: true,
    why: "`renamedFrom` names an app that still existed beside this one: this app's registration and secrets take the other's permissions (review refuses it, exit 1)",
  },
  "guardrail-allow-listed": {
    gain: true,
    why: "a guardrail allow list lets something new through (a permission with its justification, an app allowed to be multi-tenant): what the policy stopped now deploys",
  },
  "guardrail-limit-relaxed": {
    gain: true,
    why: "a guardrail limit relaxed (a higher privilege level or secret lifetime, fewer owners required)",
  },
  "guardrail-enforcement-lowered": {
    gain: true,
    why: "a guardrail policy lowered from mandatory to advisory or disabled (or advisory to disabled): its violations no longer stop a deployment",
  },
  "code-changed": {
    gain: true,
    why: "code that decides what deploys (or how it is checked) changed: the program, components, policy pack, tools, workflows, package files, a project file's runtime. Review cannot tell what it grants: a human must",
  },
  "permission-removed": { gain: false, why: "a permission removed" },
  "admin-consent-off": {
    gain: false,
    why: "`adminConsent` turned off: permissions are requested only",
  },
  "client-secret-removed": { gain: false, why: "the client secret removed" },
  "client-secret-policy-changed": {
    gain: false,
    why: "the expiry or rotation period changed (a longer-lived secret is pointed out)",
  },
  "certificate-removed": { gain: false, why: "a certificate removed" },
  "federated-credential-removed": { gain: false, why: "a federated credential removed" },
  "federated-credential-renamed": {
    gain: false,
    why: "a federated credential kept under a new name (`renamedFrom`); an issuer, subject or audience change is its own row",
  },
  "federated-audience-narrowed": {
    gain: false,
    why: "a federated credential accepts fewer audiences",
  },
  "redirect-uri-removed": { gain: false, why: "a redirect URI removed" },
  "sign-in-audience-narrowed": { gain: false, why: "`AzureADMultipleOrgs` → `AzureADMyOrg`" },
  "owner-removed": { gain: false, why: "an owner removed" },
  "key-vault-copy-removed": { gain: false, why: "the Key Vault copy removed" },
  "exchange-scope-removed": { gain: false, why: "the Exchange mailbox scope removed" },
  "exchange-mailbox-removed": { gain: false, why: "a mailbox removed from the Exchange scope" },
  "exchange-role-removed": { gain: false, why: "an Exchange role removed from the scope" },
  "app-renamed": {
    gain: false,
    why: "an app key renamed with `renamedFrom` (the old key gone from the stack): the same registration, kept by alias",
  },
  "guardrail-allow-list-entry-removed": {
    gain: false,
    why: "an entry removed from a guardrail allow list",
  },
  "guardrail-justification-changed": {
    gain: false,
    why: "an allow-list entry's justification reworded (allowed before and after)",
  },
  "guardrail-limit-tightened": { gain: false, why: "a guardrail limit tightened" },
  "guardrail-enforcement-raised": {
    gain: false,
    why: "a guardrail policy's enforcement raised (towards mandatory)",
  },
  "display-name-changed": { gain: false, why: "the display name changed" },
  "notes-changed": { gain: false, why: "the notes changed" },
} as const satisfies Record<string, { gain: boolean; why: string }>;

export type ChangeKind = keyof typeof CHANGE_KINDS;

/** Whether a change of this kind gains privilege: the only place that answer comes from. */
export function isGain(kind: ChangeKind): boolean {
  return CHANGE_KINDS[kind].gain;
}
