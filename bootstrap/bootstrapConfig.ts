import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import {
  GITHUB_ID,
  GITHUB_REPOSITORY,
  GitHubRepositoryRef,
  githubIdsCommand,
  githubSubject,
} from "../program/credentials/githubSubject";

/** Everything the bootstrap program creates is named from this; see README "The bootstrap program". */
export interface BootstrapConfig {
  /** Azure region of the resource group, storage account and Key Vault. Required. */
  location: string;
  /** `org/repo` of the GitHub repository whose workflows deploy the stacks. Required. */
  githubRepository: string;
  /**
   * The repository owner's and the repository's numeric IDs (`gh api repos/OWNER/REPO --jq
   * '.id, .owner.id'`: the repository's, then the owner's): the identities trust GitHub's
   * immutable subjects. Both or neither. Default none: name-based subjects, warned about.
   */
  githubOwnerId?: string;
  githubRepositoryId?: string;
  /**
   * With the IDs: keep the name-based credentials beside the immutable ones, for a migration
   * with no downtime (README "Migrating to immutable subjects"). Default false.
   */
  keepNameBasedSubjects: boolean;
  /** Default `rg-entra-graph-apps-state`. */
  resourceGroupName: string;
  /** Globally unique, 3-24 lowercase letters and digits. Default `stentragraph` + 8 hex of the repository. */
  storageAccountName: string;
  /** Blob container holding the state. Default `pulumi-state`. */
  stateContainerName: string;
  /** Globally unique, 3-24 letters, digits and dashes. Default `kv-entragraph-` + 8 hex of the repository. */
  keyVaultName: string;
  /** Key that encrypts the stacks' secrets. Default `pulumi-secrets`. */
  secretsKeyName: string;
  /** Display name of the deploy identity's app registration. Default `entra-graph-apps pipeline (<org/repo>)`. */
  pipelineDisplayName: string;
  /** Display name of the read-only preview identity's app registration. Default `entra-graph-apps preview (<org/repo>)`. */
  previewDisplayName: string;
  /** GitHub environment of the prod deployment job. Default `production`. */
  productionEnvironment: string;
  /** GitHub environment of the pull requests' `pulumi preview` job. Default `preview`. */
  previewEnvironment: string;
  /** Days deleted or overwritten state blobs (and deleted containers) stay recoverable. Default 30. */
  softDeleteRetentionDays: number;
}

const ENVIRONMENT_RULE =
  "the GitHub environment name, without spaces or quotes (the token subject it makes must stay within 600 characters)";

/**
 * GitHub environment names: at most 255 characters; the token subject it makes (with the IDs when
 * given) must stay within Graph's 600 for a federated subject.
 */
