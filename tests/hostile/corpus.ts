import { KeySample } from "./keyMaterial";

/** A stack config that must be refused: where the problem is reported and the fix it names. */
export interface HostileCase {
  name: string;
  /** The `entra-graph-apps:apps` and `:defaults` maps of the stack file. */
  apps: Record<string, unknown>;
  defaults?: Record<string, unknown>;
  /** A problem line must start with this config path... */
  path: string;
  /** ...and say this (the fix, or what is wrong). */
  says: RegExp;
}

const ISSUER = "https://token.actions.githubusercontent.com";

/** One app with `settings`, named `a`. */
const app = (settings: Record<string, unknown>) => ({ a: { displayName: "A", ...settings } });

/**
 * Every wrong place and shape a private key can be pasted into, for one key. Each case must be
 * refused naming its path, with no part of the key printed anywhere.
 */
export function hostileCases(key: KeySample): HostileCase[] {
  const pem = key.pems[0];
  const traditional = key.pems[1] ?? key.pems[0];
  const cases: Omit<HostileCase, "name">[] = [
    {
      apps: app({ certificates: { c: pem } }),
      path: "apps.a.certificates.c",
      says: /must be \{ pem: <PEM text> \} or \{ pemFile/,
    },
    {
      apps: app({ certificates: [pem] }),
      path: "apps.a.certificates",
      says: /must be a map/,
    },
    {
      apps: app({ certificates: { c: { pem, pemFile: "certs/c.pem" } } }),
      path: "apps.a.certificates.c",
      says: /set exactly one of pem or pemFile/,
    },
    {
      apps: app({ certificates: { c: { pem: traditional } } }),
      path: "apps.a.certificates.c.pem",
      says: /contains a private key\. Only the public certificate belongs in config/,
    },
    {
      apps: app({ certificates: { c: { pem: key.base64Body } } }),
      path: "apps.a.certificates.c.pem",
      says: /is not a PEM certificate/,
    },
    {
      apps: app({ certificates: { c: { pemFile: pem } } }),
      path: "apps.a.certificates.c.pemFile",
      says: /give the path of the certificate file relative to the project folder/,
    },
    {
      apps: app({ certificates: { [key.jwkD]: { pem: traditional } } }),
      path: "apps.a.certificates.",
      says: /contains a private key|is not a valid name|is a map key of \d+ characters/,
    },
    {
      apps: { a: { displayName: pem } },
      path: "apps.a.displayName",
      says: /keys and secrets never belong in stack config/,
    },
    {
      apps: app({ notes: traditional }),
      path: "apps.a.notes",
      says: /never belong in stack config/,
    },
    {
      apps: app({ redirectUris: [`https://app.contoso.com/${key.base64Body}`, pem] }),
      path: "apps.a.redirectUris[1]",
      says: /never belong in stack config/,
    },
    {
      apps: app({ owners: [key.jwkD] }),
      path: "apps.a.owners[0]",
      says: /is not an object ID/,
    },
    {
      apps: app({ permissions: { "Microsoft Graph": { application: [pem] } } }),
      path: "apps.a.permissions.Microsoft Graph.application",
      says: /never belong in stack config|single permission name|a permission name is at most 249/,
    },
    {
      apps: app({ permissions: { [key.base64Body]: { application: ["Mail.Send"] } } }),
      path: "apps.a.permissions.",
      says: /is not a known API name|is a map key of \d+ characters/,
    },
    {
      apps: { [key.jwkD]: { displayName: "A" } },
      path: "apps.",
      says: /app key must be lowercase letters, digits and dashes|is a map key of \d+ characters/,
    },
    { apps: app({ clientSecret: pem }), path: "apps.a.clientSecret", says: /must be false/ },
    {
      apps: app({ clientSecret: { expiresOn: key.jwkD } }),
      path: "apps.a.clientSecret.expiresOn",
      says: /must be a date written YYYY-MM-DD/,
    },
    {
      apps: app({ clientSecret: { rotateEveryDays: 90, privateKey: pem } }),
      path: "apps.a.clientSecret",
      says: /unknown setting|never belong in stack config/,
    },
    {
      apps: app({ federatedCredentials: { f: { issuer: ISSUER, subject: traditional } } }),
      path: "apps.a.federatedCredentials.f.subject",
      says: /never belong in stack config/,
    },
    {
      apps: app({ federatedCredentials: { f: { issuer: pem, subject: "repo:a/b:pull_request" } } }),
      path: "apps.a.federatedCredentials.f.issuer",
      says: /must be an https URL|never belong/,
    },
    {
      apps: app({
        federatedCredentials: { f: { issuer: ISSUER, subject: "s", audiences: [key.jwkD, pem] } },
      }),
      path: "apps.a.federatedCredentials.f.audiences",
      says: /exactly one/,
    },
    {
      apps: app({
        keyVault: { resourceGroupName: "rg", vaultName: "kv-a", secretName: key.base64Body },
      }),
      path: "apps.a.keyVault.secretName",
      says: /1-127 letters, digits and dashes|never belong in stack config/,
    },
    {
      apps: app({ renamedFrom: [pem] }),
      path: "apps.a.renamedFrom",
      says: /previous app key|never belong/,
    },
    {
      apps: app({ exchange: { mailboxes: [pem] } }),
      path: "apps.a.exchange.mailboxes",
      says: /mailbox address|never belong/,
    },
    {
      apps: app({ privateKey: pem }),
      path: "apps.a.privateKey",
      says: /is not a setting|never belong/,
    },
    {
      apps: app({}),
      defaults: { notes: traditional },
      path: "defaults.notes",
      says: /never belong in stack config/,
    },
  ];
  return cases.map((entry, index) => ({
    ...entry,
    name: `${key.kind} #${index + 1} at ${entry.path}`,
  }));
}
