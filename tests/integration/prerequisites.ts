/** Finds a command on PATH: its path, or undefined when it is not there. */
export type Which = (command: string) => string | undefined;

/**
 * What the real-tenant integration test needs and this environment lacks, one line each; empty
 * when it can run. It needs the Pulumi CLI on PATH and a service principal the azuread provider
 * can sign in as: ARM_TENANT_ID and ARM_CLIENT_ID with ARM_CLIENT_SECRET or ARM_USE_OIDC=true.
 */
export function integrationPrerequisites(env: NodeJS.ProcessEnv, which: Which): string[] {
  const missing: string[] = [];
  if (!which("pulumi"))
    missing.push(
      "the Pulumi CLI (pulumi) is not on PATH: install it from https://www.pulumi.com/docs/install/",
    );
  const unset = ["ARM_TENANT_ID", "ARM_CLIENT_ID"].filter((name) => !env[name]);
  if (!env.ARM_CLIENT_SECRET && env.ARM_USE_OIDC !== "true")
    unset.push("ARM_CLIENT_SECRET (or ARM_USE_OIDC=true)");
  if (unset.length > 0) {
    missing.push(
      `Azure credentials: ${unset.join(", ")} not set (a service principal allowed to manage app registrations; see docs/deploying.md "Deployer permissions")`,
    );
  }
  return missing;
}

/** The line printed when the integration test cannot run. */
export function skipMessage(missing: string[]): string {
  return [
    "Integration test against a real tenant skipped; missing:",
    ...missing.map((line) => `  - ${line}`),
  ].join("\n");
}
