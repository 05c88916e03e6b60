import { APP_KEY_PATTERN, MAX_APP_KEY_LENGTH } from "../../../program/config/settings/registration";

/** Words a YAML 1.1 reader (Pulumi's Go YAML) could take for a boolean or null. */
const YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/;

/**
 * An app key from a display name: lower-case letters, digits and dashes, at most
 * MAX_APP_KEY_LENGTH, never empty, never a bare number or a YAML word.
 */
export function keyFromDisplayName(displayName: string): string {
  const key = displayName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX_APP_KEY_LENGTH)
    .replace(/-+$/, "");
  if (key === "") return "app";
  return /^[0-9-]+$/.test(key) || YAML_WORDS.test(key)
    ? `app-${key}`.slice(0, MAX_APP_KEY_LENGTH)
    : key;
}

/** `base`, or `base-2`, `base-3`, ... : the first not in `taken`, within the length limit. */
export function uniqueKey(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_APP_KEY_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Why `--key` cannot be used as an app key, or undefined. */
export function appKeyProblem(key: string): string | undefined {
  if (APP_KEY_PATTERN.test(key) && key.length <= MAX_APP_KEY_LENGTH) return undefined;
  return `--key must be lower-case letters, digits and dashes (at most ${MAX_APP_KEY_LENGTH}), e.g. --key ${keyFromDisplayName(key.slice(0, 40))}`;
}
