import type { TokenCredential } from "@azure/identity";
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
} from "@azure/identity";
import { deployerIdentity } from "../commands/verify/deployerIdentity";
import { GraphCloud } from "./cloud";
import { fetchHttpClient } from "./fetchHttpClient";

/** The identity the reader signs in as, and where it came from (for messages). */
export interface GraphIdentity {
  credential: TokenCredential;
  /** E.g. `AZURE_CLIENT_SECRET`, `GitHub Actions OIDC`, `DefaultAzureCredential`. */
  source: string;
}

/**
 * Chooses the sign-in from `env` (the command's, so a test passes its own), in this order:
 * 1. AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (the Azure SDK's environment
 *    credential);
 * 2. the service principal the azuread provider would use: ARM_TENANT_ID and ARM_CLIENT_ID with
 *    ARM_CLIENT_SECRET, or with ARM_USE_OIDC=true and an OIDC token (ARM_OIDC_TOKEN, its file, or
 *    the GitHub Actions job token), so a pipeline job reads Graph as the identity it deploys with;
 * 3. otherwise `DefaultAzureCredential`: a certificate or workload identity in AZURE_*
 *    variables, managed identity, then the Azure CLI (`az login`), Azure Developer CLI and
 *    Azure PowerShell sign-ins.
 * Every request goes through `fetchFn`; the login host is the cloud's.
 */
export function graphIdentity(
  env: NodeJS.ProcessEnv,
  cloud: GraphCloud,
  fetchFn: typeof fetch,
): GraphIdentity {
  const options = {
    authorityHost: cloud.authority.origin,
    httpClient: fetchHttpClient(fetchFn),
    // Sovereign clouds and local stand-ins are never looked up in the public cloud.
    disableInstanceDiscovery: cloud.authority.knownAuthorities.length > 0,
  };
  if (env.AZURE_TENANT_ID && env.AZURE_CLIENT_ID && env.AZURE_CLIENT_SECRET) {
    return {
      credential: new ClientSecretCredential(
        env.AZURE_TENANT_ID,
        env.AZURE_CLIENT_ID,
        env.AZURE_CLIENT_SECRET,
        options,
      ),
      source: "AZURE_CLIENT_SECRET",
    };
  }
  const deployer = deployerIdentity(env, fetchFn);
  if ("credential" in deployer) {
    const { tenantId, clientId, credential } = deployer;
    return {
      credential:
        credential.kind === "secret"
          ? new ClientSecretCredential(tenantId, clientId, credential.secret, options)
          : new ClientAssertionCredential(tenantId, clientId, credential.assertion, options),
      source: deployer.source,
    };
  }
  return {
    credential: new DefaultAzureCredential({ ...options, tenantId: env.AZURE_TENANT_ID }),
    source: "DefaultAzureCredential (managed identity, workload identity or az login)",
  };
}
