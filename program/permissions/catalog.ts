import * as fs from "fs";
import * as path from "path";
import { CatalogPermission, PermissionCatalog, PermissionKind } from "./catalogTypes";

const catalogDir = path.join(__dirname, "catalog");

let loaded: Map<string, PermissionCatalog> | undefined;
const entryIndex = new Map<string, CatalogPermission>();

/**
 * The offline permission catalogs, keyed by resource appId: Microsoft Graph (generated) and the
 * few other first-party APIs we know facts for. Read once per process.
 */
export function offlineCatalogs(): Map<string, PermissionCatalog> {
  if (!loaded) {
    const catalogs = [
      readJson<PermissionCatalog>("microsoft-graph.json"),
      ...readJson<{ apis: PermissionCatalog[] }>("other-apis.json").apis,
    ];
    loaded = new Map(catalogs.map((catalog) => [catalog.appId, catalog]));
    for (const catalog of catalogs) {
      for (const permission of catalog.permissions) {
        entryIndex.set(indexKey(catalog.appId, permission.value, permission.kind), permission);
        entryIndex.set(indexKey(catalog.appId, permission.id, permission.kind), permission);
      }
    }
  }
  return loaded;
}

export function catalogFor(appId: string): PermissionCatalog | undefined {
  return offlineCatalogs().get(appId);
}

/** Catalog facts for one permission (by value or by ID), or undefined when the catalog does not know it. */
export function catalogEntry(
  appId: string,
  valueOrId: string,
  kind: PermissionKind,
): CatalogPermission | undefined {
  offlineCatalogs();
  return entryIndex.get(indexKey(appId, valueOrId, kind));
}

function indexKey(appId: string, value: string, kind: PermissionKind): string {
  return `${appId}|${kind}|${value}`;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(catalogDir, file), "utf8")) as T;
}
