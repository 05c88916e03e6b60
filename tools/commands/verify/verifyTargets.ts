import { AppConfig } from "../../../program/config/validateStackConfig";
import { MICROSOFT_GRAPH_APP_ID } from "../../../program/permissions/wellKnownApis";
import { ClientCredential } from "./graphToken";
import { DeployedApp } from "./readDeployedApps";

/** One identity to sign in as, and what its token should say. */
export interface VerifyTarget {
  /** The app key, or a label for an app given through the environment. */
  app: string;
  tenantId?: string;
  clientId?: string;
  /** Absent when there is nothing to sign in with; `unavailable` says why. */
  credential?: ClientCredential;
  /** Graph application permissions the token must carry; undefined: nothing to compare with. */
  expectedRoles?: string[];
  secretExpiresOn?: string;
  /** The rotation period when the secret rotates, so expiry warns only when rotation is overdue. */
  secretRotateEveryDays?: number;
  /** Set when the app cannot be checked: not deployed (a mismatch) or deliberately without a secret. */
  unavailable?: { status: "not-deployed" | "skipped"; reason: string };
}

/** A mistake in how `verify` was called. */
export class VerifyUsageError extends Error {}

/** The environment variables scenario 002's handlers read (see examples/002-mail-alerts). */
export const GRAPH_ENV = ["GRAPH_TENANT_ID", "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET"] as const;

/**
 * One target per configured app, in key order: what the config grants on Microsoft Graph, and
 * the deployed IDs and current secret from the stack outputs. Other APIs' permissions are not in
 * a Graph token, so they are not compared.
 */
export function targetsFromStack(
  apps: AppConfig[],
  deployed: Map<string, DeployedApp>,
): VerifyTarget[] {
  return [...apps]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((app) => {
      const expectedRoles = app.permissions
        .filter((request) => request.api.appId === MICROSOFT_GRAPH_APP_ID)
        .flatMap((request) => request.application);
      const outputs = deployed.get(app.key);
      const rotation =
        app.clientSecret.kind === "rotating"
          ? { secretRotateEveryDays: app.clientSecret.rotateEveryDays }
          : {};
      const base = { app: app.key, expectedRoles, ...rotation };
      if (!outputs) {
        return {
          ...base,
          unavailable: {
            status: "not-deployed" as const,
            reason: "not in the stack outputs: run pulumi up to create it",
          },
        };
      }
      const ids = {
        tenantId: outputs.tenantId,
        clientId: outputs.clientId,
        secretExpiresOn: outputs.clientSecretExpiresOn,
      };
      if (app.clientSecret.kind === "none") {
        return {
          ...base,
          ...ids,
          unavailable: {
            status: "skipped" as const,
            reason: "has no client secret (clientSecret: false), so verify cannot sign in as it",
          },
        };
      }
      if (outputs.clientSecret === undefined) {
        return {
          ...base,
          ...ids,
          unavailable: {
            status: "not-deployed" as const,
            reason: "has no secret in the clientSecrets output: run pulumi up",
          },
        };
      }
      return {
        ...base,
        ...ids,
        credential: { kind: "secret" as const, secret: outputs.clientSecret },
      };
    });
}

/**
 * The app described by GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (and, when set,
 * CREDENTIAL_EXPIRES), as a service configured by hand would hold it.
 */
export function targetFromEnvironment(
  env: NodeJS.ProcessEnv,
  expectedRoles: string[] | undefined,
): VerifyTarget {
  const missing = GRAPH_ENV.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new VerifyUsageError(
      `verify --from-env: set ${missing.join(", ")} (the app's tenant ID, client ID and client secret)`,
    );
  }
  return {
    app: `${env.GRAPH_CLIENT_ID} (from environment)`,
    tenantId: env.GRAPH_TENANT_ID,
    clientId: env.GRAPH_CLIENT_ID,
    credential: { kind: "secret", secret: env.GRAPH_CLIENT_SECRET! },
    expectedRoles,
    secretExpiresOn: env.CREDENTIAL_EXPIRES || undefined,
  };
}
