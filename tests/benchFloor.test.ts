import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SimulatedTenant } from "../tools/tenant/simulatedTenant";
import { evaluateProgram } from "../tools/tenant/evaluateProgram";
import { BENCH_NOW, benchApps, benchPulumiConfig } from "../tools/bench/benchStacks";
import { handWrittenProgram } from "../tools/bench/handWrittenAzuread";
import { writeBareProgram } from "../tools/bench/bareProgram";

/** Custom resources as the tenant received them: type, name and exact inputs, sorted. */
async function customResources(
  program: () => Promise<Record<string, unknown>>,
): Promise<{ type: string; name: string; inputs: unknown }[]> {
  const tenant = new SimulatedTenant({ now: BENCH_NOW });
  await evaluateProgram(tenant, async () => program);
  return tenant.resources
    .filter((resource) => resource.custom)
    .map((resource) => ({ type: resource.type, name: resource.name, inputs: resource.inputs }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

describe("the benchmark's hand-written floor", () => {
  it("registers exactly the program's custom resources, with the same inputs, on the same tenant", async () => {
    const { entraGraphApps } = await import("../program/entraGraphApps");
    const raw = { apps: benchApps({ apps: 3, perms: 4 }) };
    const program = await customResources(async () => ({
      ...(await entraGraphApps(raw, BENCH_NOW)),
    }));
    const byHand = await customResources(handWrittenProgram(3, 4));
    expect(program).toHaveLength(3 * (2 + 4 + 2));
    expect(byHand).toEqual(program);
  });
});

describe("what the start-up phase compares", () => {
  it("loads azure-native's keyvault module only when an app keeps a Key Vault copy", async () => {
    // In-process: Jest calls the factory when the module is first required (nothing before in
    // this file loads it); the worker's own count is checked below with the copy.
    let keyvaultLoads = 0;
    jest.doMock("@pulumi/azure-native/keyvault", () => {
      keyvaultLoads += 1;
      return jest.requireActual("@pulumi/azure-native/keyvault");
    });
    const { entraGraphApps } = await import("../program/entraGraphApps");
    const run = (keyVault: boolean) =>
      customResources(async () => ({
        ...(await entraGraphApps({ apps: benchApps({ apps: 1, perms: 1, keyVault }) }, BENCH_NOW)),
      }));
    const withoutCopy = await run(false);
    expect(keyvaultLoads).toBe(0);
    expect(withoutCopy).toHaveLength(2 + 1 + 2);
    const withCopy = await run(true);
    expect(keyvaultLoads).toBe(1);
    expect(withCopy.map((resource) => resource.type)).toContain("azure-native:keyvault:Secret");
    expect(withCopy).toHaveLength(2 + 1 + 2 + 1);
  });
});

describe("the benchmark's start-up worker (two processes)", () => {
  const worker = path.join(__dirname, "..", "tools", "bench", "startupWorker.js");
  let runs = 0;
  const run = (dir: string, config: Record<string, string>) => {
    const file = path.join(bare, `config-${++runs}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    const result = spawnSync(process.execPath, [worker, dir, file], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toBe("");
    return JSON.parse(result.stdout);
  };
  let bare: string;
  beforeAll(() => {
    bare = writeBareProgram();
  });
  afterAll(() => fs.rmSync(bare, { recursive: true, force: true }));

  it("loads the bare azuread program as Pulumi's host does and runs it (one resource)", () => {
    const result = run(bare, {});
    expect(result.resources).toBe(1);
    expect(result.readyMs).toBeGreaterThan(0);
    expect(result.azureNativeFiles).toBe(0);
  });

  it("loads index.ts as Pulumi's host does and counts the azure-native files a Key Vault copy loads", () => {
    const root = path.join(__dirname, "..");
    const withCopy = run(root, benchPulumiConfig({ apps: 1, perms: 1, keyVault: true }));
    expect(withCopy.resources).toBe(2 + 1 + 2 + 1);
    expect(withCopy.azureNativeFiles).toBeGreaterThan(0);
  }, 60_000);
});
