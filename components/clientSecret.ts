import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { ClientSecretSchedule } from "./clientSecretSchedule";

export interface ClientSecretArgs {
  /** Resource ID of the application (`AppRegistration.applicationId`, `/applications/<objectId>`). */
  applicationId: pulumi.Input<string>;
  /**
   * The passwords to keep: one with a fixed end date, or two rotation slots. Computed outside the
   * component so the component never reads the clock.
   */
  schedule: ClientSecretSchedule;
}

/**
 * Client secret(s) of an app (`azuread.ApplicationPassword`). The exported `value` is always a
 * Pulumi secret. With rotation, both slots exist and `value` is the current slot's.
 */
export class ClientSecret extends pulumi.ComponentResource {
  /** The passwords, keyed by slot (`a`, and `b` when rotating). */
  readonly passwords: Readonly<Partial<Record<"a" | "b", azuread.ApplicationPassword>>>;
  /** The current client secret value (secret). */
  readonly value: pulumi.Output<string>;
  /** When the current secret stops working (RFC 3339). */
  readonly expiresOn: pulumi.Output<string>;
  /** Key ID of the current secret, as listed in the portal. */
  readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: ClientSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:ClientSecret", name, {}, opts);
    const { slots, current: currentSlot } = args.schedule;
    if (!slots.some((slot) => slot.slot === currentSlot)) {
      throw new Error(
        `ClientSecret ${name}: schedule.current is "${currentSlot}" but the slots are ${slots.map((s) => `"${s.slot}"`).join(", ") || "none"}`,
      );
    }
    const rotating = slots.length > 1;
    const passwords: Partial<Record<"a" | "b", azuread.ApplicationPassword>> = {};
    for (const slot of slots) {
      passwords[slot.slot] = new azuread.ApplicationPassword(
        rotating ? `${name}-${slot.slot}` : name,
        {
          applicationId: args.applicationId,
          displayName: slot.displayName,
          // No startDate: Graph starts a password when it is created and refuses a past start.
          endDate: slot.endDate,
        },
        { parent: this, additionalSecretOutputs: ["value"] },
      );
    }
    this.passwords = passwords;
    const current = passwords[currentSlot]!;

    this.value = pulumi.secret(current.value);
    this.expiresOn = current.endDate;
    this.keyId = current.keyId;
    this.registerOutputs({ value: this.value, expiresOn: this.expiresOn, keyId: this.keyId });
  }
}
