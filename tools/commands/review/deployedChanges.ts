import { APP_RULES } from "./deployedAppRules";
import {
  deployedChange,
  DeployedChange,
  describeValue,
  Inputs,
  sameValue,
  shortType,
  TypeRules,
} from "./deployedChangeBasics";
import { CREDENTIAL_RULES } from "./deployedCredentialRules";
import { exchangeChanges } from "./deployedExchange";
import { DeployedResource, DeployedStack, isReference } from "./deployedStack";
import { shown } from "./settingChange";
import { TYPE_ORDER as PLAN_TYPE_ORDER } from "../plan/planStack";

export { deployedResources } from "./deployedStack";
export type { DeployedResource, DeployedStack } from "./deployedStack";
export type { DeployedChange } from "./deployedChangeBasics";

/** Per resource type, which inputs carry privilege and how their changes are classified. */
const RULES: Record<string, TypeRules> = { ...APP_RULES, ...CREDENTIAL_RULES };

/**
 * Compares what two sides would register. Resources are matched the way the engine matches a
 * registration to the previous state (Pulumi's step generator, pkg/resource/deploy/
 * step_generator.go: its own URN first, then each alias URN in order, each old resource used
 * once; modelled in tools/tenant/deployment.ts), so an app kept by `renamedFrom` compares with
 * its old self. References between resources compare by the matched resource, not by ID.
 */
export function compareDeployments(before: DeployedStack, after: DeployedStack): DeployedChange[] {
  const matches = matchResources(before.resources, after.resources);
  const urnOfOld = new Map(
    [...matches].map(([afterUrn, old]) => [afterUrn, old.urn] as [string, string]),
  );
  const claimed = new Set([...matches.values()].map((old) => old.urn));
  const removed = before.resources.filter((resource) => !claimed.has(resource.urn));
  const changes: DeployedChange[] = [];
  for (const resource of after.resources) {
    const inputs = translateReferences(resource.inputs, urnOfOld) as Inputs;
    const old = matches.get(resource.urn);
    changes.push(
      ...(old
        ? matchedResourceChanges(old, resource, inputs, before.resources)
        : addedResourceChanges(resource, inputs, before.resources)),
    );
  }
  for (const resource of removed) {
    changes.push(
      deployedChange("resource-removed", resource, {
        description: `${shortType(resource.type)} ${shown(resource.name)} removed`,
      }),
    );
  }
  const appKeyOfOld = new Map(
    after.resources
      .filter((resource) => resource.type.endsWith(":Application") && matches.has(resource.urn))
      .map((resource) => [resource.appKey, matches.get(resource.urn)!.appKey]),
  );
  changes.push(...exchangeChanges(before, after, appKeyOfOld));
  return changes.sort(readingOrder);
}

/** A reader's order, as plan's: per app, the app, its identity, grants, credentials, the rest. */
const TYPE_ORDER = PLAN_TYPE_ORDER.map(shortType);

function readingOrder(a: DeployedChange, b: DeployedChange): number {
  const rank = (change: DeployedChange) => {
    const index = TYPE_ORDER.indexOf(change.resourceType);
    return index === -1 ? TYPE_ORDER.length : index;
  };
  // Stable: one resource's changes keep the order its rules gave them.
  return (
    compareText(a.appKey ?? "", b.appKey ?? "") ||
    rank(a) - rank(b) ||
    compareText(a.resource, b.resource)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** After URN → the old resource it continues. */
function matchResources(
  before: DeployedResource[],
  after: DeployedResource[],
): Map<string, DeployedResource> {
  const olds = new Map(before.map((resource) => [resource.urn, resource]));
  const claimed = new Set<string>();
  const matches = new Map<string, DeployedResource>();
  for (const resource of after) {
    const old = [resource.urn, ...resource.aliasUrns]
      .map((urn) => olds.get(urn))
      .find((candidate) => candidate !== undefined && !claimed.has(candidate.urn));
    if (!old) continue;
    claimed.add(old.urn);
    matches.set(resource.urn, old);
  }
  return matches;
}

/** A reference to a head resource, rewritten to the base resource it continues. */
function translateReferences(value: unknown, urnOfOld: Map<string, string>): unknown {
  if (isReference(value)) {
    const [urn, field] = value.ref.split("#");
    const old = urnOfOld.get(urn);
    return old === undefined ? value : { ref: `${old}#${field}` };
  }
  if (Array.isArray(value)) return value.map((item) => translateReferences(item, urnOfOld));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, translateReferences(item, urnOfOld)]),
    );
  }
  return value;
}

const OTHER_TYPE: TypeRules = { inputs: [], rule: () => [], added: "compare-with-empty" };

/** Changes to a resource both sides register. */
function matchedResourceChanges(
  old: DeployedResource,
  now: DeployedResource,
  nowInputs: Inputs,
  base: DeployedResource[],
): DeployedChange[] {
  const rules = RULES[now.type] ?? OTHER_TYPE;
  return [
    ...rules.rule(old.inputs, nowInputs, now, base),
    ...otherInputChanges(rules, old.inputs, nowInputs, now),
  ];
}

/** A resource only the head registers: a gain of its kind, or `resource-added` and its inputs. */
function addedResourceChanges(
  resource: DeployedResource,
  inputs: Inputs,
  base: DeployedResource[],
): DeployedChange[] {
  const rules = RULES[resource.type] ?? OTHER_TYPE;
  if (rules.added !== "compare-with-empty") return rules.added({}, inputs, resource, base);
  return [
    deployedChange("resource-added", resource, {
      description: `${shortType(resource.type)} ${shown(resource.name)} added`,
    }),
    ...rules.rule({}, inputs, resource, base),
  ];
}

function otherInputChanges(
  rules: TypeRules,
  old: Inputs,
  now: Inputs,
  r: DeployedResource,
): DeployedChange[] {
  const names = [...new Set([...Object.keys(old), ...Object.keys(now)])]
    .filter((name) => !rules.inputs.includes(name))
    .sort();
  return names
    .filter((name) => !sameValue(old[name], now[name]))
    .map((name) =>
      deployedChange("input-changed", r, {
        input: name,
        before: describeValue(old[name]),
        after: describeValue(now[name]),
        description: `${describeValue(old[name])} → ${describeValue(now[name])}`,
      }),
    );
}
