import { DEFAULT_EXCHANGE_ROLES } from "../../exchange/exchangeScope";
import { MAX_SECRET_LIFETIME_DAYS } from "../../guardrails/rules";
import { DEFAULT_ROTATE_EVERY_DAYS, MAX_ROTATE_EVERY_DAYS } from "../secretPolicy";
import {
  MAX_FEDERATED_FIELD_LENGTH,
  MAX_FEDERATED_NAME_LENGTH,
} from "../../credentials/federatedCredential";
import { MAX_OWNERS } from "./owners";
import { MAX_REDIRECT_URIS, MAX_REDIRECT_URI_LENGTH } from "./redirectUris";

/**
 * What each app setting means, with its default: zod metadata on the settings schema, from which
 * `npm run docs:config` generates the settings table of docs/configuration.md and schema/stack-config.schema.json
 * (the hover text and defaults an editor shows). The setting files hold the rules themselves.
 */
export interface SettingDoc {
  description: string;
  /** What applies when the setting is left out (JSON Schema's `default`). */
  default?: unknown;
}

export const SETTING_DOCS = {
  displayName: {
    description:
      "Name shown in the Entra portal; one line, at most 256 characters, no control character. Required for every app; not allowed under defaults.",
  },
  signInAudience: {
    description: "AzureADMyOrg (single tenant, right for app-only access) or AzureADMultipleOrgs.",
    default: "AzureADMyOrg",
  },
  redirectUris: {
    description: `Web redirect URIs, at most ${MAX_REDIRECT_URIS} of at most ${MAX_REDIRECT_URI_LENGTH} bytes; https only (http for localhost); a URI with no path ends in / (https://app.contoso.com/, as the provider demands); no #fragment, wildcard, user:pass@, ! $ ' ( ) , ; or control character (a tab or line break included); and Go's url.Parse must read it, as the provider's check does.`,
  },
  owners: {
    description: `Owner object IDs (GUIDs) of the app and its service principal, at most ${MAX_OWNERS} with defaults.owners (merged); exactly these, whoever runs pulumi up.`,
  },
  notes: {
    description:
      'Free text shown in the portal; not empty (the provider refuses notes: ""); line breaks allowed, no other control character.',
  },
  permissions: {
    description:
      "API → { application: [...], delegated: [...] } lists of permission names, checked against the API's real permissions. API is Microsoft Graph, Office 365 Exchange Online, SharePoint Online, Dynamics CRM (any case) or an appId GUID.",
  },
  adminConsent: {
    description:
      "true grants admin consent to the application permissions; false requests them without granting (an admin grants elsewhere).",
    default: true,
  },
  renamedFrom: {
    description:
      "Previous keys of this app: renaming keeps its resources (Pulumi aliases) instead of replacing them.",
  },
  exchange: {
    description: `{ mailboxes: [...], roles: [...] }: limit a mail app to these mailboxes (Exchange RBAC for Applications); roles default to ${JSON.stringify(DEFAULT_EXCHANGE_ROLES)}.`,
  },
  certificates: {
    description:
      "Name → { pem: <PEM text> } or { pemFile: <path relative to the project> }: public certificate credentials.",
  },
  federatedCredentials: {
    description: `Name (1-${MAX_FEDERATED_NAME_LENGTH} letters, digits, -, _) → { github: { repository, environment | branch | tag | pullRequest: true } }, { kubernetes: { issuer, namespace, serviceAccount } } or { issuer, subject, audiences? } (exactly one audience; issuer, subject and audience at most ${MAX_FEDERATED_FIELD_LENGTH} characters each), plus renamedFrom: [old names]. No control character in the issuer, subject, audience or a GitHub environment, branch or tag: Entra compares them character for character with a token's claims.`,
  },
  keyVault: {
    description:
      "{ resourceGroupName, vaultName, secretName? }: keep a copy of the current client secret in an existing Key Vault.",
  },
  clientSecret: {
    description: `false for none; { rotateEveryDays: 1..${MAX_ROTATE_EVERY_DAYS} } for two rotating secrets (each lives twice that); or { expiresOn: YYYY-MM-DD } for one (in the future, at most ${MAX_SECRET_LIFETIME_DAYS} days ahead: Microsoft recommends under 12 months, and the guardrail policy holds to it).`,
    default: { rotateEveryDays: DEFAULT_ROTATE_EVERY_DAYS },
  },
  existing: {
    description:
      "Import IDs of objects this app takes over on its first pulumi up, written by npm run adopt; per app, not allowed under defaults.",
  },
} satisfies Record<string, SettingDoc>;
