// One start-up measurement in a fresh process (plain JavaScript, so nothing is registered before
// Pulumi's own ts-node registration runs). It does what the nodejs language host does for
// `pulumi up` (node_modules/@pulumi/pulumi/cmd/run/index.js and run.js): load the SDK's runner
// modules, chdir to the program, register ts-node with tsutils' compiler options (transpileOnly
// from tsconfig's noCheck, target/module defaults under the tsconfig's own options), require the
// program and take its exported function. Then, untimed, it loads the simulated tenant and
// installs it as Pulumi's mock runtime, and times one run of the program function until every
// registration is done (lazily loaded modules such as azure-native land there).
//
// Run as: node tools/bench/startupWorker.js <program dir> <config.json>
// Prints one JSON line: { readyMs, readyCpuMs, runMs, runCpuMs, resources, azureNativeFiles,
// maxRssKb } (wall and CPU milliseconds).
"use strict";
const { performance } = require("perf_hooks");
const path = require("path");
const fs = require("fs");

const [programDir, configFile] = process.argv.slice(2);
const projectRoot = path.resolve(__dirname, "..", "..");

function loadLikeThePulumiHost() {
  // cmd/run/index.js: instrumentation first, source maps, the log and settings; run.js: the rest.
  require("@pulumi/pulumi/cmd/run/instrumentation");
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  require(require.resolve("source-map-support/register", { paths: [pulumiDir] }));
  require("@pulumi/pulumi/log");
  require("@pulumi/pulumi/runtime/settings");
  require("@pulumi/pulumi/runtime/stack");
  const tsutils = require("@pulumi/pulumi/tsutils");

  process.chdir(programDir); // run.js: --pwd
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const ts = require(typescriptRequire);
  const useNodeNext = Number(ts.version.split(".")[0]) >= 5;
  require(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: compilerOptions.noCheck,
    project: "tsconfig.json",
    skipProject: !fs.existsSync("tsconfig.json"),
    compilerOptions: {
      target: "ES2020",
      module: useNodeNext ? "nodenext" : "commonjs",
      moduleResolution: useNodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
  const exported = require(path.join(programDir, "index.ts"));
  const program = typeof exported === "function" ? exported : exported.default;
  if (typeof program !== "function") throw new Error(`${programDir}/index.ts exports no function`);
  return program;
}

async function main() {
  const program = loadLikeThePulumiHost();
  const readyMs = performance.now(); // ms since the process started (performance.timeOrigin)
  const readyCpu = process.cpuUsage(); // CPU time since the process started

  const pulumi = require("@pulumi/pulumi");
  const { SimulatedTenant } = require(path.join(projectRoot, "tools", "tenant", "simulatedTenant.ts"));
  const { evaluateProgram } = require(path.join(projectRoot, "tools", "tenant", "evaluateProgram.ts"));
  pulumi.runtime.setAllConfig(JSON.parse(fs.readFileSync(configFile, "utf8")));
  process.env.ENTRA_GRAPH_APPS_NOW = "2026-11-22T00:00:00Z";
  const tenant = new SimulatedTenant({ now: new Date(process.env.ENTRA_GRAPH_APPS_NOW) });

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  // Lookups through protobuf, as `pulumi up`'s host decodes them.
  await evaluateProgram(tenant, async () => program, "dev", { protobufLookups: true });
  const runMs = performance.now() - start;
  const runCpu = process.cpuUsage(cpuStart);
  const resources = tenant.resources.filter((resource) => resource.custom).length;
  const azureNativeFiles = Object.keys(require.cache).filter((file) =>
    file.includes(`${path.sep}@pulumi${path.sep}azure-native${path.sep}`),
  ).length;
  const maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(
    JSON.stringify({
      readyMs,
      readyCpuMs: (readyCpu.user + readyCpu.system) / 1000,
      runMs,
      runCpuMs: (runCpu.user + runCpu.system) / 1000,
      resources,
      azureNativeFiles,
      maxRssKb,
    }) + "\n",
  );
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exit(1);
});
