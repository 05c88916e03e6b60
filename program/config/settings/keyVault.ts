import { z } from "zod";

/** `keyVault:`, where to keep a copy of the current client secret. */
export const keyVaultSchema = z.strictObject(
  {
    resourceGroupName: z
      .string({ error: "must be the vault's resource group name" })
      .regex(/^[-\w.()]{1,90}$/, {
        error: "must be a resource group name (1-90 letters, digits, - _ . ( ))",
      })
      .meta({ description: "The resource group of the existing vault." }),
    vaultName: z
      .string({ error: "must be the vault's name" })
      .regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, {
        error: "must be a Key Vault name: 3-24 letters, digits and dashes, starting with a letter",
      })
      .meta({ description: "The existing vault's name (the stack does not create it)." }),
    secretName: z
      .string()
      .regex(/^[0-9a-zA-Z-]{1,127}$/, {
        error: "must be 1-127 letters, digits and dashes (Key Vault's rule)",
      })
      .optional()
      .meta({ description: "The vault secret's name; the default is <app key>-client-secret." }),
  },
  { error: "must be { resourceGroupName, vaultName, secretName? }" },
);
