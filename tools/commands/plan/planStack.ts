import * as pulumi from "@pulumi/pulumi";
import { catalogEntry } from "../../../program/permissions/catalog";
import { wellKnownApis } from "../../../program/permissions/wellKnownApis";
import { EvaluatedOutput, evaluateProgram } from "../../tenant/evaluateProgram";
import { RecordedResource, SimulatedTenant, TYPES } from "../../tenant/simulatedTenant";
import { StepOp } from "../../tenant/deployment";
import { offlineCatalogs } from "../../../program/permissions/catalog";
import { DirectoryExport } from "../../tenant/directory/graphTypes";
import { StackFile } from "../../stack-files/readStackFile";
import {
  GuardrailVerdict,
  PolicyPackConfig,
  evaluateGuardrails,
} from "../../../policy/evaluateGuardrails";

/** The component that holds one app's resources (components/graphApp.ts). */
const GRAPH_APP_TYPE = "entra-graph-apps:apps:GraphApp";

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
  /** Custom resources `pulumi up` would create or import for this app, in a reader's order. */
  resources: PlannedResource[];
  permissions: PermissionRow[];
}

/** A resource and what `pulumi up` would do with it: create it, or import an existing object. */
export interface PlannedResource extends RecordedResource {
  op: StepOp;
  /** For an import: what `pulumi up` does right after it, when the live object differs. */
  afterImport?: { op: StepOp; changes: string[] };
}

export interface PlanOptions {
  /**
   * The tenant's objects before the run (an export bundle, `plan --from-export`): resources with
   * an import ID are read from it and must match, as Pulumi's import does. Without it, they are
   * planned as imports that were not checked.
   */
  seed?: DirectoryExport;
}

export interface PlanResult {
  stackFile: string;
  now: Date;
  tenantId: string;
  apps: PlannedApp[];
  outputs: Record<string, EvaluatedOutput>;
  /** What the guardrail policy pack says of these resources, with the given config. */
  guardrails: GuardrailVerdict[];
  /** Whether imports were checked against the objects of an export bundle. */
  importsChecked: boolean;
}

/**
 * Runs the real program with the stack file's config, in-process against a fresh simulated
 * tenant, as of `now`, and reports what `pulumi up` would create and what the guardrails say of
 * it. Throws the program's own errors (StackConfigError for bad config).
 */
export async function planStack(
  stackFile: StackFile,
  now: Date,
  policyConfig: PolicyPackConfig = {},
  options: PlanOptions = {},
): Promise<PlanResult> {
  const seed = options.seed;
  const seededApis = new Set(seed?.servicePrincipals.map((sp) => sp.appId.toLowerCase()));
  const tenant = new SimulatedTenant({
    tenantId: seed?.tenantId ?? stackFile.tenantId,
    now,
    // The export's own service principals of Microsoft Graph and other APIs stand for them.
    apis: [...offlineCatalogs().values()].filter((api) => !seededApis.has(api.appId)),
    seed,
    unverifiedImports: !seed,
  });
  pulumi.runtime.setAllConfig(stackFile.pulumiConfig);
  const evaluation = await evaluateProgram(tenant, async () => {
    const { entraGraphApps } = await import("../../../program/entraGraphApps");
    const { readStackConfig } = await import("../../../program/readStackConfig");
    return () =>
      entraGraphApps(readStackConfig(), now) as unknown as Promise<Record<string, unknown>>;
  });
  const apps = evaluation.resolved.apps.value as Record<
    string,
    { displayName: string; clientSecretExpiresOn?: string; exchangeScopeScript?: string }
  >;
  const planned = Object.entries(apps).map(([key, app]) => ({
    ...planApp(key, app.displayName, tenant),
    clientSecretExpiresOn: app.clientSecretExpiresOn,
    exchangeScopeScript: app.exchangeScopeScript,
  }));
  const resources = planned.flatMap((app) => app.resources);
  return {
    stackFile: stackFile.path,
    now,
    tenantId: tenant.tenantId,
    apps: planned,
    outputs: evaluation.resolved,
    guardrails: await evaluateGuardrails(resources, policyConfig, now),
    importsChecked: seed !== undefined,
  };
}

/** The order a reader expects: the app, its identity, its grants, its credentials. */
export const TYPE_ORDER: string[] = [
  TYPES.application,
  TYPES.servicePrincipal,
  TYPES.appRoleAssignment,
  TYPES.delegatedGrant,
  TYPES.applicationPassword,
  TYPES.applicationCertificate,
  TYPES.federatedCredential,
  TYPES.keyVaultSecret,
];

function planApp(key: string, displayName: string, tenant: SimulatedTenant): PlannedApp {
  const byUrn = new Map(tenant.resources.map((resource) => [resource.urn, resource]));
  const resources = tenant.resources
    .filter((resource) => resource.custom && appKeyOf(resource, byUrn) === key)
    .map((resource) => withSteps(resource, tenant))
    .sort(
      (a, b) =>
        TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name),
    );
  return { key, displayName, resources, permissions: permissionRows(resources) };
}

/** The resource with its step, and for an import the update or replacement that follows it. */
function withSteps(resource: RecordedResource, tenant: SimulatedTenant): PlannedResource {
  const [first, second] = tenant.steps.filter((step) => step.urn === resource.urn);
  return {
    ...resource,
    op: first?.op ?? "create",
    ...(first?.op === "import" && second
      ? { afterImport: { op: second.op, changes: second.changes } }
      : {}),
  };
}

/** The app a resource belongs to: the name of its nearest GraphApp ancestor (never its name). */
export function appKeyOf(
  resource: RecordedResource,
  byUrn: Map<string, RecordedResource>,
): string | undefined {
  for (let parent = resource.parentUrn; parent; parent = byUrn.get(parent)?.parentUrn) {
    const component = byUrn.get(parent);
    if (component?.type === GRAPH_APP_TYPE) return component.name;
  }
  return undefined;
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
