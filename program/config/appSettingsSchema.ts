import { z } from "zod";
import { isGuid } from "../permissions/wellKnownApis";
import { EXCHANGE_APPLICATION_ROLES, MAILBOX_ADDRESS } from "../exchange/exchangeScope";
import { MAX_SECRET_LIFETIME_DAYS, checkSecretEnd } from "../guardrails/rules";
import { credentialNameKey, federatedCredentialsSchema } from "./federatedCredentialSchema";
import { redirectUrisSchema } from "./redirectUriSchema";
import { existingObjectsSchema } from "./existingObjectsSchema";
import { atMost, uniqueList } from "./uniqueList";
import {
  MAX_ROTATE_EVERY_DAYS,
  MAX_SECRET_LIFETIME_MONTHS,
  addMonths,
  isoDay,
  parseIsoDay,
} from "./secretPolicy";

export const APP_KEY_PATTERN = /^[a-z0-9-]+$/;
export const MAX_APP_KEY_LENGTH = 60;
/**
 * Application owners: MaxItems 100, each validation.IsUUID (terraform-provider-azuread v3.8.0,
 * internal/services/applications/application_resource.go, `owners`).
 */
export const MAX_OWNERS = 100;
export const OWNERS_LIMIT = "the azuread provider refuses more";
/** Entra returns object IDs in lower case; the same GUID in another case is the same owner. */
export const ownerIdentity = (id: string): string => id.toLowerCase();

/**
 * Shape of one app's settings as written in stack config (also the shape of `defaults`).
 * Semantic checks that need the clock take `today`, passed in so validation stays deterministic.
 */
