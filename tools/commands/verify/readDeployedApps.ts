import { spawnSync } from "child_process";
import {
  OutputsSource,
  StackOutputsError,
  parseStackOutputs,
  readOutputsFile as readFile,
} from "../readStackOutputs";
import {
  appOutputsSchema,
  clientSecretsSchema,
  outputsWithApps,
} from "../../../program/stackOutputs";

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
  if (result.error) {
    throw new StackOutputsError(`verify: could not run pulumi: ${result.error.message}`, 2);
  }
  if (result.status !== 0) {
    const reason = (result.stderr ?? "").trim().split("\n").slice(0, 5).join("\n  ");
    throw new StackOutputsError(
      `verify: pulumi ${outputsCommand(stack).join(" ")} failed (exit ${result.status}):\n  ${reason || "(no message)"}\n` +
        "  Is the stack's backend logged in (pulumi login, or PULUMI_BACKEND_URL) and the stack deployed?",
      2,
    );
  }
  return deployedApps(result.stdout, {
    command: "verify",
    source: `the outputs of stack ${stack}`,
    fix: "is this an entra-graph-apps stack, and has `pulumi up` run?",
  });
}

/** Reads a file saved with `pulumi stack output --json --show-secrets`; `label` names it in messages. */
export function readOutputsFile(
  file: string,
  label = file,
  stack = "<stack>",
): Map<string, DeployedApp> {
  const from = {
    command: "verify",
    source: label,
    fix: `save the outputs with \`pulumi ${outputsCommand(stack).join(" ")} > ${label}\``,
  };
  return deployedApps(readFile(file, from), from);
}

/** What verify reads of the outputs: each app's IDs and secret end, and the secrets. */
const verifyOutputsSchema = outputsWithApps(
  appOutputsSchema.pick({ clientId: true, tenantId: true, clientSecretExpiresOn: true }),
).extend({ clientSecrets: clientSecretsSchema.optional() });

/** The deployed apps, by key, from outputs JSON (`apps` and the secret `clientSecrets`). */
export function deployedApps(text: string, from: OutputsSource): Map<string, DeployedApp> {
  const outputs = parseStackOutputs(text, verifyOutputsSchema, from);
  return new Map(
    Object.entries(outputs.apps).map(([key, app]) => {
      const secret = outputs.clientSecrets?.[key];
      return [
        key,
        {
          key,
          clientId: app.clientId,
          tenantId: app.tenantId,
          ...(app.clientSecretExpiresOn
            ? { clientSecretExpiresOn: app.clientSecretExpiresOn }
            : {}),
          ...(secret !== undefined ? { clientSecret: secret } : {}),
        },
      ];
    }),
  );
}
