import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../../program/guardrails/resourceTypes";

/** 7. A Key Vault copy of a secret carries its expiry, so the vault can warn. */
export const keyVaultSecretExpires: ResourceValidationPolicy = {
  name: "key-vault-secret-expires",
  description: "Key Vault secrets carry an expires attribute (epoch seconds).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.keyVaultSecret) return;
    if (typeof args.props.properties?.attributes?.expires !== "number") {
      reportViolation(
        `Key Vault secret ${args.name} has no properties.attributes.expires; set it to the client secret's end date (epoch seconds).`,
      );
    }
  },
};
