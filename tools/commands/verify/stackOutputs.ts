import { spawnSync } from "child_process";
import * as fs from "fs";

/** One deployed app, as the stack outputs `apps` and `clientSecrets` describe it. */
export interface DeployedApp {
  key: string;
  clientId: string;
  tenantId: string;
  /** RFC 3339 end of the current client secret, when the app has one. */
  clientSecretExpiresOn?: string;
  /** The current client secret (from `clientSecrets`), when the app has one. */
  clientSecret?: string;
}

/** The Pulumi CLI is not on PATH. */
export class PulumiCliMissingError extends Error {}

/** The outputs could not be read or are not what this project's program exports. */
export class OutputsError extends Error {}

/** The exact command whose JSON `verify` reads; also what to run to save an `--outputs` file. */
export function outputsCommand(stack: string): string[] {
  return ["stack", "output", "--json", "--show-secrets", "--stack", stack];
}

/**
 * Runs `pulumi stack output --json --show-secrets --stack <stack>` in the project folder. Its
 * stdout holds secrets, so it is parsed and never echoed, not even in an error.
 */
export function readOutputsWithCli(
  stack: string,
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Map<string, DeployedApp> {
  const result = spawnSync("pulumi", outputsCommand(stack), {
    cwd: projectDir,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new PulumiCliMissingError(
      [
        "verify: the Pulumi CLI (pulumi) is not on PATH, so the stack outputs cannot be read.",
        "  Install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend, or, where the CLI is available, save",
        `  the outputs with: pulumi ${outputsCommand(stack).join(" ")} > outputs.json`,
        `  and run: npm run verify -- --stack ${stack} --outputs outputs.json (or use --from-env with GRAPH_* variables).`,
      ].join("\n"),
    );
  }
  if (result.error) throw new OutputsError(`verify: could not run pulumi: ${result.error.message}`);
  if (result.status !== 0) {
    const reason = (result.stderr ?? "").trim().split("\n").slice(0, 5).join("\n  ");
    throw new OutputsError(
      `verify: pulumi ${outputsCommand(stack).join(" ")} failed (exit ${result.status}):\n  ${reason || "(no message)"}\n` +
        "  Is the stack's backend logged in (pulumi login, or PULUMI_BACKEND_URL) and the stack deployed?",
    );
  }
  return parseStackOutputs(result.stdout, `the outputs of stack ${stack}`);
}

/** Reads a file saved with `pulumi stack output --json --show-secrets`; `label` names it in messages. */
export function readOutputsFile(file: string, label = file): Map<string, DeployedApp> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new OutputsError(
      `verify: cannot read --outputs ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseStackOutputs(text, label);
}

/** Checks the JSON against this program's outputs contract (`apps`, secret `clientSecrets`). */
export function parseStackOutputs(text: string, source: string): Map<string, DeployedApp> {
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new OutputsError(
      `verify: ${source} is not JSON; expected what pulumi stack output --json --show-secrets prints`,
    );
  }
  if (!isMap(outputs) || !isMap(outputs.apps)) {
    throw new OutputsError(
      `verify: ${source} has no \`apps\` output; is this a stack of entra-graph-apps, and has pulumi up run?`,
    );
  }
  const secrets = outputs.clientSecrets;
  if (typeof secrets === "string") {
    throw new OutputsError(
      `verify: in ${source}, clientSecrets is ${JSON.stringify(secrets)}: save the outputs with --show-secrets`,
    );
  }
  if (secrets !== undefined && !isMap(secrets))
    throw new OutputsError(`verify: in ${source}, clientSecrets is not a map of app key to secret`);
  const apps = new Map<string, DeployedApp>();
  for (const [key, value] of Object.entries(outputs.apps)) {
    if (!isMap(value) || typeof value.clientId !== "string" || typeof value.tenantId !== "string") {
      throw new OutputsError(`verify: in ${source}, apps.${key} lacks clientId or tenantId`);
    }
    const secret = secrets?.[key];
    apps.set(key, {
      key,
      clientId: value.clientId,
      tenantId: value.tenantId,
      ...(typeof value.clientSecretExpiresOn === "string"
        ? { clientSecretExpiresOn: value.clientSecretExpiresOn }
        : {}),
      ...(typeof secret === "string" ? { clientSecret: secret } : {}),
    });
  }
  return apps;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
