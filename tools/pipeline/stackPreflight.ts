/**
 * What a workflow checks before it runs any `pulumi` command on a stack:
 *
 *   npx ts-node --transpile-only pipeline/stackPreflight.ts <stack>
 *
 * - the stack's secrets are encrypted with a real key: a Key Vault key (bootstrap's, and the one
 *   the repository variable PULUMI_SECRETS_PROVIDER names when set), another KMS, Pulumi Cloud's
 *   per-stack keys, or the passphrase provider with a passphrase that is not empty. The Pulumi
 *   CLI accepts an empty PULUMI_CONFIG_PASSPHRASE, and a GitHub secret that was never set is
 *   empty, so without this check state could be "encrypted" with "".
 * - azure-native has a subscription (ARM_SUBSCRIPTION_ID, or azure-native:subscriptionId in the
 *   stack file) when an app copies its client secret into Key Vault.
 *
 * Exit 0 ready, 1 not (each problem printed as a GitHub error annotation with the fix), 2 usage.
 * Never prints a secret.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadStackVersion } from "../stack-files/loadStackVersion";
import { parseStackFile, StackFileError } from "../stack-files/readStackFile";
import { projectStackFilePath } from "../stack-files/projectStack";

/** One thing the check found: an `error` stops the workflow, a `notice` is information. */
export interface PreflightFinding {
  level: "error" | "notice";
  message: string;
}

/** The top-level keys of a stack file that say how its secrets are encrypted. */
export interface StackSecretsSettings {
  secretsprovider?: string;
  encryptionsalt?: string;
  encryptedkey?: string;
}

/**
 * Key Vault hosts per cloud; a vault name is 3-24 letters, digits and dashes. A key version may
 * follow the key name.
 */
const KEY_VAULT_URL =
  /^azurekeyvault:\/\/([A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9])\.(vault\.azure\.net|vault\.usgovcloudapi\.net|vault\.azure\.cn)\/keys\/([A-Za-z0-9-]{1,127})(\/[0-9a-fA-F]{32})?(\?[A-Za-z0-9=&_-]*)?$/;

/** The command that binds a stack to bootstrap's Key Vault key. */
const INIT_HINT = (stack: string) =>
  `pulumi stack init ${stack} --secrets-provider "$(pulumi -C bootstrap stack output secretsProvider)" ` +
  `(an existing stack: pulumi stack change-secrets-provider --stack ${stack} "<the same URL>"), then commit Pulumi.${stack}.yaml`;

/** Whether the backend is Pulumi Cloud (which keeps per-stack keys) rather than a DIY backend. */
function isPulumiCloud(env: NodeJS.ProcessEnv): boolean {
  const url = env.PULUMI_BACKEND_URL?.trim() ?? "";
  return url === "" || /^https?:\/\//.test(url);
}

/** How a stack's secrets are encrypted, and whether the pipeline may run with it. */
export function secretsProviderFindings(
  stack: string,
  settings: StackSecretsSettings,
  env: NodeJS.ProcessEnv,
): PreflightFinding[] {
  const file = `Pulumi.${stack}.yaml`;
  const provider = settings.secretsprovider?.trim();
  if (provider === undefined || provider === "") {
    if (settings.encryptionsalt) return passphraseFindings(stack, settings, env);
    if (isPulumiCloud(env))
      return [{ level: "notice", message: `${file}: secrets use Pulumi Cloud's per-stack key` }];
    return [
      {
        level: "error",
        message:
          `${file} names no secrets provider. With the backend ${env.PULUMI_BACKEND_URL} Pulumi would fall back to the ` +
          `passphrase provider and make a new key from PULUMI_CONFIG_PASSPHRASE, even an empty one. Bind the stack to a real key: ${INIT_HINT(stack)}`,
      },
    ];
  }
  if (/[<>{}\s]|\.\.\./.test(provider)) {
    return [
      {
        level: "error",
        message: `${file}: secretsprovider ${JSON.stringify(provider)} is a placeholder, not a key. ${INIT_HINT(stack)}`,
      },
    ];
  }
  if (provider === "passphrase") return passphraseFindings(stack, settings, env);
  if (provider === "default" || provider === "service") {
    return isPulumiCloud(env)
      ? [{ level: "notice", message: `${file}: secrets use Pulumi Cloud's per-stack key` }]
      : [
          {
            level: "error",
            message: `${file}: secretsprovider ${provider} is Pulumi Cloud's, but the backend is ${env.PULUMI_BACKEND_URL}. ${INIT_HINT(stack)}`,
          },
        ];
  }
  if (provider.startsWith("azurekeyvault://"))
    return keyVaultFindings(stack, provider, settings, env);
  if (/^(awskms|gcpkms|hashivault):\/\/\S+$/.test(provider)) {
    const kind = provider.split(":")[0];
    return settings.encryptedkey
      ? [{ level: "notice", message: `${file}: secrets use ${kind}` }]
      : [missingEncryptedKey(stack, kind)];
  }
  return [
    {
      level: "error",
      message: `${file}: secretsprovider ${JSON.stringify(provider)} is not a provider Pulumi knows (azurekeyvault://, awskms://, gcpkms://, hashivault://, passphrase). ${INIT_HINT(stack)}`,
    },
  ];
}

