/** A federated identity credential: tokens from `issuer` for `subject` sign in as the app. */
export interface FederatedCredential {
  /** Config key: the credential's display name in Entra, unique per app. */
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
export const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
/** Entra's limit of federated identity credentials per application. */
export const MAX_FEDERATED_CREDENTIALS = 20;

export type GitHubSubjectSpec =
  { environment: string } | { branch: string } | { tag: string } | { pullRequest: true };

/** The `sub` claim GitHub Actions issues for a workflow run, per the kind of trigger. */
export function githubSubject(repository: string, spec: GitHubSubjectSpec): string {
  if ("environment" in spec) return `repo:${repository}:environment:${spec.environment}`;
  if ("branch" in spec) return `repo:${repository}:ref:refs/heads/${spec.branch}`;
  if ("tag" in spec) return `repo:${repository}:ref:refs/tags/${spec.tag}`;
  return `repo:${repository}:pull_request`;
}

/** The `sub` claim of a Kubernetes service account token (workload identity). */
export function kubernetesSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
