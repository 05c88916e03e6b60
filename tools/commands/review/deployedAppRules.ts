import { catalogEntry } from "../../../program/permissions/catalog";
import { privilegeLabel } from "../../../program/permissions/privilegeLevel";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import {
  apiAppIdOf,
  apiName,
  deployedChange,
  DeployedChange,
  describeValue,
  Inputs,
  listOf,
  memberChanges,
  retargeted,
  TypeRules,
} from "./deployedChangeBasics";
import { DeployedResource } from "./deployedStack";
import { shown } from "./settingChange";

/*
 * The app registration, its service principal and its consent: which inputs carry privilege and
 * how a change to each is classified (deployedChanges.ts applies them).
 */

export const APP_RULES: Record<string, TypeRules> = {
  [TYPES.application]: {
    inputs: ["owners", "web", "signInAudience", "requiredResourceAccesses"],
    rule: (old, now, r) => [
      ...ownerChanges(old, now, r),
      ...memberChanges(
        r,
        "web.redirectUris",
        redirectUris(old),
        redirectUris(now),
        "redirect-uri",
        "redirect URI",
      ),
      ...audienceChanges(old, now, r),
      ...requestedPermissionChanges(old, now, r),
    ],
    added: "compare-with-empty",
  },
  [TYPES.servicePrincipal]: {
    inputs: ["owners"],
    rule: ownerChanges,
    added: "compare-with-empty",
  },
  [TYPES.appRoleAssignment]: {
    inputs: ["appRoleId", "principalObjectId", "resourceObjectId"],
    rule: (old, now, r) =>
      retargeted(
        old,
        now,
        r,
        ["appRoleId", "principalObjectId", "resourceObjectId"],
        "grant-retargeted",
      ),
    added: (_, now, r) => [
      deployedChange("app-role-assigned", r, {
        ...permissionOf(now.resourceObjectId, String(now.appRoleId), "application"),
        description: `app role assigned: ${describePermission(now.resourceObjectId, String(now.appRoleId), "application")}`,
      }),
    ],
  },
  [TYPES.delegatedGrant]: {
    inputs: ["servicePrincipalObjectId", "resourceServicePrincipalObjectId", "claimValues"],
    rule: (old, now, r) => [
      ...retargeted(
        old,
        now,
        r,
        ["servicePrincipalObjectId", "resourceServicePrincipalObjectId"],
        "grant-retargeted",
      ),
      ...scopeChanges(old, now, r),
    ],
    added: (_, now, r) => scopeChanges({}, now, r),
  },
};

function redirectUris(inputs: Inputs): string[] {
  return listOf((inputs.web as { redirectUris?: unknown } | undefined)?.redirectUris);
}

function ownerChanges(old: Inputs, now: Inputs, r: DeployedResource): DeployedChange[] {
  return memberChanges(
    r,
    "owners",
    listOf(old.owners),
    listOf(now.owners),
    "owner",
    "owner",
    (id) => id.toLowerCase(),
  );
}

function audienceChanges(old: Inputs, now: Inputs, r: DeployedResource): DeployedChange[] {
  const was = (old.signInAudience as string | undefined) ?? "AzureADMyOrg";
  const is = (now.signInAudience as string | undefined) ?? "AzureADMyOrg";
  if (was === is) return [];
  const widened = is !== "AzureADMyOrg";
  return [
    deployedChange(widened ? "sign-in-audience-widened" : "sign-in-audience-narrowed", r, {
      input: "signInAudience",
      before: shown(was),
      after: shown(is),
      subject: is,
      description: `sign-in audience ${shown(was)} → ${shown(is)}`,
    }),
  ];
}

interface RequestedAccess {
  appId: string;
  id: string;
  kind: "application" | "delegated";
}

function requestedAccess(inputs: Inputs): Map<string, RequestedAccess> {
  const result = new Map<string, RequestedAccess>();
  for (const access of (inputs.requiredResourceAccesses ?? []) as {
    resourceAppId: string;
    resourceAccesses?: { id: string; type: string }[];
  }[]) {
    for (const entry of access.resourceAccesses ?? []) {
      const kind = entry.type === "Role" ? "application" : "delegated";
      result.set(`${access.resourceAppId}|${kind}|${entry.id}`, {
        appId: access.resourceAppId,
        id: entry.id,
        kind,
      });
    }
  }
  return result;
}

function requestedPermissionChanges(
  old: Inputs,
  now: Inputs,
  r: DeployedResource,
): DeployedChange[] {
  const was = requestedAccess(old);
  const is = requestedAccess(now);
  const change = (
    access: RequestedAccess,
    kind: "permission-requested" | "permission-unrequested",
  ) =>
    deployedChange(kind, r, {
      input: "requiredResourceAccesses",
      ...permissionOf({ ref: `api:${access.appId}` }, access.id, access.kind),
      description: `${kind === "permission-requested" ? "requests" : "no longer requests"} ${describePermission({ ref: `api:${access.appId}` }, access.id, access.kind)}`,
    });
  return [
    ...[...is]
      .filter(([key]) => !was.has(key))
      .map(([, access]) => change(access, "permission-requested")),
    ...[...was]
      .filter(([key]) => !is.has(key))
      .map(([, access]) => change(access, "permission-unrequested")),
  ];
}

/** A permission named through the catalog, by its ID (app role or scope) and resource API. */
function permissionOf(
  resource: unknown,
  id: string,
  kind: "application" | "delegated",
): Pick<DeployedChange, "permission" | "subject"> {
  const appId = apiAppIdOf(resource);
  const value = (appId && catalogEntry(appId, id, kind)?.value) || id;
  return {
    permission: { api: appId ? apiName(appId) : describeValue(resource), permission: value, kind },
    subject: value,
  };
}

function describePermission(
  resource: unknown,
  id: string,
  kind: "application" | "delegated",
): string {
  const appId = apiAppIdOf(resource);
  const entry = appId ? catalogEntry(appId, id, kind) : undefined;
  const { permission } = permissionOf(resource, id, kind);
  return `${shown(permission!.api)} ${shown(permission!.permission)} (${kind}, ${privilegeLabel(entry?.privilegeLevel ?? null)})`;
}

function scopeChanges(old: Inputs, now: Inputs, r: DeployedResource): DeployedChange[] {
  const api = apiAppIdOf(now.resourceServicePrincipalObjectId);
  const was = new Set(listOf(old.claimValues));
  const is = new Set(listOf(now.claimValues));
  const change = (scope: string, kind: "delegated-scope-granted" | "delegated-scope-revoked") =>
    deployedChange(kind, r, {
      input: "claimValues",
      permission: {
        api: api ? apiName(api) : describeValue(now.resourceServicePrincipalObjectId),
        permission: scope,
        kind: "delegated",
      },
      subject: scope,
      description: `delegated scope ${kind === "delegated-scope-granted" ? "granted" : "revoked"}: ${shown(scope)}`,
    });
  return [
    ...[...is]
      .filter((s) => !was.has(s))
      .sort()
      .map((s) => change(s, "delegated-scope-granted")),
    ...[...was]
      .filter((s) => !is.has(s))
      .sort()
      .map((s) => change(s, "delegated-scope-revoked")),
  ];
}
