import { escapeInvisible, redactInput } from "../../../program/config/redaction";
import { ChangeKind, isGain } from "./changeKinds";

/** A change to anything other than permissions: audience, redirect URIs, owners, credentials. */
export interface SettingChange {
  setting: string;
  description: string;
  gain: boolean;
}

/** A change of `kind`; whether it gains privilege comes from the table in changeKinds.ts. */
export function change(setting: string, kind: ChangeKind, description: string): SettingChange {
  return { setting, description, gain: isGain(kind) };
}

/**
 * A value from config as review prints it: key material masked, invisible and look-alike
 * characters as `\uXXXX`, never shortened (two values must not print the same).
 */
export function shown(value: string): string {
  return escapeInvisible(redactInput(value));
}

/** Added and removed members of a list, compared by `identity`; order never matters. */
export function setChanges(
  setting: string,
  noun: string,
  kind: "redirect-uri" | "owner" | "certificate" | "exchange-mailbox" | "exchange-role",
  before: string[],
  after: string[],
  identity: (value: string) => string = (value) => value,
  describe: (value: string) => string = shown,
): SettingChange[] {
  const was = new Set(before.map(identity));
  const is = new Set(after.map(identity));
  return [
    ...after
      .filter((value) => !was.has(identity(value)))
      .sort()
      .map((value) => change(setting, `${kind}-added`, `${noun} added: ${describe(value)}`)),
    ...before
      .filter((value) => !is.has(identity(value)))
      .sort()
      .map((value) => change(setting, `${kind}-removed`, `${noun} removed: ${describe(value)}`)),
  ];
}
