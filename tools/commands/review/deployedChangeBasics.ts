import { wellKnownApis } from "../../../program/permissions/wellKnownApis";
import { DEPLOYED_CHANGE_KINDS, DeployedChangeKind } from "./deployedChangeKinds";
import { DeployedResource, isReference } from "./deployedStack";
import { shown } from "./settingChange";

/* What a deployed change is, and the helpers every resource type's rules share. */

/** One difference between what the base and the head would register, by resource and input. */
export interface DeployedChange {
  kind: DeployedChangeKind;
  /** From DEPLOYED_CHANGE_KINDS: the only place the answer comes from. */
  gain: boolean;
  /** The app the resource belongs to (its key in config), when it belongs to one. */
  appKey?: string;
  /** The resource's type, short: `Application`, `AppRoleAssignment`, `Secret` ... */
  resourceType: string;
  /** The resource's name (the last part of its URN). */
  resource: string;
  /** The input that changed, e.g. `owners`, `web.redirectUris`; absent for a whole resource. */
  input?: string;
  /** Old and new value as review prints them (shown: key material masked, never a secret). */
  before?: string;
  after?: string;
  /** What was gained or lost, as config review names it (owner ID, URI, subject, mailbox ...). */
  subject?: string;
  /** For permissions: the API (as config review names it), the permission and its kind. */
  permission?: { api: string; permission: string; kind: "application" | "delegated" };
  description: string;
}

/** A change of `kind` to `resource`; whether it gains privilege comes from the kinds table. */
export function deployedChange(
  kind: DeployedChangeKind,
  resource: DeployedResource,
  details: Omit<DeployedChange, "kind" | "gain" | "appKey" | "resourceType" | "resource">,
): DeployedChange {
  return {
    kind,
    gain: DEPLOYED_CHANGE_KINDS[kind].gain,
    ...(resource.appKey === undefined ? {} : { appKey: resource.appKey }),
    resourceType: shortType(resource.type),
    resource: resource.name,
    ...details,
  };
}

export type Inputs = Record<string, unknown>;

/** How a change from `old` to `now` inputs of one resource is classified. */
export type Rule = (
  old: Inputs,
  now: Inputs,
  resource: DeployedResource,
  /** Every resource the base registers. */
  base: DeployedResource[],
) => DeployedChange[];

export interface TypeRules {
  /** Inputs classified by `rule`; every other input that differs is `input-changed`. */
  inputs: string[];
  rule: Rule;
  /** How a resource of this type that the base did not register is reported. */
  added: "compare-with-empty" | Rule;
}

/** `azuread:index/appRoleAssignment:AppRoleAssignment` → `AppRoleAssignment`. */
export function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

/** An input value as review prints it: references by what they name, secrets as `[secret]`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return shown(value);
  if (isReference(value)) return referenceLabel(value.ref);
  return shown(JSON.stringify(labelReferences(value)));
}

function labelReferences(value: unknown): unknown {
  if (isReference(value)) return referenceLabel(value.ref);
  if (Array.isArray(value)) return value.map(labelReferences);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, labelReferences(v)]));
  return value;
}

/** `api:<appId>` → `Microsoft Graph`; `<urn>#clientId` → `Application mail-alerts (clientId)`. */
export function referenceLabel(ref: string): string {
  if (ref.startsWith("api:")) return apiName(ref.slice(4));
  const [urn, field] = ref.split("#");
  const parts = urn.split("::");
  return `${shortType(parts[2] ?? "")} ${parts[3] ?? urn} (${field})`;
}

/** An API as config review names it: the well-known name, else its appId. */
export function apiName(appId: string): string {
  return wellKnownApis.find((api) => api.appId === appId)?.name ?? appId;
}

/** The appId of the API a reference names, when it names one. */
export function apiAppIdOf(value: unknown): string | undefined {
  return isReference(value) && value.ref.startsWith("api:") ? value.ref.slice(4) : undefined;
}

/** Deep equality of input values, whatever the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Added and removed members, compared by `identity`; a member is gained or lost as a whole. */
export function memberChanges(
  r: DeployedResource,
  input: string,
  old: string[],
  now: string[],
  kind: "owner" | "redirect-uri" | "exchange-mailbox" | "exchange-role",
  noun: string,
  identity: (value: string) => string = (value) => value,
): DeployedChange[] {
  const was = new Set(old.map(identity));
  const is = new Set(now.map(identity));
  const change = (value: string, how: "added" | "removed") =>
    deployedChange(`${kind}-${how}`, r, {
      input,
      ...(how === "added" ? { after: shown(value) } : { before: shown(value) }),
      subject: value,
      description: `${noun} ${how}: ${shown(value)}`,
    });
  return [
    ...now
      .filter((value) => !was.has(identity(value)))
      .sort()
      .map((value) => change(value, "added")),
    ...old
      .filter((value) => !is.has(identity(value)))
      .sort()
      .map((value) => change(value, "removed")),
  ];
}

export function retargeted(
  old: Inputs,
  now: Inputs,
  r: DeployedResource,
  inputs: string[],
  kind: "grant-retargeted" | "credential-retargeted",
): DeployedChange[] {
  return inputs
    .filter((input) => !sameValue(old[input], now[input]))
    .map((input) =>
      deployedChange(kind, r, {
        input,
        before: describeValue(old[input]),
        after: describeValue(now[input]),
        description: `${describeValue(old[input])} → ${describeValue(now[input])}`,
      }),
    );
}
