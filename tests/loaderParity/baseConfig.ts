/**
 * Realistic entra-graph-apps stack config (apps with permissions, credentials, owners) that the
 * corpus mutates, so every mutation lands on a setting the program really reads; plus the seeded
 * random source and the scalar spellings yaml.v3 types differently.
 */
import { YamlEntry, YamlNode, map, scalar, seq } from "./yamlText";

/** mulberry32: small, fast and the same on every machine, so a seed names a corpus. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  subset<T>(items: readonly T[], min = 1): T[] {
    const chosen = items.filter(() => this.chance(0.5));
    return chosen.length >= min ? chosen : items.slice(0, min);
  }
}

export const PROJECT = "entra-graph-apps";
export const OWNER_A = "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091";
export const OWNER_B = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const ATTACKER = "0badc0de-0000-4000-8000-00000000beef";
export const TENANT = "11111111-2222-3333-4444-555555555555";

/** A plain JSON-like value; `date` is a YAML timestamp written plain (`2027-11-01`). */
export type Plain = string | number | boolean | null | { date: string } | Plain[] | PlainMap;
export interface PlainMap {
  [key: string]: Plain;
}

export const BASE_DEFAULTS: PlainMap = {
  owners: [OWNER_A],
  clientSecret: { rotateEveryDays: 90 },
};

export const BASE_APPS: Record<string, PlainMap> = {
  "mail-alerts": {
    displayName: "Proxmox Mail Alerts",
    notes: "Sends server alerts as alerts@contoso.com through Graph sendMail.",
    permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
    adminConsent: true,
    clientSecret: { rotateEveryDays: 30 },
  },
  "parts-connector": {
    displayName: "Parts Inventory Connector",
    permissions: {
      "Microsoft Graph": {
        application: ["ExternalConnection.ReadWrite.OwnedBy", "ExternalItem.ReadWrite.OwnedBy"],
      },
    },
    owners: [OWNER_B],
  },
  "directory-export": {
    displayName: "Identity Governance Directory Export",
    permissions: { "Microsoft Graph": { application: ["Directory.Read.All"] } },
    clientSecret: { expiresOn: { date: "2027-11-01" } },
  },
  "jira-mail": {
    displayName: "Jira Email This Issue",
    signInAudience: "AzureADMyOrg",
    redirectUris: ["https://jira.contoso.com/plugins/servlet/oauth/callback"],
    permissions: {
      "Microsoft Graph": { application: ["Mail.ReadWrite", "User.Read.All"], delegated: [] },
    },
    federatedCredentials: { ci: { github: { repository: "contoso/jira-sync", branch: "main" } } },
    keyVault: { resourceGroupName: "rg-secrets", vaultName: "kv-contoso-prod" },
  },
};

/** What an attacker adds: the privilege-bearing settings of issue 24's bypasses. */
export const ATTACKER_SETTINGS: PlainMap = {
  owners: [ATTACKER],
  federatedCredentials: { ci: { github: { repository: "attacker/pwn", branch: "main" } } },
  permissions: {
    "Microsoft Graph": { application: ["Mail.ReadWrite", "Directory.ReadWrite.All"] },
  },
};

const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/** Whether a string reads back as the same string when written plain. */
function plainSafe(text: string): boolean {
  return (
    /^[A-Za-z][\w .\/:@-]*$/.test(text) &&
    !/: | #|:$| $/.test(text) &&
    !YAML11_WORDS.test(text) &&
    !/^\d{4}-\d/.test(text)
  );
}

