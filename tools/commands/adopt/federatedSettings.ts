import { federatedCredentialsSchema } from "../../../program/config/settings/federatedCredentials";
import { DEFAULT_AUDIENCE } from "../../../program/credentials/federatedCredential";
import {
  GITHUB_ACTIONS_ISSUER,
  describeGitHubSubject,
  parseGitHubSubject,
} from "../../../program/credentials/githubSubject";
import { GraphFederatedIdentityCredential } from "../../tenant/directory/graphTypes";

/*
 * A live app's federated credentials as config. A GitHub Actions credential of github.com in
 * either subject form (program/credentials/githubSubject.ts) becomes `github: { repository,
 * ownerId, repositoryId, branch | tag | environment | pullRequest }`, read back from its subject;
 * anything else (another issuer, a customized subject template) stays `{ issuer, subject }`.
 */

export function federatedSettings(
  credentials: GraphFederatedIdentityCredential[],
): Record<string, unknown> {
  return Object.fromEntries(
    credentials.map((credential) => [credential.name, federatedSetting(credential)]),
  );
}

function federatedSetting(credential: GraphFederatedIdentityCredential): Record<string, unknown> {
  const defaultAudience =
    credential.audiences.length === 1 && credential.audiences[0] === DEFAULT_AUDIENCE;
  const explicit = {
    issuer: credential.issuer,
    subject: credential.subject,
    ...(defaultAudience ? {} : { audiences: [...credential.audiences] }),
  };
  const parsed =
    credential.issuer === GITHUB_ACTIONS_ISSUER && defaultAudience
      ? parseGitHubSubject(credential.subject)
      : undefined;
  if (!parsed) return explicit;
  const github = {
    repository: parsed.repository,
    ...(parsed.form === "immutable"
      ? {
          ownerId: asYamlInteger(parsed.ownerId!),
          repositoryId: asYamlInteger(parsed.repositoryId!),
        }
      : {}),
    ...parsed.spec,
  };
  // Written only when config reads it back to exactly the live subject; else as it is.
  const read = federatedCredentialsSchema.safeParse({ [credential.name]: { github } });
  return read.success && read.data[credential.name].subject === credential.subject
    ? { github }
    : explicit;
}

/** An ID as a YAML integer when JavaScript holds it exactly, else as its digits. */
function asYamlInteger(digits: string): number | string {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : digits;
}

/** What adopt says of each GitHub credential: its form, and for a name-based one what to do. */
export function federatedNotices(credentials: GraphFederatedIdentityCredential[]): string[] {
  return credentials.flatMap((credential) => {
    const parsed =
      credential.issuer === GITHUB_ACTIONS_ISSUER
        ? parseGitHubSubject(credential.subject)
        : undefined;
    if (!parsed) return [];
    const said = `federated credential ${credential.name}: ${describeGitHubSubject(parsed)}`;
    return parsed.form === "immutable"
      ? []
      : [
          `${said}; add one with ownerId and repositoryId beside it, then remove it once GitHub presents the immutable subject (docs/credentials.md "Migrating to immutable subjects")`,
        ];
  });
}
