// Loads index.ts exactly as `pulumi up` does: Pulumi's own ts-node registration (tsutils picks
// the project's ts-node and TypeScript, type checking on, module/moduleResolution defaulting to
// nodenext unless tsconfig sets them), then runs the program against the simulated tenant with
// Pulumi.<stack>.yaml as config. Prints one JSON line: { apps: [...keys], resources: n }.
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
  const { planStack } = require("../../commands/plan/planStack.ts");
  const { readStackFile } = require("../../stack-files/readStackFile.ts");
  const stack = process.argv[2] || "dev";
  const plan = await planStack(
    readStackFile(`Pulumi.${stack}.yaml`),
    new Date("2026-11-22T00:00:00Z"),
  );
  const resources = plan.apps.reduce((sum, app) => sum + app.resources.length, 0);
  process.stdout.write(JSON.stringify({ apps: plan.apps.map((app) => app.key), resources }) + "\n");
})().catch((error) => {
  process.stderr.write(`${error && error.message}\n`);
  process.exit(1);
});
