import { CONFIG_NAMESPACE } from "../../../program/config/rawStackConfig";
import { forMarkdown, markdownCode } from "../../../program/outputText";
import { shown } from "./settingChange";

/*
 * Config outside the project's namespace: `azuread:*` and `azure-native:*` configure the default
 * providers `pulumi up` signs in with (tenant, endpoints, OIDC request URL, identity, files to
 * read), and take precedence over the pipeline's ARM_* variables. No app setting explains such a
 * change, so each one needs a human: review lists every added, removed or changed key (a secret
 * one by name only) and counts it as privilege gained.
 */
export interface OtherConfigChange {
  key: string;
  change: "added" | "removed" | "changed";
  /** Values as Pulumi hands them over, undefined for an encrypted one. */
  before?: string;
  after?: string;
}

export interface ConfigSide {
  config: Record<string, string> | undefined;
  secureKeys: string[];
}

export function otherConfigChanges(before: ConfigSide, after: ConfigSide): OtherConfigChange[] {
  const values = (side: ConfigSide) => {
    const map = new Map<string, string | undefined>();
    for (const [key, value] of Object.entries(side.config ?? {})) map.set(key, value);
    // A secret's ciphertext changes on every `pulumi config set`: compared as present only.
    for (const key of side.secureKeys) map.set(key, undefined);
    return map;
  };
  const [was, is] = [values(before), values(after)];
  const keys = [...new Set([...was.keys(), ...is.keys()])]
    .filter((key) => !key.startsWith(`${CONFIG_NAMESPACE}:`))
    .sort();
  const changes: OtherConfigChange[] = [];
  for (const key of keys) {
    const [old, now] = [was.get(key), is.get(key)];
    if (!was.has(key)) changes.push({ key, change: "added", after: now });
    else if (!is.has(key)) changes.push({ key, change: "removed", before: old });
    else if (old !== now) changes.push({ key, change: "changed", before: old, after: now });
  }
  return changes;
}

const WHY = "provider config decides where and as whom pulumi up signs in: needs a human review";

/** A value as shown: masked, escaped, and cut at 120 characters. */
function value(text: string | undefined): string {
  if (text === undefined) return "[secret]";
  const visible = shown(JSON.stringify(text));
  return visible.length > 120 ? `${visible.slice(0, 117)}...` : visible;
}

function describe(change: OtherConfigChange): string {
  if (change.change === "added") return `${shown(change.key)} added = ${value(change.after)}`;
  if (change.change === "removed")
    return `${shown(change.key)} removed (was ${value(change.before)})`;
  return `${shown(change.key)} changed: ${value(change.before)} → ${value(change.after)}`;
}

export function otherConfigText(changes: OtherConfigChange[]): string[] {
  if (changes.length === 0) return [];
  return [
    "",
    `Config outside ${CONFIG_NAMESPACE} (${WHY})`,
    ...changes.map((c) => `  ! ${describe(c)}`),
  ];
}

export function otherConfigMarkdown(changes: OtherConfigChange[]): string[] {
  if (changes.length === 0) return [];
  return [
    "",
    `#### Config outside ${markdownCode(CONFIG_NAMESPACE)}`,
    "",
    forMarkdown(`${WHY[0].toUpperCase()}${WHY.slice(1)}.`),
    "",
    ...changes.map((c) => `- ⚠️ ${forMarkdown(describe(c))}`),
  ];
}
