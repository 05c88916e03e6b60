/** Permissions an app requests from one resource API, by ID (plain values). */
export interface ResolvedApiAccess {
  resourceAppId: string;
  applicationPermissionIds: string[];
  delegatedPermissionIds: string[];
  resourceAccessOrder?: string[];
}

/** One entry of the provider's `requiredResourceAccesses`. */
export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccesses: { id: string; type: string }[];
}

/**
 * The provider's `requiredResourceAccesses`; APIs with nothing requested are left out. The outer
 * list is a set to the provider, so it is sorted by API either way. Each API's `resource_access`
 * is an ordered list (terraform-provider-azuread v3.8.0
 * internal/services/applications/application_resource.go, `required_resource_access`): `sorted`
 * gives a canonical order so config order never causes a diff; `as-given` keeps the caller's, to
 * reproduce an existing app's list exactly.
 */
export function toRequiredResourceAccesses(
  requested: ResolvedApiAccess[],
  order: "sorted" | "as-given" = "sorted",
): RequiredResourceAccess[] {
  return [...requested]
    .filter((api) => api.applicationPermissionIds.length + api.delegatedPermissionIds.length > 0)
    .sort((a, b) => compare(a.resourceAppId, b.resourceAppId))
    .map((api) => ({
      resourceAppId: api.resourceAppId,
      resourceAccesses: order === "sorted" ? sortedAccesses(api) : accessesAsGiven(api),
    }));
}

function sortedAccesses(api: ResolvedApiAccess): { id: string; type: string }[] {
  return [
    ...sortedUnique(api.applicationPermissionIds).map((id) => ({ id, type: "Role" })),
    ...sortedUnique(api.delegatedPermissionIds).map((id) => ({ id, type: "Scope" })),
  ];
}

function accessesAsGiven(api: ResolvedApiAccess): { id: string; type: string }[] {
  const given = [
    ...[...new Set(api.applicationPermissionIds)].map((id) => ({ id, type: "Role" })),
    ...[...new Set(api.delegatedPermissionIds)].map((id) => ({ id, type: "Scope" })),
  ];
  const order = api.resourceAccessOrder ?? [];
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index < 0 ? order.length : index;
  };
  // Array.prototype.sort is stable: IDs of equal rank keep the order given.
  return given.sort((a, b) => rank(a.id) - rank(b.id));
}

export function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
