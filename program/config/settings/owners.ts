import { z } from "zod";
import { isGuid } from "../../permissions/wellKnownApis";
import { atMost, uniqueList } from "../uniqueList";

/**
 * Application owners: MaxItems 100, each validation.IsUUID (terraform-provider-azuread v3.8.0,
 * internal/services/applications/application_resource.go, `owners`).
 */
export const MAX_OWNERS = 100;
export const OWNERS_LIMIT = "the azuread provider refuses more";
/** Entra returns object IDs in lower case; the same GUID in another case is the same owner. */
export const ownerIdentity = (id: string): string => id.toLowerCase();

/**
 * Owner object IDs, each once, in lower case: Graph returns them so and the provider compares
 * owners case-sensitively, so sending what Graph reads back keeps the next run from diffing.
 */
export const ownersSchema = uniqueList(
  z.string({ error: "must be an object ID (GUID)" }).refine(isGuid, {
    error:
      "is not an object ID; owners are user or service principal object IDs (GUIDs), e.g. from `az ad user show --id alice@contoso.com --query id`",
  }),
  "owner",
  ownerIdentity,
)
  .superRefine(atMost(MAX_OWNERS, "owners", "an application", OWNERS_LIMIT, ownerIdentity))
  .transform((owners) => owners.map(ownerIdentity));
