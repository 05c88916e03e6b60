/**
 * `ts-node tools/pipeline/githubTokenSubject.ts`: prints which subject form this GitHub Actions
 * job's OIDC token carries (immutable with the repository's IDs, or name-based), before
 * azure/login: when Entra refuses the token (AADSTS700213, no credential matches the subject),
 * the log already says what the pipeline identity's federated credentials must say. Reads only
 * the token's `sub` claim and never prints the token. Informational: always exits 0.
 */
import { formatGitHubTokenForm, githubTokenForm } from "../commands/verify/githubTokenForm";

export async function main(
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
  fetchFn: typeof fetch = fetch,
): Promise<number> {
  const form = await githubTokenForm(env, fetchFn);
  const lines = form
    ? formatGitHubTokenForm(form)
    : ["GitHub Actions token: not available here (no id-token: write, or not in GitHub Actions)"];
  for (const line of lines) write(`${line}\n`);
  return 0;
}

if (require.main === module) {
  void main(process.env, (text) => process.stdout.write(text)).then((code) => {
    process.exitCode = code;
  });
}
