import type { FederatedCredentialArgs } from "../../components";

export { GITHUB_ACTIONS_ISSUER, githubSubject } from "./githubSubject";
export type { GitHubRepositoryRef, GitHubSubjectSpec } from "./githubSubject";

/** A federated identity credential from config: the component's args, all known. */
export interface FederatedCredential extends FederatedCredentialArgs {
  /** Config key: the credential's display name in Entra, unique per app. */
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  /** Names this credential had before (config `renamedFrom`): kept by Pulumi aliases. */
  previousNames?: string[];
}

export const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
/** Entra's limit of federated identity credentials per application. */
export const MAX_FEDERATED_CREDENTIALS = 20;
/**
 * Longest credential name (its display_name): the provider's StringLenBetween(1, 120) on
 * display_name (internal/services/applications/application_federated_identity_credential_resource.go
 * at v3.8.0) and Graph's "limited to 120 characters"
 * (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential).
 */
export const MAX_FEDERATED_NAME_LENGTH = 120;
/** Graph's limit on issuer, subject and the one audience (same Graph page). */
export const MAX_FEDERATED_FIELD_LENGTH = 600;

/** The `sub` claim of a Kubernetes service account token (workload identity). */
export function kubernetesSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
