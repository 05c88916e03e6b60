import { spawnSync } from "child_process";
import * as fs from "fs";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import { jsonBudgetProblem } from "../../graph/jsonBudget";
import { StateResource, stackExportSchema } from "./stateSchema";

/** What the stack manages for one app, read from its state. */
export interface ManagedApp {
  /** The app's config key (the GraphApp component's name). */
  key: string;
  objectId: string;
  clientId: string;
  displayName: string;
  signInAudience?: string;
  /** Web redirect URIs. */
  redirectUris: string[];
  owners: string[];
  /** Requested permissions: `resourceAppId|id|Role` or `...|Scope`. */
  requested: string[];
  servicePrincipalId?: string;
  assignments: { id?: string; resourceId: string; appRoleId: string }[];
  grants: { id?: string; resourceId: string; scopes: string[] }[];
  passwordKeyIds: string[];
  certificateKeyIds: string[];
  federatedIds: string[];
}

export interface ManagedState {
  apps: ManagedApp[];
  /** The tenant of the stack's `apps` output, when the state holds it. */
  tenantId?: string;
}

/** A state that cannot be read or is not what this project's program leaves (exit 2). */
export class StateError extends Error {}
/** The Pulumi CLI is not on PATH (exit 7). */
export class PulumiCliMissingError extends Error {}

/** A checkpoint of a large stack is a few megabytes. */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

export function stateExportCommand(stack: string): string[] {
  return ["stack", "export", "--stack", stack];
}

/**
 * Runs `pulumi stack export --stack <stack>` (never `--show-secrets`: secrets stay encrypted, and
 * drift needs none) in the project folder and reads its JSON.
 */
export function readStateWithCli(stack: string, cwd: string, env: NodeJS.ProcessEnv): ManagedState {
  const result = spawnSync("pulumi", stateExportCommand(stack), {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: MAX_STATE_BYTES,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new PulumiCliMissingError(
      [
        "drift: the Pulumi CLI (pulumi) is not on PATH, so the stack's state cannot be read.",
        "  Install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend, or, where the CLI is available, save",
        `  the state with: pulumi ${stateExportCommand(stack).join(" ")} > state.json`,
        `  and run: npm run drift -- --state state.json`,
      ].join("\n"),
    );
  }
  if (result.error) throw new StateError(`drift: could not run pulumi: ${result.error.message}`);
  if (result.status !== 0) {
    const reason = (result.stderr ?? "").trim().split("\n").slice(0, 5).join("\n  ");
    throw new StateError(
      `drift: pulumi ${stateExportCommand(stack).join(" ")} failed (exit ${result.status}):\n  ${reason || "(no message)"}\n` +
        "  Is the stack's backend logged in (pulumi login, or PULUMI_BACKEND_URL) and the stack deployed?",
    );
  }
  return parseState(result.stdout, `the state of stack ${stack}`);
}

/** Reads a file saved with `pulumi stack export`. */
export function readStateFile(file: string): ManagedState {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new StateError(`drift: ${file} does not exist`);
  }
  if (!stat.isFile()) throw new StateError(`drift: ${file} is not a file`);
  if (stat.size > MAX_STATE_BYTES)
    throw new StateError(
      `drift: ${file} is ${stat.size} bytes; a state is at most ${MAX_STATE_BYTES} bytes (a stack at its limits, 100 apps and 1,000 resources, is about 1 MB). Is it this project's stack?`,
    );
  return parseState(fs.readFileSync(file, "utf8"), file);
}

/** The apps a `pulumi stack export` JSON holds; `label` names it in messages. */
export function parseState(text: string, label: string): ManagedState {
  const tooMuch = jsonBudgetProblem(text, "a state");
  if (tooMuch) {
    throw new StateError(
      `drift: ${label} ${tooMuch}; a stack at its limits (100 apps, 1,000 resources) is about 1 MB and 20,000 values. Is it this project's stack?`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StateError(`drift: ${label} is not JSON; expected what pulumi stack export prints`);
  }
  const parsed = stackExportSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `  - ${["$", ...issue.path.map(String)].join(".")}: ${issue.message}`);
    throw new StateError(
      [`drift: ${label} is not a pulumi stack export (deployment v3):`, ...problems].join("\n"),
    );
  }
  return managedState(parsed.data.deployment.resources ?? [], label);
}

const GRAPH_APP_TYPE = "entra-graph-apps:apps:GraphApp";