export function appSettingsSchema(today: Date) {
  return z.strictObject({
    displayName: z
      .string({ error: 'must be text, e.g. displayName: "Proxmox Mail Alerts"' })
      .trim()
      .min(1, { error: "must not be empty; it is the name shown in the Entra portal" })
      .max(256, { error: "must be at most 256 characters (Entra's limit)" })
      .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "must be one line without control characters" })
      .optional(),
    signInAudience: z
      .enum(["AzureADMyOrg", "AzureADMultipleOrgs"], {
        error:
          "must be AzureADMyOrg (single tenant, the default and right for app-only access) or AzureADMultipleOrgs",
      })
      .optional(),
    redirectUris: redirectUrisSchema.optional(),
    owners: uniqueList(
      z.string({ error: "must be an object ID (GUID)" }).refine(isGuid, {
        error:
          "is not an object ID; owners are user or service principal object IDs (GUIDs), e.g. from `az ad user show --id alice@contoso.com --query id`",
      }),
      "owner",
      ownerIdentity,
    )
      .superRefine(atMost(MAX_OWNERS, "owners", "an application", OWNERS_LIMIT, ownerIdentity))
      .optional(),
    notes: z
      .string({ error: "must be text" })
      // azuread_application notes: validation.StringIsNotEmpty (application_resource.go, v3.8.0).
      .min(1, {
        error:
          'must not be empty: the azuread provider refuses notes: ""; remove notes or write some text',
      })
      .max(1024, { error: "must be at most 1024 characters (Entra's limit)" })
      .optional(),
    permissions: z
      .record(
        z.string(),
        z.strictObject(
          {
            application: uniqueList(permissionName, "permission").optional(),
            delegated: uniqueList(permissionName, "permission").optional(),
          },
          {
            error:
              "must be a map with `application:` and/or `delegated:` lists of permission names",
          },
        ),
        { error: "must be a map of API name to { application: [...], delegated: [...] }" },
      )
      .optional(),
    adminConsent: z
      .boolean({
        error:
          "must be true (grant admin consent, the default) or false (request only; grant elsewhere)",
      })
      .optional(),
    renamedFrom: uniqueList(
      z.string({ error: "must be a previous app key" }).regex(APP_KEY_PATTERN, {
        error: "must be a previous app key (lowercase letters, digits, dashes)",
      }),
      "previous key",
    ).optional(),
    exchange: z
      .strictObject(
        {
          mailboxes: uniqueList(
            z.string({ error: "must be a mailbox address" }).regex(MAILBOX_ADDRESS, {
              error:
                "is not a mailbox address Exchange can filter on; write it as name@contoso.com",
            }),
            "mailbox",
          ).refine((list) => list.length > 0, {
            error: "must list at least one mailbox, e.g. mailboxes: [alerts@contoso.com]",
          }),
          roles: uniqueList(
            z.enum(EXCHANGE_APPLICATION_ROLES, {
              error: `must be an Exchange application role: ${EXCHANGE_APPLICATION_ROLES.join(", ")}`,
            }),
            "role",
          ).optional(),
        },
        {
          error:
            'must be a map: { mailboxes: [alerts@contoso.com], roles: ["Application Mail.Send"] }',
        },
      )
      .optional(),
    certificates: z
      .record(
        credentialNameKey("it names the resource <app>-cert-<name>"),
        z
          .strictObject(
            {
              pem: z.string({ error: "must be the certificate's PEM text" }).optional(),
              pemFile: z
                .string({ error: "must be a path relative to the project folder" })
                .min(1)
                .optional(),
            },
            { error: "must be { pem: <PEM text> } or { pemFile: <path relative to the project> }" },
          )
          .refine((value) => (value.pem === undefined) !== (value.pemFile === undefined), {
            error: "set exactly one of pem or pemFile",
          }),
        { error: "must be a map of name to { pem } or { pemFile }" },
      )
      .optional(),
    federatedCredentials: federatedCredentialsSchema.optional(),
    keyVault: z
      .strictObject(
        {
          resourceGroupName: z
            .string({ error: "must be the vault's resource group name" })
            .regex(/^[-\w.()]{1,90}$/, {
              error: "must be a resource group name (1-90 letters, digits, - _ . ( ))",
            }),
          vaultName: z
            .string({ error: "must be the vault's name" })
            .regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, {
              error:
                "must be a Key Vault name: 3-24 letters, digits and dashes, starting with a letter",
            }),
          secretName: z
            .string()
            .regex(/^[0-9a-zA-Z-]{1,127}$/, {
              error: "must be 1-127 letters, digits and dashes (Key Vault's rule)",
            })
            .optional(),
        },
        { error: "must be { resourceGroupName, vaultName, secretName? }" },
      )
      .optional(),
    clientSecret: z
      .unknown()
      .superRefine((value, ctx) => checkClientSecret(value, today, ctx))
      .optional(),
    existing: existingObjectsSchema.optional(),
  });
}

export type AppSettings = z.infer<ReturnType<typeof appSettingsSchema>>;

const permissionName = z
  .string({ error: 'must be a permission name such as "Mail.Send"' })
  .regex(/^\S+$/, { error: "must be a single permission name without spaces, e.g. Mail.Send" });

const NEVER_MESSAGE =
  `client secrets can no longer be created without an expiry: Microsoft caps them at ${MAX_SECRET_LIFETIME_MONTHS} months ` +
  `and recommends under 12; this project allows ${MAX_SECRET_LIFETIME_DAYS} days. Use \`rotateEveryDays: 90\` for automatic rotation, or a date such as \`expiresOn: <YYYY-MM-DD>\``;

