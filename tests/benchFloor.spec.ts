import { SimulatedTenant } from "../tools/tenant/simulatedTenant";
import { evaluateProgram } from "../tools/tenant/evaluateProgram";
import { BENCH_NOW, benchApps } from "../tools/bench/benchStacks";
import { handWrittenProgram } from "../tools/bench/handWrittenAzuread";
import { checkStartupRun } from "../tools/bench/startup";

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

describe("the start-up phase's check of each run", () => {
  const bare = { resources: 1, loadsAzureNative: false };
  const keyVault = { resources: 6, loadsAzureNative: true };
  const run = (resources: number, azureNativeFiles: number, readyMs: number) => ({
    resources,
    azureNativeFiles,
    readyMs,
  });

  it("accepts a run that registered and loaded what its program should", () => {
    expect(() => checkStartupRun("start-up bare run 1/3", run(1, 0, 310), bare)).not.toThrow();
    expect(() => checkStartupRun("keyVault run 1/3", run(6, 5, 900), keyVault)).not.toThrow();
  });

  it("stops the bench, saying what is wrong, when a run measured something else", () => {
    expect(() => checkStartupRun("start-up bare run 2/3", run(0, 3, 0), bare)).toThrow(
      "start-up bare run 2/3: registered 0 resources, expected 1; loaded 3 azure-native files, expected none; ready time 0 ms is not a measurement",
    );
    expect(() => checkStartupRun("keyVault run 1/3", run(6, 0, 800), keyVault)).toThrow(
      "keyVault run 1/3: loaded 0 azure-native files, expected some",
    );
  });
});
