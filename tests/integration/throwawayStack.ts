import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

const projectDir = path.resolve(__dirname, "..", "..");

/** Top-level entries of the project that the program does not need. */
const notCopied = new Set([
  "node_modules",
  ".git",
  ".github",
  ".ci",
  "tests",
  "bootstrap",
  "coverage",
  ".pulumi",
]);

/**
 * Copies what `pulumi up` needs of the project into `to` (never the repository's own
 * Pulumi.<stack>.yaml files, tests or git data) and links its node_modules.
 */
export function copyProgram(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(from, source);
      const top = relative.split(path.sep)[0];
      return relative === "" || (!notCopied.has(top) && !/^Pulumi\..+\.yaml$/.test(relative));
    },
  });
  fs.symlinkSync(path.join(from, "node_modules"), path.join(to, "node_modules"), "dir");
}

/** A stack of this project in a temporary copy, on a local file backend with passphrase secrets. */
export interface ThrowawayStack {
  stack: Stack;
  stackName: string;
  /** The copy of the project the stack runs (its Pulumi.<stack>.yaml lives here). */
  programDir: string;
  /** What a `pulumi` or `npm run verify` child needs to reach the stack's backend. */
  env: Record<string, string>;
  /** Replaces `entra-graph-apps:apps` (and sets `azuread:tenantId`) in the stack file. */
  setApps(apps: Record<string, unknown>): void;
  /** Deletes the temporary folder, state and passphrase included. */
  removeFiles(): void;
}

/**
 * Copies the program (never the repository's own Pulumi.<stack>.yaml files) into a temp folder,
 * links node_modules, and creates the stack there, so nothing in the working tree changes and no
 * shared backend is touched.
 */
export async function createThrowawayStack(tenantId: string): Promise<ThrowawayStack> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "entra-graph-apps-it-"));
  const programDir = path.join(root, "program");
  const stateDir = path.join(root, "state");
  fs.mkdirSync(stateDir);
  copyProgram(projectDir, programDir);

  const stackName = `it-${Date.now().toString(36)}`;
  const env = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: randomBytes(24).toString("hex"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const stack = await LocalWorkspace.createStack(
    { stackName, workDir: programDir },
    { envVars: env, secretsProvider: "passphrase" },
  );
  const stackFile = path.join(programDir, `Pulumi.${stackName}.yaml`);
  return {
    stack,
    stackName,
    programDir,
    env,
    setApps(apps) {
      // `stack init` wrote the passphrase salt into the stack file; keep it, replace the config.
      const settings =
        (fs.existsSync(stackFile) ? parse(fs.readFileSync(stackFile, "utf8")) : null) ?? {};
      settings.config = {
        ...(settings.config ?? {}),
        "azuread:tenantId": tenantId,
        "entra-graph-apps:apps": apps,
      };
      fs.writeFileSync(stackFile, stringify(settings));
    },
    removeFiles() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
