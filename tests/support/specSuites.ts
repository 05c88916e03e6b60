// npm test's Jest files are the suites in tests/suites/, not the specs themselves.
//
// Jest gives every test file a module registry of its own, so with one file per spec each of the
// 81 specs loaded @pulumi/pulumi, zod, the program and Jest's own per-file set-up again: about
// 20 s of CPU on this 2-core machine, a quarter of the Jest run. A suite loads its specs into one
// registry instead, each inside a describe block named after its file: a spec's top-level
// beforeAll/afterAll hooks run around its own tests only, in file order, exactly as when it was a
// file of its own. What specs share is module state, which is none of their business: specs set
// up Pulumi's mocks, clocks and servers per test (tools/tenant/registration.ts installs the mocks
// for each evaluation), and nothing in the project keeps state beyond read-only caches.
//
// Every tests/*.spec.ts belongs to exactly one suite below. A spec in none or in two, a spec in a
// subfolder, or a *.test.ts outside tests/suites/ (and the integration and engine suites, which
// have Jest configs of their own) fails every suite with its name: no test can silently not run.
import * as fs from "fs";
import * as path from "path";

const TESTS = path.join(__dirname, "..");
const SELF = "tests/support/specSuites.ts";

export const SPEC_SUITES = {
  // Adopt, drift, review, expiry and catalog: the commands that read exports, state and stacks.
  commands: [
    "adoptCli",
    "adoptConfig",
    "adoptLive",
    "adoptRefusals",
    "adoptSeeds",
    "adoptStackFile",
    "adoptWalkthrough",
    "catalog",
    "catalogScript",
    "cli",
    "driftFindings",
    "driftHostile",
    "driftInput",
    "driftLive",
    "driftWorkflow",
    "workLimits",
    "expiry",
    "expiryInput",
    "outputEscaping",
    "outputEscapingGenerated",
    // After the specs that load adopt and plan: they measure their own work, not loading.
    "adoptNextSteps",
    "guardrailFix",
  ],
  // Review: the config and deployed levels, git sides, the trusted gate. Its own suite so that
  // Jest's two workers share the longest group of specs.
  review: [
    "review",
    "reviewBypasses",
    "reviewCli",
    "reviewDeployed",
    "reviewDeployedGenerated",
    "reviewGains",
    "reviewGit",
    "reviewGuardrails",
    "reviewImmutableSubjects",
    "reviewTrusted",
    // After the specs that load review: it measures its own work, not loading.
    "reviewBase",
  ],
  // Stack config and the bootstrap project's.
  config: [
    "appManagementPolicy",
    "bootstrap",
    "bootstrapConfig",
    "bootstrapIdentities",
    "config",
    "configDefaults",
    "configParsing",
    "configProviderRules",
    "configResourceNames",
    "configSchema",
    "exchangeScope",
    "federatedCredentials",
    "githubSubjects",
    "hostileInput",
    "hostileProperty",
    "nameLimits",
    "providerRules",
    "redaction",
    "resolvePermissions",
    "secretSchedule",
    "stackConfigLoader",
    "secretShapes",
  ],
  // The simulated tenant, the Entra emulator, Graph reads and verify against them.
  graph: [
    "emulator",
    "emulatorGithubSubjects",
    "emulatorGraph",
    "graphReader",
    "simulatedTenant",
    "simulatedTenantGraph",
    "tenantCredentialPolicy",
    "verifyBuildingBlocks",
    "verifyCli",
    "verifyDeployer",
    "verifyDeployerStack",
    "verifyFromEnv",
    "verifyGithubToken",
    "verifyNetwork",
    "verifyStack",
    "verifyTargets",
    "verifyUsage",
  ],
  // The GitOps workflows and the guardrail policy pack they run.
  pipeline: [
    "deployWorkflows",
    "pipelineEnvironments",
    "pipelinePreflight",
    "pipelineRuns",
    "pipelineSecurity",
    "policy",
    "policyAppRegistration",
    "policyPack",
    "policyStack",
    "policyUnknowns",
    "workflows",
  ],
  // The Pulumi program, its components and plan.
  program: [
    "components",
    "componentsAdoption",
    "componentsLibrary",
    "credentials",
    "examples",
    "plan",
    "planTenantPolicy",
    "program",
    "programOutputs",
    "programProviderRefusals",
    "programRefusals",
    "rotation",
    "rotationGate",
    "secondRun",
    "stackOutputs",
    "typescriptProgramExample",
  ],
  // npm test's own machinery, the benchmark and Pulumi's loading of index.ts.
  tooling: [
    "temporaryFolders",
    "dependencyRules",
    "docFiles",
    "docLinks",
    "benchFloor",
    "integrationSkip",
    "promiseStacks",
    "pulumiEntry",
    "runScripts",
    "specSuites",
    "tsNodeRegistrations",
    "typesAndLint",
  ],
} as const;

export type SuiteName = keyof typeof SPEC_SUITES;

/** Test files under `dir`, relative to `testsDir`: *.spec.ts and *.test.ts at any depth. */
function testFiles(testsDir: string, dir = testsDir): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(testsDir, file));
    else if (/\.(spec|test)\.ts$/.test(entry.name)) found.push(path.relative(testsDir, file));
  }
  return found;
}

/**
 * Jest files run by their own configs: `npm run test:integration`, `npm run test:engine` and
 * `npm run test:loader-parity`.
 */
const OWN_CONFIGS = ["integration", "engine", "loaderParity"];

/** What is wrong with `suites` against the test files in `testsDir`, one line per problem. */
export function suiteProblems(
  suites: Record<string, readonly string[]>,
  testsDir: string = TESTS,
): string[] {
  const problems: string[] = [];
  const specs: string[] = [];
  for (const file of testFiles(testsDir).sort()) {
    const [top] = file.split(path.sep);
    if (file.endsWith(".spec.ts") && !file.includes(path.sep)) {
      specs.push(file.slice(0, -".spec.ts".length));
    } else if (file.endsWith(".spec.ts")) {
      problems.push(`tests/${file} is not run: specs live directly in tests/`);
    } else if (top !== "suites" && !OWN_CONFIGS.includes(top)) {
      problems.push(
        `tests/${file} is not run: npm test's Jest runs tests/suites/ only; name it .spec.ts in tests/ and add it to a suite in ${SELF}`,
      );
    }
  }
  const suitesOf = new Map<string, string[]>();
  for (const [suite, names] of Object.entries(suites)) {
    for (const spec of names) suitesOf.set(spec, [...(suitesOf.get(spec) ?? []), suite]);
  }
  for (const spec of specs) {
    const found = suitesOf.get(spec) ?? [];
    if (found.length === 0)
      problems.push(`tests/${spec}.spec.ts is in no suite: add it to one in ${SELF}`);
    if (found.length > 1)
      problems.push(
        `tests/${spec}.spec.ts is in ${found.length} suites (${found.join(", ")}): keep one`,
      );
  }
  for (const spec of suitesOf.keys()) {
    if (!specs.includes(spec))
      problems.push(`${SELF} names tests/${spec}.spec.ts, which does not exist`);
  }
  return problems;
}

/** Loads the suite's specs, each in a describe block named after its file. */
export function runSuite(name: SuiteName): void {
  const problems = suiteProblems(SPEC_SUITES);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  for (const spec of SPEC_SUITES[name]) {
    describe(`${spec}.spec.ts`, () => {
      // Synchronously, inside the block: Jest collects the spec's tests and hooks into it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(TESTS, `${spec}.spec`));
    });
  }
}
