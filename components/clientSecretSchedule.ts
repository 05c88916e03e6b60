import * as pulumi from "@pulumi/pulumi";

/** One client secret to keep: its rotation slot and the dates it is valid. */
export interface ClientSecretSlot {
  /**
   * `a` or `b`: the stable part of the password's resource name (`<name>-a`, `<name>-b` when two
   * slots rotate; a single slot is named `<name>`).
   */
  slot: "a" | "b";
  /**
   * Start of the rotation window the password belongs to (RFC 3339). Informational: never sent
   * as the password's start date, since Graph refuses a start in the past and starts a password
   * when it is created.
   * @default none
   */
  windowStart?: string;
  /**
   * The rotation period in days, listed in `GraphApp.credentials`.
   * @default none (a fixed end date)
   */
  rotateEveryDays?: number;
  /** End of validity, RFC 3339. Changing it replaces the password (every argument is ForceNew). */
  endDate: pulumi.Input<string>;
  /** Shown in the portal next to the secret. Changing it replaces the password. */
  displayName: pulumi.Input<string>;
}

/**
 * The client secrets an app keeps and which one is handed out. Computed outside the components
 * (e.g. from a rotation policy and today's date) so that no component reads the clock: the same
 * schedule gives the same inputs run after run.
 */
export interface ClientSecretSchedule {
  /** One slot (a fixed end date) or two (rotation: the current and the previous secret). */
  slots: ClientSecretSlot[];
  /** The slot whose value is exported as the app's client secret. */
  current: ClientSecretSlot["slot"];
}