function managedState(resources: StateResource[], label: string): ManagedState {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const ofType = (type: string) => resources.filter((resource) => resource.type === type);
  const apps = ofType(TYPES.application).map((resource) => managedApp(resource, byUrn, label));
  const byObjectId = new Map(apps.map((app) => [app.objectId, app]));
  const byClientId = new Map(apps.map((app) => [app.clientId, app]));
  const bySp = new Map<string, ManagedApp>();
  for (const sp of ofType(TYPES.servicePrincipal)) {
    const app = byClientId.get(lower(read(sp, "clientId")) ?? "");
    const objectId = lower(read(sp, "objectId")) ?? idTail(sp.id, /^\/servicePrincipals\/(.+)$/);
    if (!app || !objectId) continue;
    app.servicePrincipalId = objectId;
    bySp.set(objectId, app);
  }
  for (const assignment of ofType(TYPES.appRoleAssignment)) {
    const app = bySp.get(lower(read(assignment, "principalObjectId")) ?? "");
    const resourceId = lower(read(assignment, "resourceObjectId"));
    const appRoleId = lower(read(assignment, "appRoleId"));
    if (!app || !resourceId || !appRoleId) continue;
    const id = idTail(assignment.id, /\/appRoleAssignedTo\/([^/]+)$/, false);
    app.assignments.push({ id, resourceId, appRoleId });
  }
  for (const grant of ofType(TYPES.delegatedGrant)) {
    const app = bySp.get(lower(read(grant, "servicePrincipalObjectId")) ?? "");
    const resourceId = lower(read(grant, "resourceServicePrincipalObjectId"));
    if (!app || !resourceId) continue;
    const scopes = readList(grant, "claimValues");
    const id = idTail(grant.id, /^\/oauth2PermissionGrants\/([^/]+)$/, false);
    app.grants.push({ id, resourceId, scopes });
  }
  const children: [string, string, keyof ManagedApp][] = [
    [TYPES.applicationPassword, "password", "passwordKeyIds"],
    [TYPES.applicationCertificate, "certificate", "certificateKeyIds"],
    [TYPES.federatedCredential, "federatedIdentityCredential", "federatedIds"],
  ];
  for (const [type, segment, list] of children) {
    for (const resource of ofType(type)) {
      const match = new RegExp(`^([0-9a-fA-F-]{36})/${segment}/([0-9a-fA-F-]{36})$`).exec(
        resource.id ?? "",
      );
      const app = byObjectId.get(match?.[1].toLowerCase() ?? "");
      if (!match || !app) continue;
      (app[list] as string[]).push(match[2].toLowerCase());
    }
  }
  return { apps, tenantId: stackTenant(resources) };
}

function managedApp(
  resource: StateResource,
  byUrn: Map<string, StateResource>,
  label: string,
): ManagedApp {
  const objectId =
    lower(read(resource, "objectId")) ?? idTail(resource.id, /^\/applications\/(.+)$/);
  const clientId = lower(read(resource, "clientId"));
  if (!objectId || !clientId) {
    throw new StateError(
      `drift: ${label}: the app registration ${resource.urn} has no objectId or clientId output; was its last pulumi up interrupted? Run pulumi refresh`,
    );
  }
  const web = read<{ redirectUris?: unknown }>(resource, "web");
  return {
    key: appKey(resource, byUrn),
    objectId,
    clientId,
    displayName: read<string>(resource, "displayName") ?? "",
    signInAudience: read<string>(resource, "signInAudience"),
    redirectUris: Array.isArray(web?.redirectUris) ? web.redirectUris.map(String) : [],
    owners: readList(resource, "owners").map((owner) => owner.toLowerCase()),
    requested: requestedPermissions(read(resource, "requiredResourceAccesses")),
    assignments: [],
    grants: [],
    passwordKeyIds: [],
    certificateKeyIds: [],
    federatedIds: [],
  };
}

/** The program nests an Application two components deep (GraphApp > AppRegistration). */
const MAX_PARENT_STEPS = 8;

/**
 * The name of the GraphApp component above the resource (the config key), else its own name.
 * A few steps up at most: a state's parents can form a cycle or a chain as long as the file.
 */
function appKey(resource: StateResource, byUrn: Map<string, StateResource>): string {
  let parent = resource.parent;
  for (let step = 0; parent && step < MAX_PARENT_STEPS; step++) {
    const component = byUrn.get(parent);
    if (component?.type === GRAPH_APP_TYPE) return urnName(component.urn);
    parent = component?.parent;
  }
  return urnName(resource.urn);
}

function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function requestedPermissions(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((access: { resourceAppId?: unknown; resourceAccesses?: unknown }) =>
    Array.isArray(access?.resourceAccesses)
      ? access.resourceAccesses.map(
          (item: { id?: unknown; type?: unknown }) =>
            `${String(access.resourceAppId).toLowerCase()}|${String(item?.id).toLowerCase()}|${String(item?.type)}`,
        )
      : [],
  );
}

/** The tenant in the stack's `apps` output (every app carries it). */
function stackTenant(resources: StateResource[]): string | undefined {
  const stack = resources.find((resource) => resource.type === "pulumi:pulumi:Stack");
  const apps = stack?.outputs?.apps;
  if (!apps || typeof apps !== "object") return undefined;
  const tenants = Object.values(apps as Record<string, { tenantId?: unknown }>)
    .map((app) => app?.tenantId)
    .filter((tenant): tenant is string => typeof tenant === "string");
  return tenants[0]?.toLowerCase();
}

/** A plain (not secret) property from the outputs, else the inputs. */
function read<T = unknown>(resource: StateResource, name: string): T | undefined {
  for (const bag of [resource.outputs, resource.inputs]) {
    const value = bag?.[name];
    if (value !== undefined && value !== null && !isSecret(value)) return value as T;
  }
  return undefined;
}

function readList(resource: StateResource, name: string): string[] {
  const value = read(resource, name);
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}

function isSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    "4dabf18193072939515e22adb298388d" in (value as Record<string, unknown>)
  );
}

function lower(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.toLowerCase() : undefined;
}

function idTail(id: string | undefined, pattern: RegExp, lowerCase = true): string | undefined {
  const tail = pattern.exec(id ?? "")?.[1];
  return tail && lowerCase ? tail.toLowerCase() : tail;
}
