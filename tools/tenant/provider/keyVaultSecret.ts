import * as pulumi from "@pulumi/pulumi";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import { directoryGuid } from "../directory/ids";
import { isPulumiSecret } from "../secretValues";
import { ProviderError, ResourceModel } from "./resourceModel";
import { FieldSpec } from "./schema";

/**
 * azure-native's keyvault.Secret in an existing vault (not part of Entra): kept here so a plan
 * can show it. Its value must arrive as a Pulumi secret (azure-native does not mark it); the SDK
 * lifts a nested secret to the whole `properties` input, so either counts.
 */
const FIELDS: FieldSpec[] = [
  {
    name: "resourceGroupName",
    tf: "resourceGroupName",
    kind: "string",
    required: true,
    forceNew: true,
  },
  { name: "vaultName", tf: "vaultName", kind: "string", required: true, forceNew: true },
  { name: "secretName", tf: "secretName", kind: "string", required: true, forceNew: true },
  { name: "properties", tf: "properties", kind: "map", required: true },
  { name: "tags", tf: "tags", kind: "map" },
];

export const keyVaultSecretModel: ResourceModel = {
  type: TYPES.keyVaultSecret,
  source: "pulumi-azure-native keyvault.Secret (API 2024-11-01)",
  fields: FIELDS,

  create(call, inputs) {
    const properties = unwrap(inputs.properties);
    if (!isPulumiSecret(inputs.properties) && !isPulumiSecret(properties?.value)) {
      throw new ProviderError(
        TYPES.keyVaultSecret,
        call.name,
        "properties.value must be passed as a Pulumi secret",
      );
    }
    const { vaultName, secretName, resourceGroupName } = inputs as Record<string, string>;
    const id = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${resourceGroupName}/providers/Microsoft.KeyVault/vaults/${vaultName}/secrets/${secretName}`;
    const secretUri = `https://${vaultName}.vault.azure.net/secrets/${secretName}`;
    const version = directoryGuid(
      "keyvault",
      call.name,
      JSON.stringify(properties?.attributes ?? {}),
    ).replace(/-/g, "");
    const state = {
      ...inputs,
      name: secretName,
      properties: pulumi.secret({
        ...properties,
        secretUri,
        secretUriWithVersion: `${secretUri}/${version}`,
      }),
    };
    return { id, state };
  },

  // The vault is not modelled beyond the secret the stack wrote: read returns what was written.
  read: (_call, _id, prior) => prior,

  update(call, id, _prior, inputs) {
    return this.create(call, inputs).state;
  },

  delete: () => undefined,
};

function unwrap(value: unknown): Record<string, unknown> | undefined {
  return (isPulumiSecret(value) ? value.value : value) as Record<string, unknown> | undefined;
}
