import type { ClientSecretSchedule, ClientSecretSlot } from "../../components";
import { ClientSecretPolicy, isoDay } from "../config/secretPolicy";

/** One client secret to keep: the component's slot type, with the dates this program computes. */
export interface SecretSlot extends ClientSecretSlot {
  /**
   * Start of the rotation window the password belongs to (RFC 3339, UTC midnight); unset for a
   * fixed expiry. Never sent as the password's start date: Graph refuses a start in the past
   * (hashicorp/terraform-provider-azuread#1582) and a previous slot's window began up to 2R-1
   * days ago. Graph starts the password when it is created; the end date and display name alone
   * keep every input identical within a window.
   */
  windowStart?: string;
  /** End of validity, RFC 3339 (UTC midnight). */
  endDate: string;
  /** Shown in the portal next to the secret. */
  displayName: string;
}

/** The passwords an app should have now, and which one is handed out (`ClientSecretSchedule`). */
export interface SecretSchedule extends ClientSecretSchedule {
  slots: SecretSlot[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The secrets a policy calls for at `now`. Pure: the same policy and day give the same schedule.
 *
 * Rotation cuts time (whole UTC days since 1970-01-01) into windows of R days. Window w's password
 * lives in slot w mod 2, starts at the window start and ends 2R days later. So within a window
 * nothing changes, a window change replaces exactly one password (the slot of the new window), the
 * current secret always has at least R days left and the previous one stays valid until the end
 * of the current window.
 */
export function secretSchedule(policy: ClientSecretPolicy, now: Date): SecretSchedule | undefined {
  switch (policy.kind) {
    case "none":
      return undefined;
    case "fixed":
      return {
        slots: [
          {
            slot: "a",
            endDate: `${policy.expiresOn}T00:00:00Z`,
            displayName: `entra-graph-apps, expires ${policy.expiresOn}`,
          },
        ],
        current: "a",
      };
    case "rotating":
      return rotatingSchedule(policy.rotateEveryDays, now);
  }
}

function rotatingSchedule(rotateEveryDays: number, now: Date): SecretSchedule {
  const today = Math.floor(now.getTime() / DAY_MS);
  const window = Math.floor(today / rotateEveryDays);
  const slotFor = (w: number): SecretSlot => {
    const start = new Date(w * rotateEveryDays * DAY_MS);
    const end = new Date((w + 2) * rotateEveryDays * DAY_MS);
    return {
      slot: w % 2 === 0 ? "a" : "b",
      windowStart: start.toISOString().replace(".000Z", "Z"),
      rotateEveryDays,
      endDate: end.toISOString().replace(".000Z", "Z"),
      displayName: `entra-graph-apps rotation ${isoDay(start)} to ${isoDay(end)}`,
    };
  };
  const current = slotFor(window);
  const previous = slotFor(window - 1);
  const slots = [current, previous].sort((x, y) => (x.slot < y.slot ? -1 : 1));
  return { slots, current: current.slot };
}
