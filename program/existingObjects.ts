import type { GraphAppExistingObjects } from "../components";
import { AppConfig } from "./config/appConfig";
import { ORDER_ENTRY } from "./config/settings/existing";
import { ResolvedApiPermissions } from "./permissions/resolvePermissions";

/** The app's `existing:` import IDs as GraphApp takes them (config keys are the component's). */
export function graphAppExisting(app: AppConfig): GraphAppExistingObjects | undefined {
  if (!app.existing) return undefined;
  const { permissionOrder: _order, ...importIds } = app.existing;
  return importIds;
}

/**
 * The permission IDs of one API in the order `existing.permissionOrder` gives (the live app's
 * order), for an imported application; undefined otherwise.
 */
export function resourceAccessOrder(
  app: AppConfig,
  api: ResolvedApiPermissions,
): string[] | undefined {
  const entries = app.existing?.application
    ? app.existing.permissionOrder?.[api.request.api.resourceKey]
    : undefined;
  if (!entries) return undefined;
  return entries.flatMap((entry) => {
    const [, kind, value] = ORDER_ENTRY.exec(entry)!;
    const list = kind === "application" ? api.application : api.delegated;
    return list.filter((permission) => permission.value === value).map((p) => p.id);
  });
}
