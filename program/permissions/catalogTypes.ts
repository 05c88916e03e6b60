export type PermissionKind = "application" | "delegated";

/** One app role (application) or OAuth2 scope (delegated) of a resource API. */
export interface CatalogPermission {
  value: string;
  id: string;
  kind: PermissionKind;
  /** Always true for application permissions; from the scope type for delegated ones. */
  adminConsentRequired: boolean;
  /** 1 (lowest) … 5 (highest) from the privilege-level data; null where that data has none. */
  privilegeLevel: number | null;
}

export interface PermissionCatalog {
  appId: string;
  displayName: string;
  permissions: CatalogPermission[];
}
