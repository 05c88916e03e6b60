// Loads index.ts exactly as `pulumi up` does: Pulumi's own ts-node registration (tsutils picks
// the project's ts-node and TypeScript, type checking off as tsconfig's noCheck says, module/moduleResolution defaulting to
// nodenext unless tsconfig sets them), then runs the program against the simulated tenant with
// Pulumi.<stack>.yaml as config. Prints one JSON line: { apps: [...keys], resources: n,
// promiseStack: what the SDK stored as a new promise's stack once index.ts had loaded }.
// Run as: node tests/support/loadProgramLikePulumi.js <stack>
const path = require("path");
const projectDir = path.join(__dirname, "..", "..");
process.chdir(projectDir);

const tsutils = require("@pulumi/pulumi/tsutils");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const useNodeNext = Number(require(typescriptRequire).version.split(".")[0]) >= 5;
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: {
    target: "ES2020",
    module: useNodeNext ? "nodenext" : "commonjs",
    moduleResolution: useNodeNext ? "nodenext" : "node",
    sourceMap: "true",
    ...compilerOptions,
  },
});

(async () => {
  const pulumi = require("@pulumi/pulumi");
  const { SimulatedTenant } = require("../../tools/tenant/simulatedTenant.ts");
  const { evaluateProgram } = require("../../tools/tenant/evaluateProgram.ts");
  const { readStackFile } = require("../../tools/stack-files/readStackFile.ts");
  const stack = process.argv[2] || "dev";
  pulumi.runtime.setAllConfig(readStackFile(`Pulumi.${stack}.yaml`).pulumiConfig);
  // index.ts reads its clock here, as a dry run on another day would set it.
  process.env.ENTRA_GRAPH_APPS_NOW = "2026-11-22T00:00:00Z";
  const tenant = new SimulatedTenant({ now: new Date(process.env.ENTRA_GRAPH_APPS_NOW) });
  const evaluation = await evaluateProgram(tenant, async () => require("../../index.ts"));
  const resources = tenant.resources.filter((resource) => resource.custom).length;
  const apps = Object.keys(evaluation.resolved.apps.value);
  const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable");
  const promise = Promise.resolve();
  await debuggablePromise(promise, "after the program");
  const promiseStack = promise._debugStackTrace;
  process.stdout.write(JSON.stringify({ apps, resources, promiseStack }) + "\n");
})().catch((error) => {
  process.stderr.write(`${error && error.message}\n`);
  process.exit(1);
});
