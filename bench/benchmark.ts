/**
 * Benchmark: how long the program takes to register N apps × K Graph application permissions
 * under Pulumi's mock runtime, compared with the cost of the Pulumi SDK alone.
 *
 * For each size it measures two kinds, each run in a fresh child process (so peak RSS and timing
 * belong to that run only and no garbage carries over):
 *   - program: `entraGraphApps` evaluated against a `SimulatedTenant` via `evaluateProgram`, with N
 *     apps each asking for K distinct real Microsoft Graph application permissions.
 *   - floor:   a bare program under the same mock runtime that registers exactly as many plain
 *     `pulumi.CustomResource`s as the program registered custom resources, and waits for them the
 *     same way (each resource's id, then the runtime's `waitForRPCs`).
 *   - azuread: the same azuread resources the program creates (Application, ServicePrincipal, one
 *     AppRoleAssignment per permission, two ApplicationPasswords per app), written by hand with no
 *     components, validation, lookups or tenant rules, against echo mocks. The SDK's cost grows
 *     with each resource's output properties (Application has 33, a plain resource 1), so this is
 *     the floor for *these* resources; program / azuread is the overhead this project adds.
 *
 * wall ms covers evaluation only (setMocks → all registrations done); process start-up and module
 * loading happen before the timer. With --repeat R the median wall ms of R runs is reported, and
 * peak RSS is the highest `maxRSS` seen over those runs.
 *
 * Reading the ratio: "ratio to floor" = program wall ms / floor wall ms for the same number of
 * custom resources. Near 1 means the program's own work (validation, permission resolution, the
 * tenant's checks, component resources) is small next to what Pulumi itself costs per resource;
 * well above 1 means the program adds its own overhead. The closing "linear growth" figure divides
 * the program's ms/resource at the largest size by that at the smallest: about 1 (or below, as
 * fixed costs amortise) is linear; clearly above 1 means cost per resource grows with size.
 *
 * Run:  npx ts-node --transpile-only bench/benchmark.ts [--sizes 10x5,100x10,500x10] [--repeat 3] [--json]
 * One measurement by hand:
 *       node -r ts-node/register/transpile-only bench/benchmark.ts --worker real --apps 500 --perms 10
 */
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { Command } from "commander";
import * as pulumi from "@pulumi/pulumi";
import { SimulatedTenant } from "../tenant/simulatedTenant";
import { evaluateProgram } from "../tenant/evaluateProgram";

const NOW = new Date("2026-11-22T00:00:00Z");
const PROJECT_ROOT = path.resolve(__dirname, "..");
const GRAPH_CATALOG = path.join(PROJECT_ROOT, "permission-catalog", "microsoft-graph.json");

type Kind = "program" | "floor" | "azuread";
type WorkerKind = "real" | "floor" | "azuread";

/** What one worker process prints, as one JSON line. */
interface Measurement {
  kind: Kind;
  apps: number;
  perms: number;
  /** Custom resources registered (what the floor reproduces). */
  resources: number;
  /** Custom plus component resources. */
  totalResources: number;
  wallMs: number;
  maxRssKb: number;
}

interface Size {
  apps: number;
  perms: number;
}

interface Row {
  size: string;
  kind: Kind;
  resources: number;
  totalResources: number;
  wallMs: number;
  msPerResource: number;
  peakRssMb: number;
  ratioToFloor: number;
  runsWallMs: number[];
}

// ---------------------------------------------------------------- workers (one measurement each)

/** K distinct application permission names from the Graph catalog, in catalog order. */
function graphApplicationPermissions(count: number): string[] {
  const catalog = JSON.parse(readFileSync(GRAPH_CATALOG, "utf8")) as {
    permissions: { value: string; kind: string }[];
  };
  const names = [
    ...new Set(catalog.permissions.filter((p) => p.kind === "application").map((p) => p.value)),
  ];
  if (count > names.length)
    throw new Error(`only ${names.length} Graph application permissions, asked for ${count}`);
  return names.slice(0, count);
}

