import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";

export interface KeyVaultSecretCopyArgs {
  /** Resource group of the existing vault. */
  resourceGroupName: pulumi.Input<string>;
  /** Name of the existing vault. */
  vaultName: pulumi.Input<string>;
  /** Name of the secret in the vault (the stack program uses `<app key>-client-secret`). */
  secretName: pulumi.Input<string>;
  /** The client secret to store; kept a Pulumi secret whatever is passed. */
  value: pulumi.Input<string>;
  /** When the client secret stops working (RFC 3339): becomes the vault secret's `expires`. */
  expiresOn: pulumi.Input<string>;
  /** Client ID of the app, set as a tag so a vault reader can find the app. */
  clientId: pulumi.Input<string>;
  /** Tenant ID of the app, set as a tag beside the client ID. */
  tenantId: pulumi.Input<string>;
}

/**
 * A copy of an app's current client secret in an existing Azure Key Vault, with the secret's
 * expiry so the vault (and Event Grid) can warn. With rotation, `value` and `expiresOn` follow the
 * current slot, so a window change writes a new version of the same vault secret.
 */
export class KeyVaultSecretCopy extends pulumi.ComponentResource {
  /** The vault secret. */
  readonly secret: keyvault.Secret;
  /** URI of the vault secret (without version): what consumers read. */
  readonly secretUri: pulumi.Output<string>;

  constructor(name: string, args: KeyVaultSecretCopyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:KeyVaultSecretCopy", name, {}, opts);
    const secret = (this.secret = new keyvault.Secret(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        vaultName: args.vaultName,
        secretName: args.secretName,
        // azure-native does not mark properties.value as secret: the value must arrive as one.
        properties: {
          value: pulumi.secret(args.value),
          contentType: "Entra app client secret (entra-graph-apps)",
          attributes: { enabled: true, expires: pulumi.output(args.expiresOn).apply(epochSeconds) },
        },
        tags: {
          "managed-by": "entra-graph-apps",
          clientId: args.clientId,
          tenantId: args.tenantId,
        },
      },
      { parent: this },
    ));
    // `properties` is secret as a whole because its value is; the URI itself is not sensitive.
    this.secretUri = pulumi.unsecret(secret.properties.apply((properties) => properties.secretUri));
    this.registerOutputs({ secretUri: this.secretUri });
  }
}

function epochSeconds(date: string): number {
  return Math.floor(Date.parse(date) / 1000);
}