function keyVaultFindings(
  stack: string,
  provider: string,
  settings: StackSecretsSettings,
  env: NodeJS.ProcessEnv,
): PreflightFinding[] {
  const file = `Pulumi.${stack}.yaml`;
  if (!KEY_VAULT_URL.test(provider)) {
    return [
      {
        level: "error",
        message: `${file}: secretsprovider ${provider} is not a Key Vault key URL (azurekeyvault://<vault>.vault.azure.net/keys/<key>). ${INIT_HINT(stack)}`,
      },
    ];
  }
  const findings: PreflightFinding[] = [];
  if (!settings.encryptedkey) findings.push(missingEncryptedKey(stack, "azurekeyvault"));
  const expected = env.PULUMI_SECRETS_PROVIDER?.trim();
  if (expected && normalizeKeyUrl(expected) !== normalizeKeyUrl(provider)) {
    findings.push({
      level: "error",
      message:
        `${file} encrypts its secrets with ${provider}, but the pipeline's key (repository variable PULUMI_SECRETS_PROVIDER) is ${expected}: ` +
        `the pipeline would decrypt with a vault it does not manage. Move the stack to the pipeline's key (pulumi stack change-secrets-provider --stack ${stack} "${expected}") or correct the variable`,
    });
  }
  if (findings.length === 0)
    findings.push({
      level: "notice",
      message: `${file}: secrets use the Key Vault key ${provider}`,
    });
  return findings;
}

/** Key Vault host names are case-insensitive; key names and versions are not. */
function normalizeKeyUrl(url: string): string {
  const match = /^azurekeyvault:\/\/([^/]+)(.*)$/.exec(url.trim());
  return match ? `azurekeyvault://${match[1].toLowerCase()}${match[2]}` : url.trim();
}

function missingEncryptedKey(stack: string, provider: string): PreflightFinding {
  return {
    level: "error",
    message:
      `Pulumi.${stack}.yaml names the ${provider} secrets provider but has no encryptedkey: Pulumi would make a new data key in the runner, ` +
      `encrypt new secrets with it and lose it when the job ends. Commit the stack file as pulumi stack init (or change-secrets-provider) wrote it`,
  };
}

function passphraseFindings(
  stack: string,
  settings: StackSecretsSettings,
  env: NodeJS.ProcessEnv,
): PreflightFinding[] {
  const file = `Pulumi.${stack}.yaml`;
  const findings: PreflightFinding[] = [];
  if (!settings.encryptionsalt) {
    findings.push({
      level: "error",
      message: `${file} uses the passphrase provider but has no encryptionsalt: Pulumi would make a new key and could not read the secrets already in state. Commit the stack file as pulumi stack init wrote it`,
    });
  }
  const passphrase = env.PULUMI_CONFIG_PASSPHRASE ?? "";
  const passphraseFile = env.PULUMI_CONFIG_PASSPHRASE_FILE?.trim() ?? "";
  const fromFile =
    passphraseFile !== "" &&
    fs.existsSync(passphraseFile) &&
    fs.readFileSync(passphraseFile, "utf8").trim() !== "";
  if (passphrase.trim() === "" && !fromFile) {
    findings.push({
      level: "error",
      message:
        `${file} uses the passphrase provider and PULUMI_CONFIG_PASSPHRASE is empty${passphrase === "" ? "" : " (blank)"}: ` +
        `Pulumi would accept it and the state's secrets would be readable by anyone with the state. Set the PULUMI_CONFIG_PASSPHRASE secret ` +
        `(an environment secret of the job's environment), or move the stack to Key Vault: ${INIT_HINT(stack)}`,
    });
  }
  if (findings.length === 0)
    findings.push({ level: "notice", message: `${file}: secrets use the passphrase provider` });
  return findings;
}

