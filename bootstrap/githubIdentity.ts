import * as pulumi from "@pulumi/pulumi";
import { GraphApp, MICROSOFT_GRAPH_APP_ID } from "../components";
import {
  DEFAULT_AUDIENCE,
  GITHUB_ACTIONS_ISSUER,
  githubSubject,
} from "../program/credentials/federatedCredential";
import { catalogEntry } from "../program/permissions/catalog";
import { BootstrapConfig } from "./bootstrapConfig";

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
 * The GitHub workflow runs the deploy identity trusts, by federated credential name: pushes,
 * schedules and dispatches on main, and jobs in the production environment. Never a pull request:
 * its code has not been reviewed.
 */
export function deploySubjects(config: BootstrapConfig): Record<string, string> {
  return {
    "github-main": githubSubject(config.githubRepository, { branch: "main" }),
    // A fixed name: the environment's own name may be up to 255 characters with `/ ? # %`, and a
    // federated credential's name is at most 120 URL-friendly characters (Graph).
    "github-production-environment": githubSubject(config.githubRepository, {
      environment: config.productionEnvironment,
    }),
  };
}

/** The only runs the preview identity trusts: jobs in the preview environment (required reviewers). */
export function previewSubjects(config: BootstrapConfig): Record<string, string> {
  return {
    "github-preview-environment": githubSubject(config.githubRepository, {
      environment: config.previewEnvironment,
    }),
  };
}
