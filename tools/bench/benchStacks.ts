/**
 * The stacks the benchmark measures: N apps, each asking for the same K real Microsoft Graph
 * application permissions (the default rotating client secret, admin consent), optionally with a
 * Key Vault copy of the secret. Also the clock every measurement runs at.
 */
import { readFileSync } from "fs";
import * as path from "path";

/** The day every measurement evaluates the program on (rotation windows depend on it). */
export const BENCH_NOW = new Date("2026-11-22T00:00:00Z");

/** Microsoft Graph's appId. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

const GRAPH_CATALOG = path.join(
  __dirname,
  "..",
  "..",
  "program",
  "permissions",
  "catalog",
  "microsoft-graph.json",
);

/** K distinct Graph application permissions (name and app role ID), in catalog order. */
export function graphApplicationPermissions(count: number): { value: string; id: string }[] {
  const catalog = JSON.parse(readFileSync(GRAPH_CATALOG, "utf8")) as {
    permissions: { value: string; id: string; kind: string }[];
  };
  const seen = new Map<string, string>();
  for (const permission of catalog.permissions) {
    if (permission.kind === "application" && !seen.has(permission.value))
      seen.set(permission.value, permission.id);
  }
  if (count > seen.size)
    throw new Error(`only ${seen.size} Graph application permissions, asked for ${count}`);
  return [...seen].slice(0, count).map(([value, id]) => ({ value, id }));
}

/** The app key of app i: app-0000, app-0001, ... */
export function appKey(index: number): string {
  return `app-${String(index).padStart(4, "0")}`;
}

export interface BenchStackOptions {
  apps: number;
  perms: number;
  /** Give every app a Key Vault copy of its client secret (loads azure-native's keyvault module). */
  keyVault?: boolean;
}

/** The stack's `entra-graph-apps:apps` value, as the program reads it (a parsed map). */
export function benchApps(options: BenchStackOptions): Record<string, unknown> {
  const application = graphApplicationPermissions(options.perms).map((p) => p.value);
  const apps: Record<string, unknown> = {};
  for (let i = 0; i < options.apps; i++) {
    apps[appKey(i)] = {
      displayName: `Bench App ${i}`,
      permissions: { "Microsoft Graph": { application } },
      ...(options.keyVault
        ? { keyVault: { resourceGroupName: "rg-bench-secrets", vaultName: "kv-bench" } }
        : {}),
    };
  }
  return apps;
}

/** Pulumi's whole config for the stack, as the language host hands it over (objects as JSON). */
export function benchPulumiConfig(options: BenchStackOptions): Record<string, string> {
  return { "entra-graph-apps:apps": JSON.stringify(benchApps(options)) };
}