/** Stack-file config azure-native reads for its subscription. */
const SUBSCRIPTION_CONFIG = "azure-native:subscriptionId";

/**
 * azure-native needs a subscription for an app's Key Vault copy (components/keyVaultSecretCopy.ts);
 * without one it fails mid-deployment, after the app registrations changed.
 */
export function subscriptionFindings(
  stack: string,
  vaultCopies: { app: string; vault: string }[],
  stackConfig: Record<string, string>,
  env: NodeJS.ProcessEnv,
): PreflightFinding[] {
  if (vaultCopies.length === 0) return [];
  if (env.ARM_SUBSCRIPTION_ID?.trim() || stackConfig[SUBSCRIPTION_CONFIG]?.trim()) return [];
  const copies = vaultCopies.map((copy) => `${copy.app} (vault ${copy.vault})`).join(", ");
  return [
    {
      level: "error",
      message:
        `Pulumi.${stack}.yaml copies client secrets into Key Vault for ${copies}; azure-native writes them in a subscription and none is set. ` +
        `Set the repository variable AZURE_SUBSCRIPTION_ID to the vaults' subscription (the workflows pass it as ARM_SUBSCRIPTION_ID), or ${SUBSCRIPTION_CONFIG} in the stack file`,
    },
  ];
}

/** Everything the pipeline checks for one stack, from its stack file text. */
export function stackPreflight(
  stack: string,
  stackFileText: string,
  env: NodeJS.ProcessEnv,
  now: Date,
): PreflightFinding[] {
  const file = `Pulumi.${stack}.yaml`;
  const { pulumiConfig } = parseStackFile(stackFileText, file);
  const document = (parse(stackFileText) ?? {}) as StackSecretsSettings;
  const { apps } = loadStackVersion(pulumiConfig, now);
  const vaultCopies = apps
    .filter((app) => app.keyVault && app.clientSecret.kind !== "none")
    .map((app) => ({ app: app.key, vault: app.keyVault!.vaultName }));
  const findings = [
    ...secretsProviderFindings(stack, stringSettings(document), env),
    ...subscriptionFindings(stack, vaultCopies, pulumiConfig, env),
  ];
  if (!env.PULUMI_BACKEND_URL?.trim() && !env.PULUMI_ACCESS_TOKEN?.trim()) {
    findings.push({
      level: "error",
      message:
        "PULUMI_BACKEND_URL is empty and there is no PULUMI_ACCESS_TOKEN: set the repository variable PULUMI_BACKEND_URL (bootstrap's githubVariables)",
    });
  }
  return findings;
}

function stringSettings(document: StackSecretsSettings): StackSecretsSettings {
  const pick = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    secretsprovider: pick(document.secretsprovider),
    encryptionsalt: pick(document.encryptionsalt),
    encryptedkey: pick(document.encryptedkey),
  };
}

/** Runs the check for `argv[2]` in `projectDir`; returns the exit code. */
export function main(
  argv: string[],
  projectDir: string,
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
  now = new Date(),
): number {
  const stack = argv[2];
  if (!stack || argv.length > 3 || !/^[A-Za-z0-9_.-]+$/.test(stack)) {
    write("usage: stackPreflight.ts <stack>   (checks Pulumi.<stack>.yaml)\n");
    return 2;
  }
  // Where `pulumi up --stack` reads it: Pulumi.yaml's stackConfigDir included.
  let file: string;
  try {
    file = projectStackFilePath(projectDir, stack);
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    // One annotation per line: a message line of its own would not be one.
    for (const line of error.message.split("\n")) write(`::error::${line.trim()}\n`);
    return 2;
  }
  if (!fs.existsSync(file)) {
    write(`::error::${path.basename(file)} does not exist\n`);
    return 2;
  }
  const findings = stackPreflight(stack, fs.readFileSync(file, "utf8"), env, now);
  for (const finding of findings) write(`::${finding.level}::${finding.message}\n`);
  return findings.some((finding) => finding.level === "error") ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv, path.resolve(__dirname, "..", ".."), process.env, (text) =>
    process.stdout.write(text),
  );
}
