import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** Everything the bootstrap program creates is named from this; see README "The bootstrap program". */
export interface BootstrapConfig {
  /** Azure region of the resource group, storage account and Key Vault. Required. */
  location: string;
  /** `org/repo` of the GitHub repository whose workflows deploy the stacks. Required. */
  githubRepository: string;
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
 * GitHub environment names: at most 255 characters; the token subject
 * repo:<org/repo>:environment:<name> must stay within Graph's 600 for a federated subject.
 */
function validEnvironment(config: { githubRepository: string }, name: string): boolean {
  return (
    /^[^\s'"`]{1,255}$/.test(name) &&
    `repo:${config.githubRepository}:environment:${name}`.length <= 600
  );
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
  const suffix = createHash("sha1")
    .update(githubRepository.toLowerCase())
    .digest("hex")
    .slice(0, 8);
  const config: BootstrapConfig = {
    location,
    githubRepository,
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
      validEnvironment(config, config.productionEnvironment),
      ENVIRONMENT_RULE,
    ],
    [
      "previewEnvironment",
      validEnvironment(config, config.previewEnvironment) &&
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