/** A string written plain, single- or double-quoted, as `rng` decides. */
export function stringText(text: string, rng: Rng): string {
  const roll = rng.next();
  if (plainSafe(text) && roll < 0.6) return text;
  if (roll < 0.8 && !/[\n\\]/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  return JSON.stringify(text);
}

/** A plain value as a YAML node, its styles (quoting, flow or block) chosen by `rng`. */
export function toNode(value: Plain, rng: Rng): YamlNode {
  if (value === null) return scalar(rng.pick(["", "~", "null"]));
  if (typeof value === "string") return scalar(stringText(value, rng));
  if (typeof value === "number" || typeof value === "boolean") return scalar(String(value));
  if (Array.isArray(value))
    return seq(
      value.map((item) => toNode(item, rng)),
      { flow: rng.chance(0.4) },
    );
  if ("date" in value && typeof value.date === "string") return scalar(value.date);
  const entries: YamlEntry[] = Object.entries(value as PlainMap).map(([key, item]) => [
    plainSafe(key) && rng.chance(0.8) ? key : JSON.stringify(key),
    toNode(item, rng),
  ]);
  return map(entries, { flow: entries.length <= 2 && rng.chance(0.15) });
}

/**
 * Scalar spellings that yaml.v3 (YAML 1.2 core schema, plus its own rules) types as int, float,
 * bool, null, timestamp or string, quoted and tagged variants included.
 */
export const SCALAR_ZOO: readonly string[] = [
  ...["010", "0o10", "0O17", "0x1F", "0X1f", "+0x1F", "0b101", "0B1", "1_000", "-1_0", "1__0"],
  ...["09", "0", "-0", "+1", "007", "0x_1F", "1e3", "1E3", "0.1e-3", ".5", "5.", "-.5", "0.0"],
  ...["-0.0", "1.0", ".inf", "-.inf", "+.inf", ".Inf", ".NaN", ".nan", "1.7976931348623157e309"],
  ...["9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775808"],
  ...["-9223372036854775809", "18446744073709551615", "18446744073709551616", "1_0.5"],
  ...["123456789012345678901234567890", "4.9e-324", "1e-400", "90", "365", "12:30:45", "1:20"],
  ...["true", "True", "TRUE", "tRUE", "false", "yes", "Yes", "no", "NO", "on", "On", "off"],
  ...["OFF", "y", "n", "~", "null", "Null", "NULL", "nULL", ""],
  ...["2027-06-30", "2027-06-30T12:00:00Z", "2027-06-30 12:00:00", "2027-06-30T12:00:00+02:00"],
  ...["2027-06-30T12:00:00.123456789Z", "2027-06-30t12:00:00z", "2027-6-30", "2027-06-30T12:00"],
  ...["2001-12-14 21:59:43.10 -5", "2027-06-30T12:00:00.5-08:00", "1999-12-31T23:59:60Z"],
  ...["'010'", '"010"', "'off'", '"0x1F"', "'~'", "''", '""', "'2027-06-30'", '"1e3"'],
  ...["!!str 010", "!!str true", "!!str 2027-06-30", "!!int 010", '!!int "12"', "!!int 0x1F"],
  ...["!!float 1", "!!float 010", "!!bool true", "!!bool yes", "!!null ''", "!!null x"],
  ...["!!timestamp 2027-06-30", "!!timestamp 2027-06-30T01:02:03+01:00", "!!binary aGVsbG8="],
  ...["!custom hello", "!custom 010", "! 010", "!<tag:yaml.org,2002:str> 1", "!!str", "!!int"],
  ...['"\\u00e9\\t"', "'it''s'", '"a\\nb"', '"\\x41"', "日本語", '"\\U0001F600"', '"\\u2028"'],
  ...["plain text with # not a comment", "a #comment", "'  padded  '", '"\\0"', "@"],
  ...["Mail.Send", "Directory.ReadWrite.All", "attacker/pwn", "AzureADMultipleOrgs"],
];

/** Key spellings yaml.v3 does not read as plain strings, or reads as the same string. */
export const KEY_ZOO: readonly string[] = [
  ...["1", "010", "0x10", "1.5", "true", "yes", "on", "~", "null", "2027-01-01", "[a, b]"],
  ...["{a: 1}", "'1'", '"true"', "!!str 1", "!!int 1", "? complex", "''", '""', "!!null ~"],
];

/** Block scalars of every header form, as a setting's value. */
export function blockScalar(rng: Rng, lines: string[]): YamlNode {
  // A first line indented more than the rest needs an indentation indicator.
  const header = lines.some((line) => line.startsWith(" "))
    ? rng.pick(["|2", ">2-", "|2+"])
    : rng.pick(["|", "|-", "|+", ">", ">-", ">+", "|2", ">1-"]);
  const trailing = header.includes("+") ? ["", ""] : rng.chance(0.3) ? [""] : [];
  return { kind: "block", header, lines: [...lines, ...trailing] };
}

/** The base config entries as nodes: azuread tenant, defaults, and a subset of the apps. */
export function baseEntries(rng: Rng): YamlEntry[] {
  const apps: PlainMap = {};
  for (const name of rng.subset(Object.keys(BASE_APPS), 2)) apps[name] = BASE_APPS[name];
  const entries: YamlEntry[] = [[`${PROJECT}:apps`, toNode(apps, rng)]];
  if (rng.chance(0.6)) entries.unshift([`${PROJECT}:defaults`, toNode(BASE_DEFAULTS, rng)]);
  if (rng.chance(0.4)) entries.unshift(["azuread:tenantId", toNode(TENANT, rng)]);
  return entries;
}
