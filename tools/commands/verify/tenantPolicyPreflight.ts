import { z } from "zod";
import { AppConfig } from "../../../program/config/appConfig";
import { formatProblem } from "../../../program/config/configProblem";
import { APPLICATION_ID } from "../../../program/config/settings/existing";
import {
  appManagementPolicySchema,
  tenantAppManagementPolicySchema,
} from "../../../program/credentials/appManagementPolicy";
import {
  AppPolicyFacts,
  PolicyCheck,
  credentialPolicyConflicts,
} from "../../../program/credentials/credentialPolicyConflicts";
import { GraphApi } from "../../graph/graphClient";
import { GraphReadError } from "../../graph/graphErrors";
import { GraphOptions, openGraph } from "../../graph/openGraph";
import { loadStackVersion } from "../../stack-files/loadStackVersion";
import { readChosenStack } from "../../stack-files/projectStack";
import { CommandIo } from "../commandIo";
import { readDeployedAppIds } from "./deployedAppIds";

/**
 * The permission the read needs. Microsoft's page for GET /policies/defaultAppManagementPolicy
 * names Policy.Read.All as least privileged (Policy.Read.ApplicationConfiguration and
 * Policy.ReadWrite.ApplicationConfiguration also do); an app's assigned policies need
 * Application.Read.All (or OwnedBy on its own apps) besides
 * (https://learn.microsoft.com/graph/api/tenantappmanagementpolicy-get,
 * https://learn.microsoft.com/graph/api/appmanagementpolicy-list-appliesto).
 */
export const POLICY_READ_PERMISSION = "Policy.Read.All";

/** What the preflight found of the tenant's credential policies for one stack. */
export type TenantPolicyResult =
  | { status: "checked"; check: PolicyCheck; appsRead: string[] }
  | { status: "unreadable"; reason: string };

const createdSchema = z.looseObject({ createdDateTime: z.string().nullish() });
const assignedSchema = z.looseObject({ value: z.array(appManagementPolicySchema) });

/**
 * Reads the tenant default policy and, for each app of the stack that exists already (its object
 * ID from the stack's outputs, or `existing.application`), its creation date and assigned policy;
 * then checks every configured credential against them. A 403 is reported as unreadable, with
 * the permission to grant; nothing here ever throws for Graph's answers.
 */
export async function tenantPolicyPreflight(
  graph: GraphApi,
  apps: AppConfig[],
  deployed: Record<string, string>,
  now: Date,
): Promise<TenantPolicyResult> {
  try {
    const tenantDefault = tenantAppManagementPolicySchema.parse(
      await graph.get("/policies/defaultAppManagementPolicy"),
    );
    const facts: Record<string, AppPolicyFacts> = {};
    const appsRead: string[] = [];
    for (const app of apps) {
      const objectId =
        deployed[app.key] ?? APPLICATION_ID.exec(app.existing?.application ?? "")?.[1];
      if (!objectId) continue;
      const read = await readApp(graph, objectId);
      if (read) {
        facts[app.key] = read;
        appsRead.push(app.key);
      }
    }
    return {
      status: "checked",
      check: credentialPolicyConflicts(apps, { tenantDefault, apps: facts }, now),
      appsRead,
    };
  } catch (error) {
    if (error instanceof GraphReadError && error.failure === "forbidden") {
      return {
        status: "unreadable",
        reason: `Graph refused to let the deployer read the tenant's app management policies (403): grant it the Microsoft Graph application permission ${POLICY_READ_PERMISSION} with admin consent (docs/deploying.md "Deployer permissions")`,
      };
    }
    if (error instanceof GraphReadError) return { status: "unreadable", reason: error.message };
    if (error instanceof z.ZodError)
      return {
        status: "unreadable",
        reason: `Graph answered with a policy this check cannot read (${error.issues[0]?.path.join(".")}: ${error.issues[0]?.message})`,
      };
    throw error;
  }
}

/**
 * `verify --deployer --stack <name>`'s policy check: the stack's apps as `pulumi up` reads them,
 * the object IDs of those it has deployed (its `apps` output), and Graph read as the deployer
 * (the ARM_* identity the azuread provider signs in as, never AZURE_*), in the same cloud.
 */
export async function stackTenantPolicy(
  io: CommandIo,
  stack: string,
  configFile: string | undefined,
  graphOptions: GraphOptions,
): Promise<TenantPolicyResult> {
  const now = io.now();
  const stackFile = readChosenStack(io.cwd, { stack, config: configFile });
  const { apps } = loadStackVersion(stackFile.pulumiConfig, now, io.cwd);
  const deployed = readDeployedAppIds(stack, io.cwd, io.env);
  const env = { ...io.env, AZURE_TENANT_ID: "", AZURE_CLIENT_ID: "", AZURE_CLIENT_SECRET: "" };
  const graph = openGraph({ ...io, env }, graphOptions, "verify");
  const result = await tenantPolicyPreflight(
    graph,
    apps,
    "ids" in deployed ? deployed.ids : {},
    now,
  );
  if (result.status === "checked" && "unavailable" in deployed)
    result.check.notes.push(
      `The stack's deployed apps were not read (${deployed.unavailable}): every app was judged as created now.`,
    );
  return result;
}

/** The app's creation date and assigned policies; undefined when it no longer exists (404). */
async function readApp(graph: GraphApi, objectId: string): Promise<AppPolicyFacts | undefined> {
  try {
    const app = createdSchema.parse(
      await graph.get(`/applications/${objectId}?$select=id,createdDateTime`),
    );
    const assigned = assignedSchema.parse(
      await graph.get(`/applications/${objectId}/appManagementPolicies`),
    );
    return {
      exists: true,
      assigned: assigned.value,
      ...(app.createdDateTime ? { createdDateTime: app.createdDateTime } : {}),
    };
  } catch (error) {
    if (error instanceof GraphReadError && error.failure === "not-found") return undefined;
    throw error;
  }
}

/** The lines the deployer report ends with. */
export function formatTenantPolicy(result: TenantPolicyResult, stack: string): string {
  if (result.status === "unreadable")
    return `Tenant credential policy NOT CHECKED for stack ${stack}: ${result.reason}.`;
  const read =
    result.appsRead.length > 0
      ? ` (creation dates and assigned policies read for ${result.appsRead.join(", ")})`
      : "";
  const notes = result.check.notes.map((note) => `  note: ${note}`);
  if (result.check.problems.length === 0)
    return [
      `Tenant credential policy: no credential of stack ${stack} conflicts with the tenant's app management policies${read}.`,
      ...notes,
    ].join("\n");
  return [
    `Tenant credential policy: ${count(result.check.problems.length)} of stack ${stack} ${result.check.problems.length === 1 ? "conflicts" : "conflict"} with the tenant's app management policies${read}; pulumi up would fail when adding them, after creating the apps. Fix the config:`,
    ...result.check.problems.map((problem) => `  - ${formatProblem(problem)}`),
    ...notes,
  ].join("\n");
}

const count = (n: number) => (n === 1 ? "1 credential" : `${n} credentials`);
