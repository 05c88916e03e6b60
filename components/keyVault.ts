// The Key Vault entry of the components library ("entra-graph-apps/components/key-vault"): it
// loads @pulumi/azure-native's keyvault module, which the main barrel never does.
export { KeyVaultSecretCopy } from "./keyVaultSecretCopy";
export type { KeyVaultSecretCopyArgs } from "./keyVaultSecretCopy";
