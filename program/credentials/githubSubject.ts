/*
 * GitHub Actions token subjects (`sub`), both forms GitHub issues for a repository's default
 * subject template:
 * - name-based: `repo:contoso/payments-api:ref:refs/heads/main` (every repository until GitHub's
 *   immutable subject claims; still the only form on GitHub Enterprise Server);
 * - immutable: `repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main`, the owner's and
 *   the repository's numeric IDs after `@`. GitHub uses it by default for repositories created,
 *   renamed or transferred since 2026-07-15, and for others whose admins opt in.
 * Sources: GitHub docs "OpenID Connect reference", section "Immutable subject claims"
 * (https://docs.github.com/actions/reference/security/oidc, github/docs#45221); Microsoft Entra
 * "Migrate GitHub Actions federated credentials to immutable subjects"
 * (https://learn.microsoft.com/entra/workload-id/workload-identities-github-immutable-subjects).
 * Entra matches a federated credential's subject exactly and case-sensitively (AADSTS7002138),
 * so a credential of one form never matches a token of the other.
 */

/** GitHub Actions' token issuer on github.com (GitHub Enterprise Server has its own). */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** The workflow runs a subject names: a branch, a tag, an environment or pull requests. */
export type GitHubSubjectSpec =
  | { environment: string }
  | { branch: string }
  | { tag: string }
  | { pullRequest: true };

/** A repository as a subject names it; the IDs (decimal digits) only in the immutable form. */
export interface GitHubRepositoryRef {
  /** `owner/repo`. */
  repository: string;
  ownerId?: string;
  repositoryId?: string;
}

/** A subject read back: the repository, its IDs when immutable, and the runs it names. */
export type ParsedGitHubSubject = GitHubRepositoryRef & {
  form: "immutable" | "name-based";
  spec: GitHubSubjectSpec;
};

/** `owner/repo` as the project's config takes it (GitHub's own name characters). */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** GitHub's numeric IDs: a positive whole number, written without leading zeros. */
export const GITHUB_ID = /^[1-9][0-9]*$/;

/** The `sub` claim GitHub Actions issues for a workflow run, per the kind of trigger. */
export function githubSubject(ref: GitHubRepositoryRef, spec: GitHubSubjectSpec): string {
  const [owner, name] = ref.repository.split("/");
  const repo =
    ref.ownerId !== undefined && ref.repositoryId !== undefined
      ? `${owner}@${ref.ownerId}/${name}@${ref.repositoryId}`
      : ref.repository;
  return `repo:${repo}:${subjectContext(spec)}`;
}

function subjectContext(spec: GitHubSubjectSpec): string {
  if ("environment" in spec) return `environment:${spec.environment}`;
  if ("branch" in spec) return `ref:refs/heads/${spec.branch}`;
  if ("tag" in spec) return `ref:refs/tags/${spec.tag}`;
  return "pull_request";
}

const REPO_PART = /^repo:([A-Za-z0-9_.-]+)(?:@([0-9]+))?\/([A-Za-z0-9_.-]+)(?:@([0-9]+))?:(.*)$/s;

/**
 * A subject of GitHub's default template, in either form; undefined for anything else (a
 * customized template, another issuer's subject). Exact: building the result gives `subject`
 * back character for character, or it is not read at all.
 */
export function parseGitHubSubject(subject: string): ParsedGitHubSubject | undefined {
  const match = REPO_PART.exec(subject);
  if (!match) return undefined;
  const [, owner, ownerId, name, repositoryId, context] = match;
  if ((ownerId === undefined) !== (repositoryId === undefined)) return undefined;
  if (ownerId !== undefined && !(GITHUB_ID.test(ownerId) && GITHUB_ID.test(repositoryId!)))
    return undefined;
  const spec = contextSpec(context);
  if (!spec) return undefined;
  const ref: GitHubRepositoryRef = {
    repository: `${owner}/${name}`,
    ...(ownerId !== undefined ? { ownerId, repositoryId } : {}),
  };
  if (githubSubject(ref, spec) !== subject) return undefined;
  return { ...ref, form: ownerId !== undefined ? "immutable" : "name-based", spec };
}

function contextSpec(context: string): GitHubSubjectSpec | undefined {
  if (context === "pull_request") return { pullRequest: true };
  // A customized template appends `:claim:value` pairs; no branch or tag name holds a `:`
  // (git check-ref-format), and an environment holding one is not told apart from them.
  const match = /^(ref:refs\/heads\/|ref:refs\/tags\/|environment:)([^:]+)$/s.exec(context);
  if (!match) return undefined;
  const [, kind, name] = match;
  if (kind === "environment:") return { environment: name };
  return kind === "ref:refs/heads/" ? { branch: name } : { tag: name };
}

/** `branch main`, `tag v1`, `environment production`, `pull requests`. */
export function describeRuns(spec: GitHubSubjectSpec): string {
  if ("environment" in spec) return `environment ${spec.environment}`;
  if ("branch" in spec) return `branch ${spec.branch}`;
  if ("tag" in spec) return `tag ${spec.tag}`;
  return "pull requests";
}

/** One line for people: the repository, its form and the runs, e.g. for drift and adopt. */
export function describeGitHubSubject(parsed: ParsedGitHubSubject): string {
  const form =
    parsed.form === "immutable"
      ? `immutable form: owner ID ${parsed.ownerId}, repository ID ${parsed.repositoryId}`
      : "name-based form, mutable";
  return `GitHub ${parsed.repository} (${form}), ${describeRuns(parsed.spec)}`;
}

/** The command that prints a repository's IDs: the repository's first, then the owner's. */
export function githubIdsCommand(repository: string): string {
  return `gh api repos/${repository} --jq '.id, .owner.id'`;
}

/**
 * Why a name-based subject is a risk and how to leave it, after "is the name-based (mutable)
 * GitHub subject: "; shared by config validation and the policy pack.
 */
export function mutableSubjectAdvice(repository: string): string {
  return (
    `if ${repository} is renamed, transferred or deleted, whoever takes the name gets tokens that match, ` +
    "and a repository created or renamed since 2026-07-15 presents only the immutable subject, which this never matches. " +
    `Give the repository's IDs as github: { repository, ownerId, repositoryId, ... } (${githubIdsCommand(repository)} prints the repository ID, then the owner ID); ` +
    "keep the name-based form only for GitHub Enterprise Server"
  );
}

/**
 * Whether two subjects name the same repository (by name) and the same runs, one in each form:
 * the pair a migration to immutable subjects keeps side by side.
 */
export function sameRunsOtherForm(a: string, b: string): boolean {
  const [x, y] = [parseGitHubSubject(a), parseGitHubSubject(b)];
  return (
    x !== undefined &&
    y !== undefined &&
    x.form !== y.form &&
    x.repository === y.repository &&
    JSON.stringify(x.spec) === JSON.stringify(y.spec)
  );
}

/** ` (GitHub owner/repo (… form), runs)` for a github.com Actions subject of either form; else "". */
export function subjectFormNote(issuer: string, subject: string): string {
  const parsed = issuer === GITHUB_ACTIONS_ISSUER ? parseGitHubSubject(subject) : undefined;
  return parsed ? ` (${describeGitHubSubject(parsed)})` : "";
}