/** Raw stack config with N apps, each asking for the same K Graph application permissions. */
function benchConfig(apps: number, perms: number): { apps: Record<string, unknown> } {
  const application = graphApplicationPermissions(perms);
  const entries: Record<string, unknown> = {};
  for (let i = 0; i < apps; i++) {
    entries[`app-${String(i).padStart(4, "0")}`] = {
      displayName: `Bench App ${i}`,
      permissions: { "Microsoft Graph": { application } },
    };
  }
  return { apps: entries };
}

/** Loads the program and every azuread class it touches (azuread loads them lazily) before timing. */
async function preloadProgramModules(): Promise<void> {
  const azuread = await import("@pulumi/azuread");
  void [
    azuread.Application,
    azuread.ServicePrincipal,
    azuread.AppRoleAssignment,
    azuread.ServicePrincipalDelegatedPermissionGrant,
    azuread.ApplicationPassword,
    azuread.getClientConfig,
    azuread.getServicePrincipal,
  ];
  await import("../program/entraGraphApps");
}

async function measureProgram(apps: number, perms: number): Promise<Measurement> {
  const raw = benchConfig(apps, perms);
  const tenant = new SimulatedTenant({ now: NOW });
  await pulumi.runtime.setMocks(tenant, "entra-graph-apps", "dev", false);
  await preloadProgramModules();

  const start = performance.now();
  await evaluateProgram(tenant, async () => {
    const { entraGraphApps } = await import("../program/entraGraphApps");
    // Spread: evaluateProgram wants a plain record, StackOutputs is an interface.
    return async () => ({ ...(await entraGraphApps(raw, NOW)) });
  });
  const wallMs = performance.now() - start;

  const resources = tenant.resources.filter((r) => r.custom === true).length;
  return {
    kind: "program",
    apps,
    perms,
    resources,
    totalResources: tenant.resources.length,
    wallMs,
    maxRssKb: maxRssKb(),
  };
}

/** A plain custom resource (the SDK class is abstract); mocks accept any type token. */
class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super("bench:index:Thing", name, { value: name });
  }
}

/** The smallest mocks that accept any resource: echo the inputs back as state. */
const echoMocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
  call: () => ({}),
};

async function measureFloor(apps: number, perms: number, resources: number): Promise<Measurement> {
  const start = performance.now();
  await pulumi.runtime.setMocks(echoMocks, "entra-graph-apps", "dev", false);
  const things: Thing[] = [];
  for (let i = 0; i < resources; i++) things.push(new Thing(`thing-${i}`));
  await Promise.all(things.map((thing) => new Promise((resolve) => thing.id.apply(resolve))));
  await waitForRPCs();
  const wallMs = performance.now() - start;

  return {
    kind: "floor",
    apps,
    perms,
    resources,
    totalResources: resources,
    wallMs,
    maxRssKb: maxRssKb(),
  };
}

/** Same drain as evaluateProgram: the runtime's (untyped) queue of outstanding registrations. */
async function waitForRPCs(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (runtime.waitForRPCs) await runtime.waitForRPCs();
}

function maxRssKb(): number {
  return process.resourceUsage().maxRSS;
}