function validEnvironment(config: GitHubRepositoryRef, name: string): boolean {
  return (
    /^[^\s'"`]{1,255}$/.test(name) && githubSubject(config, { environment: name }).length <= 600
  );
}

/** The two IDs, both or neither, each GitHub's plain positive integer; problems pushed otherwise. */
function githubIds(
  get: (key: string) => string | undefined,
  repository: string,
  problems: string[],
): { githubOwnerId: string; githubRepositoryId: string } | undefined {
  const keys = ["githubOwnerId", "githubRepositoryId"] as const;
  const command = githubIdsCommand(GITHUB_REPOSITORY.test(repository) ? repository : "OWNER/REPO");
  const [owner, repo] = keys.map((key) => get(key));
  let valid = true;
  for (const key of keys) {
    const value = get(key);
    if (value !== undefined && !(GITHUB_ID.test(value) && value.length <= 19)) {
      valid = false;
      problems.push(
        `${BOOTSTRAP_NAMESPACE}:${key} = ${JSON.stringify(value)}: must be GitHub's numeric ID, a whole number above 0 without leading zeros (${command} prints the repository ID, then the owner ID)`,
      );
    }
  }
  if ((owner === undefined) !== (repo === undefined)) {
    const [given, missing] = owner === undefined ? keys.slice().reverse() : keys;
    problems.push(
      `${BOOTSTRAP_NAMESPACE}:${given} is set without ${missing}: the immutable subject holds both IDs. Set both (${command} prints the repository ID, then the owner ID), or neither for name-based subjects`,
    );
    return undefined;
  }
  return valid && owner !== undefined
    ? { githubOwnerId: owner, githubRepositoryId: repo! }
    : undefined;
}

/** The bootstrap stack's config namespace (its project name). */
export const BOOTSTRAP_NAMESPACE = "entra-graph-apps-bootstrap";

/** Bad bootstrap config; a RunError, so `pulumi up` prints the message without a stack trace. */
export class BootstrapConfigError extends pulumi.RunError {}

/**
 * Reads the bootstrap config (`get` returns one key of the namespace, undefined when unset),
 * applies defaults and reports every problem at once, each with the key and the fix.
 */
export function bootstrapConfig(get: (key: string) => string | undefined): BootstrapConfig {
  const problems: string[] = [];
  const location = get("location") ?? "";
  const githubRepository = get("githubRepository") ?? "";
  if (!location)
    problems.push(
      `${BOOTSTRAP_NAMESPACE}:location is required: the Azure region, e.g. pulumi config set location westeurope`,
    );
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(githubRepository)) {
    problems.push(
      `${BOOTSTRAP_NAMESPACE}:githubRepository = ${JSON.stringify(githubRepository)}: give the repository as org/repo, e.g. contoso/entra-graph-apps`,
    );
  }
  const ids = githubIds(get, githubRepository, problems);
  const keepNameBasedSubjects = get("keepNameBasedSubjects") === "true";
  if (!["true", "false", undefined].includes(get("keepNameBasedSubjects")))
    problems.push(
      `${BOOTSTRAP_NAMESPACE}:keepNameBasedSubjects = ${JSON.stringify(get("keepNameBasedSubjects"))}: must be true or false`,
    );
  else if (keepNameBasedSubjects && !ids)
    problems.push(
      `${BOOTSTRAP_NAMESPACE}:keepNameBasedSubjects is true without githubOwnerId and githubRepositoryId: it keeps the name-based credentials beside immutable ones, so set the IDs too, or remove it`,
    );
  const suffix = createHash("sha1")
    .update(githubRepository.toLowerCase())
    .digest("hex")
    .slice(0, 8);
  const config: BootstrapConfig = {
    location,
    githubRepository,
    ...ids,
    keepNameBasedSubjects,
    resourceGroupName: get("resourceGroupName") ?? "rg-entra-graph-apps-state",
    storageAccountName: get("storageAccountName") ?? `stentragraph${suffix}`,
    stateContainerName: get("stateContainerName") ?? "pulumi-state",
    keyVaultName: get("keyVaultName") ?? `kv-entragraph-${suffix}`,
    secretsKeyName: get("secretsKeyName") ?? "pulumi-secrets",
    pipelineDisplayName:
      get("pipelineDisplayName") ?? `entra-graph-apps pipeline (${githubRepository})`,
    previewDisplayName:
      get("previewDisplayName") ?? `entra-graph-apps preview (${githubRepository})`,
    productionEnvironment: get("productionEnvironment") ?? "production",
    previewEnvironment: get("previewEnvironment") ?? "preview",
    softDeleteRetentionDays: Number(get("softDeleteRetentionDays") ?? 30),
  };
  const rules: [keyof BootstrapConfig, boolean, string][] = [
    [
      "storageAccountName",
      /^[a-z0-9]{3,24}$/.test(config.storageAccountName),
      "3-24 lowercase letters and digits, unique across Azure",
    ],
    [
      "stateContainerName",
      /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(config.stateContainerName),
      "3-63 lowercase letters, digits and single dashes",
    ],
    [
      "keyVaultName",
      /^(?=.{3,24}$)[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/.test(config.keyVaultName),
      "3-24 letters, digits and single dashes, starting with a letter, unique across Azure",
    ],
    [
      "secretsKeyName",
      /^[A-Za-z0-9-]{1,127}$/.test(config.secretsKeyName),
      "letters, digits and dashes",
    ],
    [
      "productionEnvironment",
      validEnvironment(repositoryRef(config), config.productionEnvironment),
      ENVIRONMENT_RULE,
    ],
    [
      "previewEnvironment",
      validEnvironment(repositoryRef(config), config.previewEnvironment) &&
        config.previewEnvironment.toLowerCase() !== config.productionEnvironment.toLowerCase(),
      `${ENVIRONMENT_RULE}, other than productionEnvironment (the preview identity must not share the deploy identity's environment)`,
    ],
    [
      "softDeleteRetentionDays",
      Number.isInteger(config.softDeleteRetentionDays) &&
        config.softDeleteRetentionDays >= 1 &&
        config.softDeleteRetentionDays <= 365,
      "a whole number of days from 1 to 365",
    ],
  ];
  for (const [key, ok, rule] of rules) {
    if (!ok)
      problems.push(
        `${BOOTSTRAP_NAMESPACE}:${key} = ${JSON.stringify(get(key) ?? config[key])}: must be ${rule}`,
      );
  }
  if (problems.length > 0) {
    throw new BootstrapConfigError(
      `bootstrap config has ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return config;
}

/** The repository as the identities' subjects name it: with its IDs when both are given. */
export function repositoryRef(config: BootstrapConfig): GitHubRepositoryRef {
  return config.githubOwnerId !== undefined && config.githubRepositoryId !== undefined
    ? {
        repository: config.githubRepository,
        ownerId: config.githubOwnerId,
        repositoryId: config.githubRepositoryId,
      }
    : { repository: config.githubRepository };
}
