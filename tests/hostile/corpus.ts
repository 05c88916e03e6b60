import { randomBytes } from "crypto";
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

/** A case of issue 24's new classes: the secret it holds, if any, must never be printed. */
export interface HostileTextCase extends HostileCase {
  secret?: string;
}

const NEVER_BELONG = /never belong in stack config/;

/**
 * Issue 24 findings 8 (input that made redaction quadratic), 9 (names that made did-you-mean
 * unbounded) and 12 (secret shapes config accepted and printed): each must be refused naming
 * its path, quickly, with no part of a secret printed.
 */
export function issue24Cases(): HostileTextCase[] {
  const random = (bytes: number) => randomBytes(bytes).toString("base64url");
  const clientSecret = `${random(3).slice(0, 3)}8Q~${random(30).slice(0, 34)}`;
  const olderSecret = "k9P[x]?@Lm2*Qr7:Zt4=Vw8-Yb1.Ce5_";
  // The older formats are told from names by how random they read: fixed examples, not draws.
  const older34 = "Qx7_Lp2.Vb9~Rt4-Mz6_Kd1.Hs8~Wn3-Fg";
  const hexKey = randomBytes(32).toString("hex");
  const sig = encodeURIComponent(randomBytes(32).toString("base64"));
  const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ${random(24)}.${random(64)}`;
  const credential = (subject: string) => ({
    federatedCredentials: { f: { issuer: ISSUER, subject } },
  });
  const cases: HostileTextCase[] = [
    {
      name: "finding 12: a client secret (xxx8Q~) in notes",
      apps: app({ notes: `old: ${clientSecret}` }),
      path: "apps.a.notes",
      says: NEVER_BELONG,
      secret: clientSecret,
    },
    {
      name: "finding 12: an older client secret with []?@:* in notes",
      apps: app({ notes: olderSecret }),
      path: "apps.a.notes",
      says: NEVER_BELONG,
      secret: olderSecret,
    },
    {
      name: "finding 12: an older 34-character client secret in a federated subject",
      apps: app(credential(`repo:contoso/web:${older34}`)),
      path: "apps.a.federatedCredentials.f.subject",
      says: NEVER_BELONG,
      secret: older34,
    },
    {
      name: "finding 12: a 64-digit hex key in notes",
      apps: app({ notes: `key ${hexKey}` }),
      path: "apps.a.notes",
      says: NEVER_BELONG,
      secret: hexKey,
    },
    {
      name: "finding 12: a 32-digit hex key in a federated subject",
      apps: app(credential(hexKey.slice(0, 32))),
      path: "apps.a.federatedCredentials.f.subject",
      says: NEVER_BELONG,
      secret: hexKey.slice(0, 32),
    },
    {
      name: "finding 12: a SAS signature (sig=…%2B…) in a redirect URI",
      apps: app({ redirectUris: [`https://app.contoso.com/cb?sv=2022-11-02&sig=${sig}`] }),
      path: "apps.a.redirectUris[0]",
      says: NEVER_BELONG,
      secret: sig,
    },
    {
      name: "finding 12: a JWT as a display name",
      apps: { a: { displayName: jwt } },
      path: "apps.a.displayName",
      says: NEVER_BELONG,
      secret: jwt,
    },
    {
      name: "finding 8: 160 KB of -eyJ in notes",
      apps: app({ notes: "-eyJ".repeat(40_000) }),
      path: "apps.a.notes",
      says: /is 160000 characters long; no setting takes more than 65536/,
    },
    {
      name: "finding 8: 60 KB of -eyJ in notes",
      apps: app({ notes: "-eyJ".repeat(15_000) }),
      path: "apps.a.notes",
      says: /must be at most 1024 characters/,
    },
    {
      // The finding's 38 (3.8 MB) no longer fit in a stack file (1 MB); nameLimits.spec.ts has them.
      name: "finding 9: 9 permission names of 100 KB",
      apps: app({
        permissions: {
          "Microsoft Graph": {
            application: Array.from({ length: 9 }, (_, i) => `${i}`.padEnd(100_000, "Mail.Send")),
          },
        },
      }),
      path: "apps.a.permissions.Microsoft Graph.application[0]",
      says: /is 100000 characters long; a permission name is at most 249/,
    },
    {
      name: "finding 9: an app key of 110 KB",
      apps: { ["mail-alerts".repeat(10_000)]: { displayName: "A" } },
      path: "apps.<110000-character key>",
      says: /is a map key of 110000 characters; no name in this config is longer than 256/,
    },
    {
      name: "finding 9: 20 apps x 300 unknown permission names",
      apps: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [
          `app-${i}`,
          {
            displayName: `App ${i}`,
            permissions: {
              "Microsoft Graph": {
                application: Array.from({ length: 300 }, (_, j) => `Mail.Sendd${i * 300 + j}`),
              },
            },
          },
        ]),
      ),
      path: "apps.app-0.permissions.Microsoft Graph.application",
      says: /is not an application permission of Microsoft Graph\. Did you mean "Mail\.Send"\?/,
    },
  ];
  return cases;
}
