import {
  GITHUB_ACTIONS_ISSUER,
  describeRuns,
  parseGitHubSubject,
} from "../../../program/credentials/githubSubject";
import { githubIdToken } from "./deployerIdentity";

/**
 * Which subject form the current workflow's GitHub token carries (program/credentials/
 * githubSubject.ts): what its federated credentials must match, since Entra compares subjects
 * exactly. Only the `sub` claim is read; the token itself is never kept or printed.
 */
export type GitHubTokenForm =
  | {
      status: "read";
      subject: string;
      form: "immutable" | "name-based" | "customized";
      repository?: string;
      ownerId?: string;
      repositoryId?: string;
      runs?: string;
    }
  | { status: "unavailable"; reason: string };

/**
 * The form of the job's token when run in GitHub Actions with `id-token: write`
 * (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN set); undefined elsewhere.
 */
export async function githubTokenForm(
  env: NodeJS.ProcessEnv,
  fetchFn: typeof fetch = fetch,
): Promise<GitHubTokenForm | undefined> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !requestToken) return undefined;
  let subject: unknown;
  try {
    subject = subjectClaim(await githubIdToken(url, requestToken, fetchFn));
  } catch (error) {
    return { status: "unavailable", reason: (error as Error).message };
  }
  if (typeof subject !== "string")
    return { status: "unavailable", reason: "GitHub's token has no sub claim" };
  const parsed = parseGitHubSubject(subject);
  if (!parsed) return { status: "read", subject, form: "customized" };
  return {
    status: "read",
    subject,
    form: parsed.form,
    repository: parsed.repository,
    ...(parsed.form === "immutable"
      ? { ownerId: parsed.ownerId, repositoryId: parsed.repositoryId }
      : {}),
    runs: describeRuns(parsed.spec),
  };
}

/** The `sub` of a JWT's payload, nothing else of it; undefined when it is not a JWT. */
function subjectClaim(token: string): unknown {
  const payload = token.split(".")[1];
  try {
    return (
      JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as { sub?: unknown }
    ).sub;
  } catch {
    return undefined;
  }
}

/** The report's lines about the token's form, and what a credential must say to match it. */
export function formatGitHubTokenForm(form: GitHubTokenForm): string[] {
  if (form.status === "unavailable") return [`GitHub Actions token: not read (${form.reason})`];
  const lines = [`GitHub Actions token subject: ${form.subject}`];
  if (form.form === "customized") {
    lines.push(
      "  form: a customized subject template (not GitHub's default); federated credentials must match it exactly",
    );
    return lines;
  }
  const repository =
    form.form === "immutable"
      ? `${form.repository} (owner ID ${form.ownerId}, repository ID ${form.repositoryId})`
      : form.repository;
  lines.push(
    `  form: ${form.form === "immutable" ? "immutable" : "name-based (mutable)"}; repository ${repository}; ${form.runs}`,
    form.form === "immutable"
      ? `  federated credentials for these runs need github: { repository: ${form.repository}, ownerId: ${form.ownerId}, repositoryId: ${form.repositoryId}, ... } (issuer ${GITHUB_ACTIONS_ISSUER}); a name-based one never matches (AADSTS700213)`
      : '  this repository has not switched to immutable subjects: keep the name-based credential until it has (docs/credentials.md "Migrating to immutable subjects")',
  );
  return lines;
}