function checkClientSecret(value: unknown, today: Date, ctx: z.RefinementCtx): void {
  const latest = new Date(today.getTime() + MAX_SECRET_LIFETIME_DAYS * 86_400_000);
  const shape = `must be false (no secret), { rotateEveryDays: 1..${MAX_ROTATE_EVERY_DAYS} } or { expiresOn: YYYY-MM-DD }; the default is { rotateEveryDays: 90 }`;
  if (value === false) return;
  if (value === true || typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: shape });
    return;
  }
  const settings = value as Record<string, unknown>;
  const unknownKeys = Object.keys(settings).filter(
    (key) => key !== "expiresOn" && key !== "rotateEveryDays",
  );
  for (const key of unknownKeys) {
    ctx.addIssue({
      code: "custom",
      path: [key],
      input: settings[key],
      message: `unknown setting; ${shape}`,
    });
  }
  const hasExpiry = "expiresOn" in settings;
  const hasRotation = "rotateEveryDays" in settings;
  if (hasExpiry && hasRotation) {
    ctx.addIssue({
      code: "custom",
      message:
        "set either expiresOn (one secret, fixed end date) or rotateEveryDays (two rotating secrets), not both",
    });
  } else if (!hasExpiry && !hasRotation && unknownKeys.length === 0) {
    ctx.addIssue({ code: "custom", message: shape });
  }
  if (hasExpiry) checkExpiresOn(settings.expiresOn, today, latest, ctx);
  if (hasRotation) checkRotateEveryDays(settings.rotateEveryDays, ctx);
}

function checkExpiresOn(expiresOn: unknown, today: Date, latest: Date, ctx: z.RefinementCtx): void {
  const path = ["expiresOn"];
  if (
    typeof expiresOn === "string" &&
    /^(never|none|infinite|unlimited)$/i.test(expiresOn.trim())
  ) {
    ctx.addIssue({
      code: "custom",
      path,
      input: typeof expiresOn === "string" ? dayOf(expiresOn) : expiresOn,
      message: NEVER_MESSAGE.replace("<YYYY-MM-DD>", isoDay(addMonths(today, 6))),
    });
    return;
  }
  const date = typeof expiresOn === "string" ? parseIsoDay(dayOf(expiresOn)) : undefined;
  if (!date) {
    ctx.addIssue({
      code: "custom",
      path,
      input: typeof expiresOn === "string" ? dayOf(expiresOn) : expiresOn,
      message: `must be a date written YYYY-MM-DD, e.g. expiresOn: ${isoDay(addMonths(today, 6))}`,
    });
    return;
  }
  // The same rule, and the same limit, the guardrail policy applies to every ApplicationPassword.
  const check = checkSecretEnd({ endDate: date.toISOString() }, today, MAX_SECRET_LIFETIME_DAYS);
  if (!check.ok && check.problem === "past") {
    ctx.addIssue({
      code: "custom",
      path,
      input: typeof expiresOn === "string" ? dayOf(expiresOn) : expiresOn,
      message: `is not in the future (today is ${isoDay(today)}); set a later date or use rotateEveryDays`,
    });
  } else if (!check.ok && check.problem === "tooFar") {
    ctx.addIssue({
      code: "custom",
      path,
      input: typeof expiresOn === "string" ? dayOf(expiresOn) : expiresOn,
      message: `is more than ${MAX_SECRET_LIFETIME_DAYS} days ahead (Microsoft recommends under 12 months; the guardrail policy holds to it); the latest allowed today is ${isoDay(latest)}, or use rotateEveryDays`,
    });
  }
}

/**
 * An unquoted `expiresOn: 2027-10-31` reaches the program as Pulumi's Go YAML reader prints the
 * timestamp it resolved: `2027-10-31 00:00:00 +0000 UTC`. That is the same day.
 */
export function dayOf(text: string): string {
  const pulumiTimestamp = /^(\d{4}-\d{2}-\d{2}) 00:00:00 \+0000 UTC$/.exec(text);
  return pulumiTimestamp ? pulumiTimestamp[1] : text;
}

function checkRotateEveryDays(days: unknown, ctx: z.RefinementCtx): void {
  if (
    typeof days !== "number" ||
    !Number.isInteger(days) ||
    days < 1 ||
    days > MAX_ROTATE_EVERY_DAYS
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["rotateEveryDays"],
      input: days,
      message: `must be a whole number of days from 1 to ${MAX_ROTATE_EVERY_DAYS}; each secret then lives twice that long (at most ${MAX_SECRET_LIFETIME_DAYS} days), e.g. rotateEveryDays: 90`,
    });
  }
}
