import { guardrailPolicies } from "../../../policy/guardrailPolicies";
import { ChangeKind, isGain } from "./changeKinds";
import {
  EnforcementLevel,
  PolicyInfo,
  resolvePolicyPackConfig,
  ResolvedPolicyConfig,
} from "./policyPackConfig";
import { shown } from "./settingChange";

/*
 * What a change to the guardrail policy config (policy/config.json, or any file a workflow hands
 * `--policy-pack-config`) lets through. Both versions are resolved as Pulumi resolves them
 * (policyPackConfig.ts), then compared policy by policy: a relaxation lets a deployment through
 * that the base's config stopped, so it is a privilege gain; a tightening is neutral.
 */

export interface GuardrailChange {
  file: string;
  policy: string;
  kind: ChangeKind;
  description: string;
  gain: boolean;
}

export interface GuardrailReview {
  changes: GuardrailChange[];
  /** The head's config is one Pulumi would refuse: review exits 1, naming each problem. */
  problems: string[];
}

/**
 * Which way each setting of the pack relaxes its policy. Every setting in a policy's configSchema
 * has a rule here (tests/reviewGuardrails.spec.ts checks it), so a new setting is never compared
 * by nobody.
 */
export const SETTING_RULES: Record<string, Record<string, SettingRule>> = {
  "graph-application-permission-privilege": {
    maxPrivilegeLevel: "higher-relaxes",
    allow: "justified-allow-list",
  },
  "client-secret-lifetime": { maxDays: "higher-relaxes" },
  "single-tenant-application-permissions": { allowMultiTenant: "allow-list" },
  "minimum-owners": { minOwners: "lower-relaxes" },
};

export type SettingRule =
  | "higher-relaxes"
  | "lower-relaxes"
  | "allow-list"
  | "justified-allow-list";

/** How strongly a level enforces: a validation policy at `remediate` stops a run as `mandatory` does. */
const STRENGTH: Record<EnforcementLevel, number> = {
  disabled: 0,
  advisory: 1,
  mandatory: 2,
  remediate: 2,
};

/** The pack's policies as Pulumi learns them from the pack: name, default level, configSchema. */
export function packPolicies(): PolicyInfo[] {
  return guardrailPolicies(() => new Date()).map((policy) => ({
    name: policy.name,
    enforcementLevel: policy.enforcementLevel,
    configSchema: policy.configSchema as PolicyInfo["configSchema"],
  }));
}

/** The changes from `before` to `after` (undefined: no file, which Pulumi reads as no config). */
export function reviewGuardrailConfig(
  file: string,
  before: string | undefined,
  after: string | undefined,
  policies: PolicyInfo[] = packPolicies(),
): GuardrailReview {
  const head = resolvePolicyPackConfig(after, policies, file);
  if (!head.ok) return { changes: [], problems: head.problems };
  // A base Pulumi would refuse is compared as the pack's defaults: the strictest reading.
  const baseResult = resolvePolicyPackConfig(before, policies, file);
  const base = baseResult.ok
    ? baseResult.config
    : (resolvePolicyPackConfig(undefined, policies, file) as { config: ResolvedPolicyConfig })
        .config;
  const changes: GuardrailChange[] = [];
  const push = (policy: string, kind: ChangeKind, description: string) =>
    changes.push({ file, policy, kind, description, gain: isGain(kind) });
  for (const { name } of policies) {
    const was = base[name];
    const is = head.config[name];
    if (STRENGTH[is.enforcementLevel] !== STRENGTH[was.enforcementLevel]) {
      const lowered = STRENGTH[is.enforcementLevel] < STRENGTH[was.enforcementLevel];
      push(
        name,
        lowered ? "guardrail-enforcement-lowered" : "guardrail-enforcement-raised",
        `${name}: enforcement ${was.enforcementLevel} → ${is.enforcementLevel}${lowered ? (is.enforcementLevel === "disabled" ? ": the policy no longer runs" : ": its violations no longer stop a deployment") : ""}`,
      );
    }
    for (const [setting, rule] of Object.entries(SETTING_RULES[name] ?? {})) {
      const compare = rule.endsWith("allow-list") ? allowListChanges : limitChanges;
      for (const change of compare(rule, was.settings[setting], is.settings[setting]))
        push(name, change.kind, `${name}.${setting}: ${change.description}`);
    }
  }
  return { changes, problems: [] };
}

type Found = { kind: ChangeKind; description: string };

function limitChanges(rule: SettingRule, before: unknown, after: unknown): Found[] {
  if (before === after || typeof before !== "number" || typeof after !== "number") return [];
  const relaxed = rule === "higher-relaxes" ? after > before : after < before;
  return [
    {
      kind: relaxed ? "guardrail-limit-relaxed" : "guardrail-limit-tightened",
      description: `${before} → ${after}`,
    },
  ];
}

/**
 * Entries let through at the head that were not at the base. A justified list lets a permission
 * through only when its first entry has a justification of 10 characters or more (as
 * program/guardrails/rules.ts allowListStatus decides), so adding a justification is a gain too.
 */
function allowListChanges(rule: SettingRule, before: unknown, after: unknown): Found[] {
  const read = rule === "justified-allow-list" ? justifiedEntries : plainEntries;
  const was = read(before);
  const is = read(after);
  const found: Found[] = [];
  for (const [entry, justification] of is) {
    if (!was.has(entry))
      found.push({
        kind: "guardrail-allow-listed",
        description: `allows ${shown(entry)}${justification === undefined ? "" : `, justified as "${shown(justification)}"`}`,
      });
    else if (was.get(entry) !== justification)
      found.push({
        kind: "guardrail-justification-changed",
        description: `${shown(entry)} justified as "${shown(justification ?? "")}" (was "${shown(was.get(entry) ?? "")}")`,
      });
  }
  for (const entry of was.keys())
    if (!is.has(entry))
      found.push({
        kind: "guardrail-allow-list-entry-removed",
        description: `no longer allows ${shown(entry)}`,
      });
  return found;
}

function plainEntries(list: unknown): Map<string, string | undefined> {
  return new Map(
    (Array.isArray(list) ? list : []).map((entry) => [String(entry), undefined] as const),
  );
}

function justifiedEntries(list: unknown): Map<string, string | undefined> {
  const allowed = new Map<string, string | undefined>();
  const seen = new Set<string>();
  for (const entry of Array.isArray(list) ? (list as Record<string, unknown>[]) : []) {
    const permission = String(entry.permission);
    if (seen.has(permission)) continue; // the policy reads the first entry only
    seen.add(permission);
    const justification = typeof entry.justification === "string" ? entry.justification : "";
    if (justification.trim().length >= 10) allowed.set(permission, justification);
  }
  return allowed;
}
