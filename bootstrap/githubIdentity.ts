import * as pulumi from "@pulumi/pulumi";
import { GraphApp, MICROSOFT_GRAPH_APP_ID } from "../components";
import { DEFAULT_AUDIENCE } from "../program/credentials/federatedCredential";
import {
  GITHUB_ACTIONS_ISSUER,
  GitHubSubjectSpec,
  githubSubject,
  mutableSubjectAdvice,
} from "../program/credentials/githubSubject";
import { catalogEntry } from "../program/permissions/catalog";
import { BootstrapConfig, repositoryRef } from "./bootstrapConfig";

export interface GithubIdentityArgs {
  displayName: string;
  notes: string;
  tenantId: pulumi.Input<string>;
  owner: pulumi.Input<string>;
  /** Federated credential name → the GitHub token subject it trusts. */
  subjects: Record<string, string>;
  /** Microsoft Graph application permissions, requested and consented. */
  graphPermissions: string[];
  /** Object ID of Microsoft Graph's service principal in the tenant. */
  graphObjectId: pulumi.Input<string>;
}

/**
 * A secretless app (the project's own `GraphApp`) that GitHub Actions signs in as by OIDC for
 * the given subjects, requesting and holding the given Graph app roles, so the guardrail
 * `graph-consent-matches-declaration` holds for it too. Resources are named `<name>-...`.
 */
export function githubIdentity(name: string, args: GithubIdentityArgs): GraphApp {
  return new GraphApp(
    name,
    {
      displayName: args.displayName,
      tenantId: args.tenantId,
      owners: [args.owner],
      notes: args.notes,
      apis: [
        {
          resourceKey: "graph",
          resourceAppId: MICROSOFT_GRAPH_APP_ID,
          resourceDisplayName: "Microsoft Graph",
          resourceServicePrincipalObjectId: args.graphObjectId,
          applicationPermissions: args.graphPermissions.map((value) => ({
            value,
            id: graphAppRoleId(value),
          })),
        },
      ],
      federatedCredentials: Object.entries(args.subjects).map(([credential, subject]) => ({
        name: credential,
        issuer: GITHUB_ACTIONS_ISSUER,
        subject,
        audiences: [DEFAULT_AUDIENCE],
        description: `GitHub Actions: ${subject}`,
      })),
    },
    { transformations: [keepUrnsFromBeforeGraphApp(name)] },
  );
}

/**
 * Before bootstrap used GraphApp its app resources had no parent, and its federated credentials
 * were named `<identity>-<credential>`. An alias to each old URN moves an existing deployment
 * under the component without replacing anything: a replaced app would get a new client ID and
 * break the workflows' AZURE_CLIENT_ID.
 */
export function keepUrnsFromBeforeGraphApp(name: string): pulumi.ResourceTransformation {
  return ({ resource, type, name: childName, props, opts }) => {
    if (!(resource instanceof pulumi.CustomResource)) return undefined;
    const federatedPrefix = `${name}-federated-`;
    const oldName = childName.startsWith(federatedPrefix)
      ? `${name}-${childName.slice(federatedPrefix.length)}`
      : childName;
    return {
      props,
      opts: pulumi.mergeOptions(opts, { aliases: [pulumi.createUrn(oldName, type)] }),
    };
  };
}

/** The app role ID of a Graph application permission, from the permission catalog. */
function graphAppRoleId(permission: string): string {
  const entry = catalogEntry(MICROSOFT_GRAPH_APP_ID, permission, "application");
  if (!entry)
    throw new Error(
      `permission catalog has no Microsoft Graph application permission ${permission}`,
    );
  return entry.id;
}

/**
 * Credential name → subject for each of `runs`: immutable (`<name>-immutable`) when the IDs are
 * given, name-based (`<name>`, the names bootstrap always used) when they are not, or both while
 * `keepNameBasedSubjects` holds the old ones during a migration.
 */
function subjectsFor(
  config: BootstrapConfig,
  runs: Record<string, GitHubSubjectSpec>,
): Record<string, string> {
  const immutable = config.githubOwnerId !== undefined;
  const subjects: Record<string, string> = {};
  for (const [name, spec] of Object.entries(runs)) {
    if (!immutable || config.keepNameBasedSubjects)
      subjects[name] = githubSubject({ repository: config.githubRepository }, spec);
    if (immutable) subjects[`${name}-immutable`] = githubSubject(repositoryRef(config), spec);
  }
  return subjects;
}

/**
 * The GitHub workflow runs the deploy identity trusts, by federated credential name: pushes,
 * schedules and dispatches on main, and jobs in the production environment. Never a pull request:
 * its code has not been reviewed.
 */
export function deploySubjects(config: BootstrapConfig): Record<string, string> {
  return subjectsFor(config, {
    "github-main": { branch: "main" },
    // A fixed name: the environment's own name may be up to 255 characters with `/ ? # %`, and a
    // federated credential's name is at most 120 URL-friendly characters (Graph).
    "github-production-environment": { environment: config.productionEnvironment },
  });
}

/** The only runs the preview identity trusts: jobs in the preview environment (required reviewers). */
export function previewSubjects(config: BootstrapConfig): Record<string, string> {
  return subjectsFor(config, {
    "github-preview-environment": { environment: config.previewEnvironment },
  });
}

/**
 * Warnings for the bootstrap run: name-based subjects are mutable (the same advice as the stack
 * config's, program/credentials/githubSubject.ts).
 */
export function bootstrapSubjectWarnings(config: BootstrapConfig): string[] {
  if (config.githubOwnerId !== undefined && !config.keepNameBasedSubjects) return [];
  const advice = mutableSubjectAdvice(config.githubRepository).replace(
    "Give the repository's IDs as github: { repository, ownerId, repositoryId, ... }",
    "Set githubOwnerId and githubRepositoryId",
  );
  return config.githubOwnerId === undefined
    ? [
        `entra-graph-apps-bootstrap: the pipeline identities trust name-based (mutable) GitHub subjects of ${config.githubRepository}: ${advice}.`,
      ]
    : [
        "entra-graph-apps-bootstrap:keepNameBasedSubjects is true: the name-based credentials stay beside the immutable ones. Once a workflow run has signed in with the immutable subject (verify --deployer says which form its token uses), remove keepNameBasedSubjects and run pulumi up again.",
      ];
}
