import * as fs from "fs";
import { DEFAULT_AUDIENCE } from "../../../program/credentials/federatedCredential";
import { AuthorityError, AuthorityHost, authorityHost, PUBLIC_CLOUD_HOST } from "./authority";
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
 * A boolean ARM_* variable as the provider reads it (Go's strconv.ParseBool): `true`, `True`,
 * `TRUE`, `t`, `T` or `1`. Anything else, unset included, is false.
 */
export function armFlag(value: string | undefined): boolean {
  return value !== undefined && ["1", "t", "T", "true", "True", "TRUE"].includes(value);
}

/**
 * The deployer's service principal credentials, chosen as the azuread provider chooses them:
 * ARM_TENANT_ID and ARM_CLIENT_ID with ARM_CLIENT_SECRET; or, only when ARM_USE_OIDC is true,
 * ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or the GitHub Actions job token (a job with
 * `id-token: write`). The provider ignores an OIDC token unless ARM_USE_OIDC is true, so the
 * preflight does too. Anything else (az login as a person, managed identity) is a skip with the
 * reason. `fetchFn` (the global fetch by default) asks GitHub Actions for its token.
 */
export function deployerIdentity(
  env: NodeJS.ProcessEnv,
  fetchFn: typeof fetch = fetch,
): DeployerIdentity | DeployerSkip {
  const tenantId = env.ARM_TENANT_ID;
  const clientId = env.ARM_CLIENT_ID;
  const missing = [!tenantId && "ARM_TENANT_ID", !clientId && "ARM_CLIENT_ID"].filter(Boolean);
  if (missing.length > 0) {
    return {
      skip:
        `no service principal in the environment (${missing.join(" and ")} not set). Set ARM_TENANT_ID and ARM_CLIENT_ID with ` +
        "ARM_CLIENT_SECRET, or with ARM_USE_OIDC=true (in GitHub Actions, or with ARM_OIDC_TOKEN). A person signed in with az login needs the " +
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
  const useOidc = armFlag(env.ARM_USE_OIDC);
  if (!useOidc) {
    const ignored = ["ARM_OIDC_TOKEN", "ARM_OIDC_TOKEN_FILE_PATH"].filter((name) => env[name]);
    return {
      skip:
        ignored.length > 0
          ? `${ignored.join(" and ")} ${ignored.length > 1 ? "are" : "is"} set but ARM_USE_OIDC is not true: the azuread provider ignores an OIDC token without it (and signs in some other way, such as the Azure CLI's account). Set ARM_USE_OIDC=true`
          : "ARM_CLIENT_ID is set without a credential: set ARM_CLIENT_SECRET, or ARM_USE_OIDC=true with ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or a GitHub Actions job token (id-token: write)",
    };
  }
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
  if (requestUrl && requestToken) {
    return {
      ...ids,
      credential: {
        kind: "assertion",
        assertion: () => githubIdToken(requestUrl, requestToken, fetchFn),
      },
      source: "GitHub Actions OIDC",
    };
  }
  return {
    skip: "ARM_USE_OIDC is true but no GitHub Actions token endpoint is available (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN); give the job `permissions: id-token: write`",
  };
}

/** A national cloud: where its tokens come from and Graph's scope there. */
export interface ArmCloud {
  /** The canonical name (the provider accepts the aliases in CLOUD_ALIASES too). */
  name: "public" | "usgovernment" | "dod" | "china";
  loginOrigin: string;
  graphScope: string;
}

const CLOUDS: Record<ArmCloud["name"], Omit<ArmCloud, "name">> = {
  public: {
    loginOrigin: PUBLIC_CLOUD_HOST,
    graphScope: "https://graph.microsoft.com/.default",
  },
  usgovernment: {
    loginOrigin: "https://login.microsoftonline.us",
    graphScope: "https://graph.microsoft.us/.default",
  },
  // US Government L5 (DoD): the same login host, Graph on its own host.
  dod: {
    loginOrigin: "https://login.microsoftonline.us",
    graphScope: "https://dod-graph.microsoft.us/.default",
  },
  china: {
    loginOrigin: "https://login.chinacloudapi.cn",
    graphScope: "https://microsoftgraph.chinacloudapi.cn/.default",
  },
};

/**
 * ARM_ENVIRONMENT values and the cloud each names: azure-native takes `public`, `usgovernment`
 * and `china`; azuread also `global`, `usgovernmentl4`, `usgovernmentl5` and `dod`. Any case.
 */
const CLOUD_ALIASES: Record<string, ArmCloud["name"]> = {
  public: "public",
  global: "public",
  usgovernment: "usgovernment",
  usgovernmentl4: "usgovernment",
  usgovernmentl5: "dod",
  dod: "dod",
  china: "china",
};

/** The cloud ARM_ENVIRONMENT names, undefined when it is unset or empty. */
export function armCloud(env: NodeJS.ProcessEnv): ArmCloud | undefined {
  const value = env.ARM_ENVIRONMENT?.trim();
  if (!value) return undefined;
  const name = CLOUD_ALIASES[value.toLowerCase()];
  if (!name) {
    throw new AuthorityError(
      `verify: ARM_ENVIRONMENT=${JSON.stringify(value)} is not a cloud the providers know; use public, usgovernment or china (azuread also takes global, usgovernmentl4, usgovernmentl5 and dod)`,
    );
  }
  return { name, ...CLOUDS[name] };
}

/**
 * Where the deployer's token comes from. The provider signs in to the cloud ARM_ENVIRONMENT
 * names, so when it is set the preflight does too: its login host and its Graph scope. An
 * `--authority-host` naming another login host contradicts it and is refused; without
 * ARM_ENVIRONMENT the given authority (public cloud by default) stands.
 */
export function deployerAuthority(
  env: NodeJS.ProcessEnv,
  given: AuthorityHost,
): { authority: AuthorityHost; cloud?: ArmCloud } {
  const cloud = armCloud(env);
  if (!cloud) return { authority: given };
  if (given.origin !== PUBLIC_CLOUD_HOST && given.origin !== cloud.loginOrigin) {
    throw new AuthorityError(
      `verify: --authority-host ${given.origin} contradicts ARM_ENVIRONMENT=${env.ARM_ENVIRONMENT!.trim()}, whose tokens come from ${cloud.loginOrigin} (where the provider signs in); drop --authority-host or correct ARM_ENVIRONMENT`,
    );
  }
  return { authority: authorityHost(cloud.loginOrigin, cloud.graphScope), cloud };
}

/**
 * Asks GitHub Actions for the job's OIDC token, addressed to Entra's token exchange, as
 * azure/login does (@actions/core getIDToken: `&audience=` on ACTIONS_ID_TOKEN_REQUEST_URL, the
 * request token as a bearer token, the JWT in the answer's `value`).
 */
export async function githubIdToken(
  requestUrl: string,
  requestToken: string,
  fetchFn: typeof fetch,
): Promise<string> {
  const url = new URL(requestUrl);
  // The audience Entra's token exchange expects.
  url.searchParams.set("audience", DEFAULT_AUDIENCE);
  const response = await fetchFn(url, {
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
