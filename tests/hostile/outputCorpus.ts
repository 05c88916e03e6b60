import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { stringify } from "yaml";

/*
 * Hostile text for the output-escaping rule (program/outputText.ts): pieces an attacker combines
 * (line breaks, controls, bidi, invisibles, workflow commands, Markdown), and the config values
 * plan and review print, to put them in.
 */

export const PIECES = [
  "\n",
  "\r",
  "\r\n",
  "\u0085",
  "\u2028",
  "\t",
  "\u001b[2J",
  "\u0007",
  "\u202e",
  "\u2066",
  "\u200f",
  "\u061c",
  "\u200b",
  "\u2060",
  "\ufeff",
  "\u00ad",
  "\udb40\udc41",
  "\ud800",
  "::add-mask::",
  "::stop-commands::pwned",
  "::warning::",
  "  ::error::",
  "\u3000::notice::",
  "##[add-mask]",
  "#\ufe0f#[error]",
  "@team",
  "@contoso/admins",
  "a@evil.example",
  "&#8238;",
  "&amp;",
  "~~x~~",
  "<img src=x onerror=alert(1)>",
  "https://evil.example",
  "www.evil.example",
  "|",
  "`",
  "**b**",
  "_i_",
  "#1",
  ":warning:",
  "$x$",
  "[l](https://e.example)",
  "- ",
  "> ",
  " ",
  "Mail.Send",
];

/** One to six pieces or random characters (any code point, lone surrogates too). */
export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 3 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(""));

export type Apps = Record<string, Record<string, unknown>>;

/** One app with every setting plan and review print. */
export const baseApps = (): Apps => ({
  mail: {
    displayName: "Mail",
    notes: "Sends alerts",
    permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
    federatedCredentials: {
      ci: { issuer: "https://idp.contoso.com", subject: "svc-42", audiences: ["api://x"] },
      gh: { github: { repository: "contoso/infra", branch: "main" } },
    },
  },
});

const federated = (apps: Apps) =>
  apps.mail.federatedCredentials as Record<string, Record<string, unknown>>;

/** Every config value plan and review print, and a refused one of each kind (key, permission). */
export const PLACES: Record<string, (apps: Apps, text: string) => void> = {
  displayName: (apps, text) => void (apps.mail.displayName = `Mail ${text}`),
  notes: (apps, text) => void (apps.mail.notes = `Sends ${text}`),
  subject: (apps, text) => void (federated(apps).ci.subject = `svc-${text}`),
  issuer: (apps, text) => void (federated(apps).ci.issuer = `https://idp.contoso.com/${text}`),
  audiences: (apps, text) => void (federated(apps).ci.audiences = [`api://x${text}`]),
  branch: (apps, text) =>
    void ((federated(apps).gh.github as Record<string, unknown>).branch = `main${text}`),
  redirectUri: (apps, text) =>
    void (apps.mail.redirectUris = [`https://app.contoso.com/cb${text}`]),
  permission: (apps, text) =>
    void (apps.mail.permissions = { "Microsoft Graph": { application: [`Mail.${text}`] } }),
  appKey: (apps, text) => void (apps[`mail${text}`] = apps.mail),
};

/** Writes a stack file with `apps` into `dir`, a new name each time. */
export function writeStack(dir: string, apps: Apps): string {
  const file = path.join(dir, `Pulumi.s${fs.readdirSync(dir).length + 1}.yaml`);
  const config = { "azuread:tenantId": "11111111-2222-3333-4444-555555555555" };
  fs.writeFileSync(file, stringify({ config: { ...config, "entra-graph-apps:apps": apps } }));
  return file;
}
