import { readPemFile } from "./readPemFile";
import { CertificateCredential, parseCertificate } from "../credentials/certificate";
import { FederatedCredential, MAX_FEDERATED_CREDENTIALS } from "../credentials/federatedCredential";
import {
  GITHUB_ACTIONS_ISSUER,
  mutableSubjectAdvice,
  parseGitHubSubject,
} from "../credentials/githubSubject";
import { AppSettings } from "./appSettingsSchema";
import { AppConfig, KeyVaultTarget } from "./appConfig";
import { ConfigProblem } from "./configProblem";
import { isMap } from "./isMap";

export function toKeyVaultTarget(
  key: string,
  keyVault: AppSettings["keyVault"],
): KeyVaultTarget | undefined {
  return keyVault && { ...keyVault, secretName: keyVault.secretName ?? `${key}-client-secret` };
}

export function readCertificates(
  key: string,
  certificates: AppSettings["certificates"],
  now: Date,
  projectDir: string,
  problems: ConfigProblem[],
): CertificateCredential[] {
  const parsed: CertificateCredential[] = [];
  for (const [name, source] of Object.entries(certificates ?? {})) {
    const path = `apps.${key}.certificates.${name}`;
    let pem = source.pem;
    if (source.pemFile !== undefined) {
      const read = readPemFile(projectDir, source.pemFile);
      if (!read.ok) {
        problems.push({ path: `${path}.pemFile`, value: undefined, message: read.message });
        continue;
      }
      pem = read.text;
    }
    const result = parseCertificate(name, pem ?? "", now);
    if (result.ok) parsed.push(result.certificate);
    else
      problems.push({
        path: `${path}.${source.pemFile !== undefined ? "pemFile" : "pem"}`,
        value: undefined,
        message: result.message,
      });
  }
  return parsed;
}

export function readFederatedCredentials(
  key: string,
  credentials: AppSettings["federatedCredentials"],
  problems: ConfigProblem[],
): FederatedCredential[] {
  const result: FederatedCredential[] = [];
  const seen = new Map<string, string>();
  for (const [name, credential] of Object.entries(credentials ?? {})) {
    const { issuer, subject } = credential;
    const pair = `${issuer} ${subject}`;
    const earlier = seen.get(pair);
    if (earlier !== undefined) {
      problems.push({
        path: `apps.${key}.federatedCredentials.${name}`,
        value: subject,
        message: `has the same issuer and subject as "${earlier}"; Entra allows each pair once, remove one`,
      });
      continue;
    }
    seen.set(pair, name);
    result.push({ name, ...credential });
  }
  checkCredentialRenames(key, result, problems);
  if (result.length > MAX_FEDERATED_CREDENTIALS) {
    problems.push({
      path: `apps.${key}.federatedCredentials`,
      value: undefined,
      message: `has ${result.length} credentials; Entra allows at most ${MAX_FEDERATED_CREDENTIALS} per app. Use a broader subject (e.g. an environment) or a second app`,
    });
  }
  return result;
}

/** An old name keeps one credential's resource: it cannot be in use, nor claimed twice. */
function checkCredentialRenames(
  key: string,
  credentials: FederatedCredential[],
  problems: ConfigProblem[],
): void {
  const current = new Set(credentials.map((credential) => credential.name));
  const claimedBy = new Map<string, string>();
  for (const credential of credentials) {
    for (const old of credential.previousNames ?? []) {
      const path = `apps.${key}.federatedCredentials.${credential.name}.renamedFrom`;
      if (current.has(old)) {
        problems.push({
          path,
          value: old,
          message:
            "is still the name of a credential of this app; list a name only after renaming it",
        });
      } else if (claimedBy.has(old)) {
        problems.push({
          path,
          value: old,
          message: `is already claimed by federatedCredentials.${claimedBy.get(old)}; one credential keeps an old name`,
        });
      } else {
        claimedBy.set(old, credential.name);
      }
    }
  }
}

/** A Key Vault copy needs a secret to copy; an app with no credential at all cannot sign in. */
export function checkCredentials(
  app: AppConfig,
  problems: ConfigProblem[],
  warnings: ConfigProblem[],
): void {
  if (app.keyVault && app.clientSecret.kind === "none") {
    problems.push({
      path: `apps.${app.key}.keyVault`,
      value: undefined,
      message:
        "copies the client secret, but clientSecret is false; remove keyVault or set clientSecret",
    });
  }
  if (
    app.clientSecret.kind === "none" &&
    app.certificates.length === 0 &&
    app.federatedCredentials.length === 0
  ) {
    warnings.push({
      path: `apps.${app.key}`,
      value: undefined,
      message:
        "has no credential (clientSecret: false, no certificates, no federatedCredentials): nothing can sign in as it until one is added",
    });
  }
}

/**
 * A name-based GitHub subject (github.com's issuer) is mutable: warned about where it is
 * written, `<source>.federatedCredentials.<name>.github` or `.subject`, once per place. Another
 * issuer's subject (GitHub Enterprise Server, whose tokens are only name-based) is not.
 */
export function mutableSubjectWarnings(
  source: string,
  credentials: FederatedCredential[],
  written: unknown,
  warned: Set<string>,
): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  for (const credential of credentials) {
    const parsed =
      credential.issuer === GITHUB_ACTIONS_ISSUER
        ? parseGitHubSubject(credential.subject)
        : undefined;
    if (parsed?.form !== "name-based") continue;
    const entry = isMap(written) ? written[credential.name] : undefined;
    const field = isMap(entry) && entry.github !== undefined ? "github" : "subject";
    const path = `${source}.federatedCredentials.${credential.name}.${field}`;
    if (warned.has(path)) continue;
    warned.add(path);
    warnings.push({
      path,
      value: credential.subject,
      message: `is the name-based (mutable) GitHub subject: ${mutableSubjectAdvice(parsed.repository)}`,
    });
  }
  return warnings;
}
