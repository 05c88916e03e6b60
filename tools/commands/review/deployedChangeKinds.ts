/**
 * What the deployed-level review (deployedChanges.ts) calls a privilege gain, and which
 * config-level changes (stackReview.ts) explain each one, in the same app: `settings`, a gain of
 * that SettingChange.setting that names the same value (owner ID, URI, subject, thumbprint ...);
 * `settingGain`, a gain of that setting whatever it names (admin consent turned on); `anyChangeTo`,
 * any change of that setting (a new client secret policy makes new passwords);
 * `permission`, a PermissionChange "added" of the same API, permission and kind; `appAdded`, an
 * app the config review shows as added. A deployed gain nothing explains is reported as
 * "deployed but not explained by the config diff".
 */
export const DEPLOYED_CHANGE_KINDS = {
  "permission-requested": {
    gain: true,
    why: "the application object requests a permission it did not (requiredResourceAccesses)",
    explainedBy: { permission: true },
  },
  "app-role-assigned": {
    gain: true,
    why: "an app role assignment: an application permission granted (admin consent)",
    explainedBy: { permission: true, settingGain: ["adminConsent"] },
  },
  "delegated-scope-granted": {
    gain: true,
    why: "a delegated permission grant's claimValues gained a scope (admin consent)",
    explainedBy: { permission: true, settingGain: ["adminConsent"] },
  },
  "grant-retargeted": {
    gain: true,
    why: "an assignment or grant now names another principal, resource API or role",
    explainedBy: { permission: true },
  },
  "client-secret-added": {
    gain: true,
    why: "an application password: a new secret to sign in with",
    explainedBy: { anyChangeTo: ["clientSecret"] },
  },
  "certificate-added": {
    gain: true,
    why: "a certificate credential with a key the app did not have",
    explainedBy: { settings: ["certificates"] },
  },
  "federated-credential-added": {
    gain: true,
    why: "a federated identity credential: tokens from its issuer and subject sign in as the app",
    explainedBy: { settings: ["federatedCredentials"] },
  },
  "federated-credential-retargeted": {
    gain: true,
    why: "a federated credential's issuer or subject changed",
    explainedBy: { settings: ["federatedCredentials"] },
  },
  "federated-audience-widened": {
    gain: true,
    why: "a federated credential accepts an audience it did not",
    explainedBy: { settings: ["federatedCredentials"] },
  },
  "credential-retargeted": {
    gain: true,
    why: "a password, certificate or federated credential now belongs to another application",
    explainedBy: {},
  },
  "owner-added": {
    gain: true,
    why: "an owner of the application or its service principal",
    explainedBy: { settings: ["owners"] },
  },
  "redirect-uri-added": {
    gain: true,
    why: "a web redirect URI: a new place sign-in codes and tokens are sent",
    explainedBy: { settings: ["redirectUris"] },
  },
  "sign-in-audience-widened": {
    gain: true,
    why: "signInAudience no longer `AzureADMyOrg`: accounts outside the tenant can sign in",
    explainedBy: { settings: ["signInAudience"] },
  },
  "key-vault-copy-added": {
    gain: true,
    why: "a Key Vault secret holding the client secret: that vault's readers have it",
    explainedBy: { settings: ["keyVault"] },
  },
  "key-vault-copy-moved": {
    gain: true,
    why: "the Key Vault copy goes to another vault, resource group or secret name",
    explainedBy: { settings: ["keyVault"] },
  },
  "exchange-mailbox-added": {
    gain: true,
    why: "the Exchange scope script covers a mailbox it did not",
    explainedBy: { settings: ["exchange"] },
  },
  "exchange-role-added": {
    gain: true,
    why: "the Exchange scope script assigns a role it did not",
    explainedBy: { settings: ["exchange"] },
  },
  "resource-added": {
    gain: true,
    why: "any other resource the base would not register",
    explainedBy: { appAdded: true },
  },
  "permission-unrequested": { gain: false, why: "a requested permission dropped", explainedBy: {} },
  "app-role-unassigned": { gain: false, why: "an app role assignment removed", explainedBy: {} },
  "delegated-scope-revoked": { gain: false, why: "a delegated scope removed", explainedBy: {} },
  "owner-removed": { gain: false, why: "an owner removed", explainedBy: {} },
  "redirect-uri-removed": { gain: false, why: "a redirect URI removed", explainedBy: {} },
  "sign-in-audience-narrowed": {
    gain: false,
    why: "signInAudience back to `AzureADMyOrg`",
    explainedBy: {},
  },
  "federated-audience-narrowed": {
    gain: false,
    why: "a federated credential accepts fewer audiences",
    explainedBy: {},
  },
  "certificate-renamed": {
    gain: false,
    why: "a certificate that holds a key the app already had, under a new name",
    explainedBy: {},
  },
  "exchange-mailbox-removed": { gain: false, why: "a mailbox left the scope", explainedBy: {} },
  "exchange-role-removed": { gain: false, why: "a role left the scope", explainedBy: {} },
  "resource-removed": {
    gain: false,
    why: "a resource the head no longer registers",
    explainedBy: {},
  },
  "input-changed": {
    gain: false,
    why: "any other input (display name, notes, end dates, tags)",
    explainedBy: {},
  },
} as const satisfies Record<
  string,
  {
    gain: boolean;
    why: string;
    explainedBy: {
      permission?: true;
      settings?: readonly string[];
      settingGain?: readonly string[];
      anyChangeTo?: readonly string[];
      appAdded?: true;
    };
  }
>;

export type DeployedChangeKind = keyof typeof DEPLOYED_CHANGE_KINDS;