/** The program's azuread resources for N apps × K permissions, registered directly. */
async function measureAzureadByHand(apps: number, perms: number): Promise<Measurement> {
  const azuread = await import("@pulumi/azuread");
  const permissionIds = graphApplicationPermissions(perms).map(
    (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
  );
  const start = performance.now();
  await pulumi.runtime.setMocks(idMocks, "entra-graph-apps", "dev", false);
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < apps; i++) {
    const name = `app-${i}`;
    const application = new azuread.Application(name, {
      displayName: `Bench App ${i}`,
      owners: ["11111111-0000-0000-0000-000000000000"],
      requiredResourceAccesses: [
        {
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          resourceAccesses: permissionIds.map((id) => ({ id, type: "Role" })),
        },
      ],
    });
    const sp = new azuread.ServicePrincipal(name, {
      clientId: application.clientId,
      owners: ["11111111-0000-0000-0000-000000000000"],
    });
    ids.push(application.id, sp.id);
    for (const appRoleId of permissionIds) {
      ids.push(
        new azuread.AppRoleAssignment(`${name}-${appRoleId}`, {
          appRoleId,
          principalObjectId: sp.objectId,
          resourceObjectId: "graph",
        }).id,
      );
    }
    for (const slot of ["a", "b"]) {
      ids.push(
        new azuread.ApplicationPassword(`${name}-secret-${slot}`, {
          applicationId: application.id,
          endDate: "2027-03-03T00:00:00Z",
        }).id,
      );
    }
  }
  await Promise.all(ids.map((id) => new Promise((resolve) => id.apply(resolve))));
  await waitForRPCs();
  const wallMs = performance.now() - start;
  return {
    kind: "azuread",
    apps,
    perms,
    resources: ids.length,
    totalResources: ids.length,
    wallMs,
    maxRssKb: maxRssKb(),
  };
}

/** Echo mocks that also hand out the object and client IDs later resources read. */
const idMocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({
    id: `${args.name}_id`,
    state: { ...args.inputs, objectId: `${args.name}_oid`, clientId: `${args.name}_cid` },
  }),
  call: () => ({}),
};

async function runWorker(
  kind: WorkerKind,
  apps: number,
  perms: number,
  resources?: number,
): Promise<void> {
  let measurement: Measurement;
  if (kind === "real") {
    measurement = await measureProgram(apps, perms);
  } else if (kind === "azuread") {
    measurement = await measureAzureadByHand(apps, perms);
  } else {
    if (resources === undefined)
      throw new Error("--worker floor needs --resources (the program's custom resource count)");
    measurement = await measureFloor(apps, perms, resources);
  }
  process.stdout.write(JSON.stringify(measurement) + "\n");
}

// ---------------------------------------------------------------- driver (spawns the workers)

