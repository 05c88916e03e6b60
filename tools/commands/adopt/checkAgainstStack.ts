import * as path from "path";
import { formatProblem } from "../../../program/config/configProblem";
import { rawStackConfig } from "../../../program/config/rawStackConfig";
import { AppConfig, validateStackConfig } from "../../../program/config/validateStackConfig";
import { parseStackFile } from "../../stack-files/readStackFile";
import { Adoption } from "./adoptApp";
import { StackDocument } from "./stackDocument";

/**
 * Reads the stack file with the app added, as `pulumi up` would, and returns why the program
 * would not reproduce the live app: a problem the program reports for it, or a setting under
 * `defaults` that changes it (every default the app does not set applies to it).
 */
export function checkAgainstStack(
  doc: StackDocument,
  key: string,
  adoption: Adoption,
  now: Date,
): string[] {
  const { pulumiConfig } = parseStackFile(doc.toString(), doc.file);
  const validation = validateStackConfig(rawStackConfig(pulumiConfig), now, {
    projectDir: path.dirname(doc.file),
  });
  const own = (at: string) =>
    at === `apps.${key}` || at.startsWith(`apps.${key}.`) || at.startsWith(`apps.${key}[`);
  const problems = validation.problems
    .filter((problem) => own(problem.path))
    .map((problem) => `the stack's rules refuse the config it needs: ${formatProblem(problem)}`);
  const app = validation.apps.find((candidate) => candidate.key === key);
  if (problems.length > 0 || !app) return problems;
  return defaultsProblems(app, adoption.settings);
}

function defaultsProblems(app: AppConfig, settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const live = {
    owners: (settings.owners as string[] | undefined) ?? [],
    notes: settings.notes as string | undefined,
    redirectUris: (settings.redirectUris as string[] | undefined) ?? [],
  };
  if (!sameSet(app.owners, live.owners)) {
    problems.push(
      `defaults.owners in this stack adds ${app.owners.filter((o) => !live.owners.includes(o)).join(", ")} to every app's owners, but the live app is not owned by them, so the first pulumi up would add them to it; adopt into another stack or file (--config-out)`,
    );
  }
  if (app.notes !== live.notes) {
    problems.push(
      "defaults.notes in this stack gives the app notes it does not have, so the first pulumi up would write them; adopt into another stack or file (--config-out)",
    );
  }
  if (!sameSet(app.redirectUris, live.redirectUris)) {
    problems.push(
      "defaults.redirectUris in this stack gives the app redirect URIs it does not have, so the first pulumi up would add them; adopt into another stack or file (--config-out)",
    );
  }
  return problems;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
