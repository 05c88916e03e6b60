import { z } from "zod";
import { certificatesSchema } from "./settings/certificates";
import { clientSecretSchema } from "./settings/clientSecret";
import { exchangeSchema } from "./settings/exchange";
import { existingObjectsSchema } from "./settings/existing";
import { federatedCredentialsSchema } from "./settings/federatedCredentials";
import { keyVaultSchema } from "./settings/keyVault";
import { ownersSchema } from "./settings/owners";
import { permissionsSchema } from "./settings/permissions";
import { redirectUrisSchema } from "./settings/redirectUris";
import {
  adminConsentSchema,
  displayNameSchema,
  notesSchema,
  renamedFromSchema,
  signInAudienceSchema,
} from "./settings/registration";
import { SETTING_DOCS } from "./settings/settingDocs";

/**
 * One app's settings as written in stack config (also the shape of `defaults`), one schema per
 * setting group in settings/. Parsing gives the typed, normalised settings (owners in lower
 * case, the client secret as a policy, federated credentials with their subjects built).
 * `today` is passed in so validation stays deterministic.
 */
export function appSettingsSchema(today: Date): AppSettingsSchema {
  const time = today.getTime();
  if (lastBuilt?.time !== time) lastBuilt = { time, schema: buildAppSettingsSchema(today) };
  return lastBuilt.schema;
}

/** zod schemas are costly to build: the one for the last day asked for is kept (a pure function of it). */
let lastBuilt: { time: number; schema: AppSettingsSchema } | undefined;

function buildAppSettingsSchema(today: Date) {
  const doc = SETTING_DOCS;
  return z.strictObject({
    displayName: displayNameSchema.optional().meta(doc.displayName),
    signInAudience: signInAudienceSchema.optional().meta(doc.signInAudience),
    redirectUris: redirectUrisSchema.optional().meta(doc.redirectUris),
    owners: ownersSchema.optional().meta(doc.owners),
    notes: notesSchema.optional().meta(doc.notes),
    permissions: permissionsSchema.optional().meta(doc.permissions),
    adminConsent: adminConsentSchema.optional().meta(doc.adminConsent),
    renamedFrom: renamedFromSchema.optional().meta(doc.renamedFrom),
    exchange: exchangeSchema.optional().meta(doc.exchange),
    certificates: certificatesSchema.optional().meta(doc.certificates),
    federatedCredentials: federatedCredentialsSchema.optional().meta(doc.federatedCredentials),
    keyVault: keyVaultSchema.optional().meta(doc.keyVault),
    clientSecret: clientSecretSchema(today).optional().meta(doc.clientSecret),
    existing: existingObjectsSchema.optional().meta(doc.existing),
  });
}

export type AppSettingsSchema = ReturnType<typeof buildAppSettingsSchema>;
/** Settings after parsing; when some are invalid, those valid on their own (see parseSettings). */
export type AppSettings = z.output<AppSettingsSchema>;

/** Setting names, in the order docs/configuration.md documents them: for "did you mean" and "known settings". */
export const SETTING_NAMES = Object.keys(appSettingsSchema(new Date(0)).shape);

/** Refinements that look at which settings were written run even when a value is wrong. */
const whenMap = {
  when: (payload: z.core.ParsePayload) =>
    typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
};

/** An app's settings: displayName is required (reported after every other problem of the app). */
export function appSchema(settings: AppSettingsSchema, key: string) {
  return settings.superRefine((value, ctx) => {
    if (value.displayName !== undefined) return;
    ctx.addIssue({
      code: "custom",
      path: ["displayName"],
      input: undefined,
      message: `is required: the name shown in the Entra portal, e.g. displayName: "${titleFromKey(key)}"`,
    });
  }, whenMap);
}

/** `defaults`: every setting but displayName, which is per app. */
export function defaultsSchema(settings: AppSettingsSchema) {
  return settings.superRefine((value, ctx) => {
    if (value.displayName === undefined) return;
    ctx.addIssue({
      code: "custom",
      path: ["displayName"],
      input: value.displayName,
      message: "is per app; set displayName under each app instead",
    });
  }, whenMap);
}

function titleFromKey(key: string): string {
  return key
    .split("-")
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(" ");
}