/** Runs one worker in a fresh Node process and returns its measurement. */
function spawnWorker(kind: WorkerKind, size: Size, resources?: number): Measurement {
  const args = [
    "-r",
    "ts-node/register/transpile-only",
    __filename,
    "--worker",
    kind,
    "--apps",
    `${size.apps}`,
    "--perms",
    `${size.perms}`,
  ];
  if (resources !== undefined) args.push("--resources", `${resources}`);
  const child = spawnSync(process.execPath, args, {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(
      `worker ${kind} ${sizeLabel(size)} failed (exit ${child.status}):\n${child.stderr}${child.stdout}`,
    );
  }
  const line = child.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line)
    throw new Error(`worker ${kind} ${sizeLabel(size)} printed no measurement:\n${child.stdout}`);
  return JSON.parse(line) as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sizeLabel(size: Size): string {
  return `${size.apps}x${size.perms}`;
}

function toRow(size: Size, runs: Measurement[]): Row {
  const wallMs = median(runs.map((r) => r.wallMs));
  const { kind, resources, totalResources } = runs[0];
  return {
    size: sizeLabel(size),
    kind,
    resources,
    totalResources,
    wallMs,
    msPerResource: wallMs / resources,
    peakRssMb: Math.max(...runs.map((r) => r.maxRssKb)) / 1024,
    ratioToFloor: NaN,
    runsWallMs: runs.map((r) => r.wallMs),
  };
}

/**
 * Program, plain floor and hand-written azuread rows for one size; the floors register as many
 * custom resources as the program did. Ratios are to the plain floor; the azuread row's ratio
 * column shows program / azuread instead (the overhead this project adds).
 */
function measureSize(size: Size, repeat: number): Row[] {
  const runs = (kind: WorkerKind, resources?: number) =>
    Array.from({ length: repeat }, () => spawnWorker(kind, size, resources));
  const program = toRow(size, runs("real"));
  const floor = toRow(size, runs("floor", program.resources));
  const azuread = toRow(size, runs("azuread"));
  program.ratioToFloor = program.wallMs / floor.wallMs;
  floor.ratioToFloor = 1;
  azuread.ratioToFloor = program.wallMs / azuread.wallMs;
  return [program, floor, azuread];
}

function formatTable(rows: Row[]): string {
  const header = ["size", "kind", "resources", "wall ms", "ms/resource", "peak RSS MB", "ratio"];
  const cells = rows.map((r) => [
    r.size,
    r.kind,
    `${r.resources}`,
    r.wallMs.toFixed(1),
    r.msPerResource.toFixed(3),
    r.peakRssMb.toFixed(1),
    r.ratioToFloor.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((text, i) => text.padEnd(widths[i]))
      .join("   ")
      .trimEnd();
  return [line(header), ...cells.map(line)].join("\n");
}

/** Program ms/resource growth from smallest to largest size, and the largest size's ratio to floor. */
function summary(rows: Row[]): string {
  const programs = rows
    .filter((r) => r.kind === "program")
    .sort((a, b) => a.resources - b.resources);
  const smallest = programs[0];
  const largest = programs[programs.length - 1];
  const growth = largest.msPerResource / smallest.msPerResource;
  const byHand = rows.find((r) => r.kind === "azuread" && r.size === largest.size);
  return [
    "ratio: program / plain floor on program and floor rows; program / hand-written azuread on azuread rows.",
    `linear growth: program ms/resource ${largest.size} / ${smallest.size} = ${growth.toFixed(2)} (~1 or below is linear)`,
    `${largest.size}: program / plain floor = ${largest.ratioToFloor.toFixed(2)}, program / hand-written azuread = ${byHand ? byHand.ratioToFloor.toFixed(2) : "n/a"}`,
  ].join("\n");
}

function parseSizes(text: string): Size[] {
  return text.split(",").map((part) => {
    const match = /^(\d+)x(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`bad size "${part}"; expected NxK, e.g. 100x10`);
    return { apps: Number(match[1]), perms: Number(match[2]) };
  });
}

function runDriver(sizes: Size[], repeat: number, json: boolean): void {
  const rows = sizes.flatMap((size) => measureSize(size, repeat));
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    process.stdout.write(`${formatTable(rows)}\n\n${summary(rows)}\n`);
  }
}

// ---------------------------------------------------------------- command line

async function main(): Promise<void> {
  const cli = new Command()
    .name("benchmark")
    .option(
      "--sizes <list>",
      "comma-separated NxK sizes (apps x application permissions)",
      "10x5,100x10,500x10",
    )
    .option("--repeat <n>", "runs per kind and size; the median wall time is reported", "1")
    .option("--json", "print rows as JSON instead of a table")
    .option(
      "--worker <kind>",
      "internal: run one measurement (real | floor | azuread) and print it as JSON",
    )
    .option("--apps <n>", "worker: number of apps")
    .option("--perms <n>", "worker: application permissions per app")
    .option("--resources <n>", "worker floor: custom resources to register")
    .parse(process.argv);
  const opts = cli.opts<{
    sizes: string;
    repeat: string;
    json?: boolean;
    worker?: string;
    apps?: string;
    perms?: string;
    resources?: string;
  }>();

  if (opts.worker !== undefined) {
    if (opts.worker !== "real" && opts.worker !== "floor" && opts.worker !== "azuread") {
      throw new Error(`--worker must be real, floor or azuread, not ${opts.worker}`);
    }
    const resources = opts.resources === undefined ? undefined : Number(opts.resources);
    await runWorker(opts.worker, Number(opts.apps ?? 10), Number(opts.perms ?? 5), resources);
    return;
  }
  const repeat = Number(opts.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`--repeat must be a positive integer, not ${opts.repeat}`);
  runDriver(parseSizes(opts.sizes), repeat, opts.json === true);
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
