import * as fs from "fs";
import { DEFAULT_AUDIENCE } from "../../credentials/federatedCredential";
import { ClientCredential } from "./graphToken";

/** The identity `pulumi up` runs as, read from the variables the azuread provider reads. */
export interface DeployerIdentity {
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** Which variables supplied the credential, for the report. */
  source: string;
}

/** Why the preflight cannot sign in as the deployer; it is skipped, not failed. */
export interface DeployerSkip {
  skip: string;
}

/**
 * The deployer's service principal credentials from ARM_TENANT_ID and ARM_CLIENT_ID with one of
 * ARM_CLIENT_SECRET, ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, or ARM_USE_OIDC=true inside GitHub
 * Actions (a job with `id-token: write`). Anything else (az login as a person, managed identity)
 * is a skip with the reason.
 */
export function deployerIdentity(env: NodeJS.ProcessEnv): DeployerIdentity | DeployerSkip {
  const tenantId = env.ARM_TENANT_ID;
  const clientId = env.ARM_CLIENT_ID;
  const missing = [!tenantId && "ARM_TENANT_ID", !clientId && "ARM_CLIENT_ID"].filter(Boolean);
  if (missing.length > 0) {
    return {
      skip:
        `no service principal in the environment (${missing.join(" and ")} not set). Set ARM_TENANT_ID and ARM_CLIENT_ID with ` +
        "ARM_CLIENT_SECRET, ARM_OIDC_TOKEN or ARM_USE_OIDC=true (GitHub Actions). A person signed in with az login needs the " +
        "Cloud Application Administrator or Privileged Role Administrator role instead, which a token's roles claim does not show",
    };
  }
  const ids = { tenantId: tenantId!, clientId: clientId! };
  if (env.ARM_CLIENT_SECRET)
    return {
      ...ids,
      credential: { kind: "secret", secret: env.ARM_CLIENT_SECRET },
      source: "ARM_CLIENT_SECRET",
    };
  if (env.ARM_OIDC_TOKEN) {
    const token = env.ARM_OIDC_TOKEN;
    return {
      ...ids,
      credential: { kind: "assertion", assertion: async () => token },
      source: "ARM_OIDC_TOKEN",
    };
  }
  if (env.ARM_OIDC_TOKEN_FILE_PATH) {
    const file = env.ARM_OIDC_TOKEN_FILE_PATH;
    return {
      ...ids,
      credential: {
        kind: "assertion",
        assertion: async () => fs.readFileSync(file, "utf8").trim(),
      },
      source: "ARM_OIDC_TOKEN_FILE_PATH",
    };
  }
  const requestUrl = env.ARM_OIDC_REQUEST_URL ?? env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ARM_OIDC_REQUEST_TOKEN ?? env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (env.ARM_USE_OIDC === "true" && requestUrl && requestToken) {
    return {
      ...ids,
      credential: { kind: "assertion", assertion: () => githubIdToken(requestUrl, requestToken) },
      source: "GitHub Actions OIDC",
    };
  }
  return {
    skip:
      env.ARM_USE_OIDC === "true"
        ? "ARM_USE_OIDC is true but no GitHub Actions token endpoint is available (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN); give the job `permissions: id-token: write`"
        : "ARM_CLIENT_ID is set without a credential: set ARM_CLIENT_SECRET, ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or ARM_USE_OIDC=true",
  };
}

/** Asks GitHub Actions for the job's OIDC token, addressed to Entra's token exchange. */
async function githubIdToken(requestUrl: string, requestToken: string): Promise<string> {
  const url = new URL(requestUrl);
  // The audience Entra's token exchange expects.
  url.searchParams.set("audience", DEFAULT_AUDIENCE);
  const response = await fetch(url, {
    headers: { Authorization: `bearer ${requestToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { value?: unknown };
  if (!response.ok || typeof body.value !== "string") {
    throw new Error(
      `GitHub Actions did not issue an OIDC token (HTTP ${response.status}); does the job have id-token: write?`,
    );
  }
  return body.value;
}
