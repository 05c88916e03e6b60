import { ExchangeScope } from "../exchange/exchangeScope";
import { CertificateCredential } from "../credentials/certificate";
import { FederatedCredential } from "../credentials/federatedCredential";
import { WellKnownApi } from "../permissions/wellKnownApis";
import { ClientSecretPolicy } from "./secretPolicy";
import { ExistingObjects } from "./settings/existing";

/** Stack config as Pulumi hands it to the program (`entra-graph-apps:apps` and `:defaults`). */
export interface RawStackConfig {
  apps: unknown;
  defaults?: unknown;
  /** Other keys found in the `entra-graph-apps` namespace: each is refused, never ignored. */
  otherKeys?: string[];
}

/** Permissions an app asks of one resource API, as configured. */
export interface ApiPermissionRequest {
  /** The key as written in config. */
  configKey: string;
  /** Config path of this API's entry, e.g. `apps.mail-alerts.permissions.Microsoft Graph`. */
  path: string;
  api: WellKnownApi;
  application: string[];
  delegated: string[];
}

/** One app after validation, with defaults applied. */
export interface AppConfig {
  key: string;
  displayName: string;
  signInAudience: "AzureADMyOrg" | "AzureADMultipleOrgs";
  redirectUris: string[];
  /** Configured owners (the deployer is added later, from the live client config). */
  owners: string[];
  notes?: string;
  permissions: ApiPermissionRequest[];
  adminConsent: boolean;
  clientSecret: ClientSecretPolicy;
  /** Mailboxes the app is limited to through Exchange Online RBAC for Applications, when set. */
  exchange?: ExchangeScope;
  /** Public certificate credentials, parsed. */
  certificates: CertificateCredential[];
  /** Federated identity credentials (secretless sign-in from CI or workloads). */
  federatedCredentials: FederatedCredential[];
  /** Where to keep a copy of the current client secret, when set. */
  keyVault?: KeyVaultTarget;
  /** Keys this app had before: its resources are kept (Pulumi aliases), not replaced. */
  renamedFrom: string[];
  /** Objects made outside the stack that the first `pulumi up` takes over (import IDs). */
  existing?: ExistingObjects;
}

/** A Key Vault that holds a copy of an app's current client secret. */
export interface KeyVaultTarget {
  resourceGroupName: string;
  vaultName: string;
  secretName: string;
}
