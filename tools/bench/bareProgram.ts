/**
 * The start-up floor: a bare one-resource azuread TypeScript program, as `pulumi new` would lay
 * it out, in a temporary folder with its own tsconfig (noCheck true, so Pulumi's host transpiles
 * only, as for this project) and this project's node_modules linked in (same SDK, same ts-node
 * and TypeScript). Its exported function creates one `azuread.Application`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "./spawnWorker";

const INDEX_TS = `import * as azuread from "@pulumi/azuread";

export = async () => {
  const app = new azuread.Application("bare", { displayName: "Bare App" });
  return { clientId: app.clientId };
};
`;

/** tsconfig of `pulumi new azure-typescript`, plus noCheck. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    noCheck: true,
  },
  files: ["index.ts"],
};

/** Writes the bare program into a new temporary folder and returns the folder. */
export function writeBareProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-bare-azuread-"));
  fs.writeFileSync(path.join(dir, "index.ts"), INDEX_TS);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2) + "\n");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "bare-azuread", main: "index.ts", private: true }, null, 2) + "\n",
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: bare-azuread\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
