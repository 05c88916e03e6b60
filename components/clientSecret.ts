import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { SecretSchedule } from "../program/rotation/secretSchedule";

export interface ClientSecretArgs {
  /** Resource ID of the application (`AppRegistration.applicationId`, `/applications/<objectId>`). */
  applicationId: pulumi.Input<string>;
  /**
   * The passwords to keep, from `secretSchedule(policy, now)`: one with a fixed end date, or two
   * rotation slots. Computed outside the component so the component never reads the clock.
   */
  schedule: SecretSchedule;
}

/**
 * Client secret(s) of an app (`azuread.ApplicationPassword`). The exported `value` is always a
 * Pulumi secret. With rotation, both slots exist and `value` is the current slot's.
 */
export class ClientSecret extends pulumi.ComponentResource {
  /** The current client secret value (secret). */
  readonly value: pulumi.Output<string>;
  /** When the current secret stops working (RFC 3339). */
  readonly expiresOn: pulumi.Output<string>;
  /** Key ID of the current secret, as listed in the portal. */
  readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: ClientSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:ClientSecret", name, {}, opts);
    const rotating = args.schedule.slots.length > 1;

    const passwords = args.schedule.slots.map((slot) => ({
      slot: slot.slot,
      password: new azuread.ApplicationPassword(
        rotating ? `${name}-${slot.slot}` : name,
        {
          applicationId: args.applicationId,
          displayName: slot.displayName,
          // No startDate: Graph starts a password when it is created and refuses a past start.
          endDate: slot.endDate,
        },
        { parent: this, additionalSecretOutputs: ["value"] },
      ),
    }));
    const current = passwords.find((entry) => entry.slot === args.schedule.current)!.password;

    this.value = pulumi.secret(current.value);
    this.expiresOn = current.endDate;
    this.keyId = current.keyId;
    this.registerOutputs({ value: this.value, expiresOn: this.expiresOn, keyId: this.keyId });
  }
}
