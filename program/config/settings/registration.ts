import { z } from "zod";
import { REMOVE_IT, firstControlCharacter, noControlCharacters } from "../controlCharacters";
import { uniqueList } from "../uniqueList";

/*
 * The app registration's own settings: its name, audience and notes, whether to grant admin
 * consent, and the keys it had before.
 */

export const APP_KEY_PATTERN = /^[a-z0-9-]+$/;
export const MAX_APP_KEY_LENGTH = 60;

/**
 * display_name: validation.StringIsNotEmpty (application_resource.go, v3.8.0), at most 256
 * characters in Entra. Control characters are checked on the raw text, before spaces are
 * trimmed: a trailing line break from a YAML block is refused, not silently dropped.
 */
export const displayNameSchema = z
  .string({ error: 'must be text, e.g. displayName: "Proxmox Mail Alerts"' })
  .superRefine((value, ctx) => {
    const found = firstControlCharacter(value);
    if (!found) return;
    ctx.addIssue({
      code: "custom",
      message: `must be one line without control characters (it is the name shown in the Entra portal and in every review); ${found} is one. ${REMOVE_IT}`,
    });
  })
  .trim()
  .min(1, { error: "must not be empty; it is the name shown in the Entra portal" })
  .max(256, { error: "must be at most 256 characters (Entra's limit)" });

export const signInAudienceSchema = z.enum(["AzureADMyOrg", "AzureADMultipleOrgs"], {
  error:
    "must be AzureADMyOrg (single tenant, the default and right for app-only access) or AzureADMultipleOrgs",
});

export const notesSchema = z
  .string({ error: "must be text" })
  // azuread_application notes: validation.StringIsNotEmpty (application_resource.go, v3.8.0).
  .min(1, {
    error:
      'must not be empty: the azuread provider refuses notes: ""; remove notes or write some text',
  })
  .max(1024, { error: "must be at most 1024 characters (Entra's limit)" })
  // Notes may span lines (the portal's notes box does), so a line feed is kept; any other
  // control character is invisible in the portal and in review.
  .superRefine(
    noControlCharacters(
      "notes are shown in the Entra portal and in review, where a control character is invisible (line breaks are fine)",
      true,
    ),
  );

export const adminConsentSchema = z.boolean({
  error: "must be true (grant admin consent, the default) or false (request only; grant elsewhere)",
});

/** Keys this app had before: its resources are kept (Pulumi aliases), not replaced. */
export const renamedFromSchema = uniqueList(
  z.string({ error: "must be a previous app key" }).regex(APP_KEY_PATTERN, {
    error: "must be a previous app key (lowercase letters, digits, dashes)",
  }),
  "previous key",
);
