import * as pulumi from "@pulumi/pulumi";
import { catalogEntry } from "../../permissions/catalog";
import { wellKnownApis } from "../../permissions/wellKnownApis";
import { EvaluatedOutput, evaluateProgram } from "../../tenant/evaluateProgram";
import { RecordedResource, SimulatedTenant, TYPES } from "../../tenant/simulatedTenant";
import { StackFile } from "../../stack-files/readStackFile";
import { NOW_OVERRIDE_VARIABLE } from "../../program/clock";

export interface PermissionRow {
  api: string;
  permission: string;
  kind: "application" | "delegated";
  privilegeLevel: number | null;
  adminConsent: "granted" | "not granted";
}

export interface PlannedApp {
  key: string;
  displayName: string;
  /** End date of the client secret handed out now (the `clientSecretExpiresOn` output). */
  clientSecretExpiresOn?: string;
  /** The app's `exchangeScopeScript` output, when it is limited to mailboxes. */
  exchangeScopeScript?: string;
  /** Custom resources `pulumi up` would create for this app, in registration order. */
  resources: RecordedResource[];
  permissions: PermissionRow[];
}

export interface PlanResult {
  stackFile: string;
  now: Date;
  tenantId: string;
  apps: PlannedApp[];
  outputs: Record<string, EvaluatedOutput>;
}

/**
 * Runs the real program (index.ts, with its config read through Pulumi) in-process against a
 * fresh simulated tenant, and reports what `pulumi up` would create. Throws the program's own
 * errors (StackConfigError for bad config).
 */
export async function planStack(stackFile: StackFile, now: Date): Promise<PlanResult> {
  const tenant = new SimulatedTenant({ tenantId: stackFile.tenantId, now });
  pulumi.runtime.setAllConfig(stackFile.pulumiConfig);
  const previousNow = process.env[NOW_OVERRIDE_VARIABLE];
  process.env[NOW_OVERRIDE_VARIABLE] = now.toISOString();
  try {
    const evaluation = await evaluateProgram(tenant, async () => {
      const program = await import("../../index");
      return ((program as { default?: unknown }).default ?? program) as () => Promise<
        Record<string, unknown>
      >;
    });
    const apps = evaluation.resolved.apps.value as Record<
      string,
      { displayName: string; clientSecretExpiresOn?: string; exchangeScopeScript?: string }
    >;
    return {
      stackFile: stackFile.path,
      now,
      tenantId: tenant.tenantId,
      apps: Object.entries(apps).map(([key, app]) => ({
        ...planApp(key, app.displayName, tenant, Object.keys(apps)),
        clientSecretExpiresOn: app.clientSecretExpiresOn,
        exchangeScopeScript: app.exchangeScopeScript,
      })),
      outputs: evaluation.resolved,
    };
  } finally {
    if (previousNow === undefined) delete process.env[NOW_OVERRIDE_VARIABLE];
    else process.env[NOW_OVERRIDE_VARIABLE] = previousNow;
  }
}

/** The order a reader expects: the app, its identity, its grants, its credentials. */
const TYPE_ORDER: string[] = [
  TYPES.application,
  TYPES.servicePrincipal,
  TYPES.appRoleAssignment,
  TYPES.delegatedGrant,
  TYPES.applicationPassword,
  TYPES.applicationCertificate,
  TYPES.federatedCredential,
  TYPES.keyVaultSecret,
];

function planApp(
  key: string,
  displayName: string,
  tenant: SimulatedTenant,
  allKeys: string[],
): PlannedApp {
  const resources = tenant.resources
    .filter((resource) => resource.custom && ownerKey(resource.name, allKeys) === key)
    .sort(
      (a, b) =>
        TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name),
    );
  return { key, displayName, resources, permissions: permissionRows(resources) };
}

/** Child names are `<app key>` or `<app key>-<suffix>`; the longest matching key owns a resource. */
function ownerKey(name: string, keys: string[]): string | undefined {
  return keys
    .filter((key) => name === key || name.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
}

/** The permissions as the resources express them: requested IDs, and which got consent. */
function permissionRows(resources: RecordedResource[]): PermissionRow[] {
  const application = resources.find((resource) => resource.type === TYPES.application);
  const assignedRoleIds = new Set(
    resources
      .filter((r) => r.type === TYPES.appRoleAssignment)
      .map((r) => r.inputs.appRoleId as string),
  );
  const grantedScopes = new Set(
    resources
      .filter((r) => r.type === TYPES.delegatedGrant)
      .flatMap((r) => r.inputs.claimValues as string[]),
  );
  const rows: PermissionRow[] = [];
  for (const access of application?.inputs.requiredResourceAccesses ?? []) {
    const api =
      wellKnownApis.find((known) => known.appId === access.resourceAppId)?.name ??
      access.resourceAppId;
    for (const entry of access.resourceAccesses as { id: string; type: string }[]) {
      const kind = entry.type === "Role" ? "application" : "delegated";
      const facts = catalogEntry(access.resourceAppId, entry.id, kind);
      const permission = facts?.value ?? entry.id;
      const granted =
        kind === "application" ? assignedRoleIds.has(entry.id) : grantedScopes.has(permission);
      rows.push({
        api,
        permission,
        kind,
        privilegeLevel: facts?.privilegeLevel ?? null,
        adminConsent: granted ? "granted" : "not granted",
      });
    }
  }
  return rows.sort(
    (a, b) =>
      a.api.localeCompare(b.api) ||
      a.kind.localeCompare(b.kind) ||
      a.permission.localeCompare(b.permission),
  );
}
