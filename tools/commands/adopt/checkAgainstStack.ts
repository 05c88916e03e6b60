import * as path from "path";
import { formatProblem } from "../../../program/config/configProblem";
import { MAX_RESOURCES_PER_STACK } from "../../../program/config/inputLimits";
import { rawStackConfig } from "../../../program/config/rawStackConfig";
import { registeredResources } from "../../../program/config/resourceNames";
import { AppConfig, validateStackConfig } from "../../../program/config/validateStackConfig";
import { YAML_LIMITS } from "../../stack-files/goYaml";
import { parseStackFile } from "../../stack-files/readStackFile";
import { Adoption } from "./adoptApp";
import { StackDocument } from "./stackDocument";

/** An app added to the document in this run, under its key. */
export interface AddedApp {
  key: string;
  adoption: Adoption;
}

/**
 * Reads the stack file with the apps added, as `pulumi up` would, and takes out of the document
 * each app the program would not reproduce: a problem the program reports for it, a setting under
 * `defaults` that changes it (every default the app does not set applies to it), or resources
 * past the stack's limit. Returns the reasons by app key. The file is read once for all the apps
 * (and again only after some are taken out: taking an app out never gives another a problem), not
 * once per app: that was quadratic, 4.4 s of 6 for 100 apps.
 */
export function checkAgainstStack(
  doc: StackDocument,
  added: AddedApp[],
  now: Date,
): Map<string, string[]> {
  const refused = tooLargeForFile(doc, added);
  for (const key of refused.keys()) doc.removeApp(key);
  let remaining = added.filter((app) => !refused.has(app.key));
  while (remaining.length > 0) {
    const round = roundProblems(doc, remaining, now);
    if (round.size === 0) break;
    for (const [key, reasons] of round) {
      doc.removeApp(key);
      refused.set(key, reasons);
    }
    remaining = remaining.filter((app) => !round.has(app.key));
  }
  return refused;
}

function roundProblems(doc: StackDocument, added: AddedApp[], now: Date): Map<string, string[]> {
  const { pulumiConfig } = parseStackFile(doc.toString(), doc.file);
  const validation = validateStackConfig(rawStackConfig(pulumiConfig), now, {
    projectDir: path.dirname(doc.file),
  });
  const keyOf = (at: string) => /^apps\.([a-z0-9-]+)(?:[.[]|$)/.exec(at)?.[1];
  const problems = new Map<string, string[]>();
  for (const problem of validation.problems) {
    const key = keyOf(problem.path);
    if (key === undefined) continue;
    problems.set(key, [
      ...(problems.get(key) ?? []),
      `the stack's rules refuse the config it needs: ${formatProblem(problem)}`,
    ]);
  }
  const round = new Map<string, string[]>();
  const apps = new Map(validation.apps.map((app) => [app.key, app]));
  for (const { key, adoption } of added) {
    const app = apps.get(key);
    const reasons = problems.get(key) ?? (app ? defaultsProblems(app, adoption.settings) : []);
    if (reasons.length > 0) round.set(key, reasons);
  }
  if (round.size > 0) return round;
  return overLimit(validation.apps, added);
}

/**
 * Apps that would take the file past what the stack-file reader reads (YAML_LIMITS: bytes and
 * separators), the first ones in the order chosen kept: without this, one app with 60 MB of
 * notes made the whole run fail on the file it was writing.
 */
function tooLargeForFile(doc: StackDocument, added: AddedApp[]): Map<string, string[]> {
  const { file, apps } = doc.sizes();
  const refused = new Map<string, string[]>();
  let { bytes, structure } = file;
  for (const { key } of added) {
    const size = apps.get(key)!;
    if (
      bytes + size.bytes <= YAML_LIMITS.maxBytes &&
      structure + size.structure <= YAML_LIMITS.maxStructure
    ) {
      bytes += size.bytes;
      structure += size.structure;
      continue;
    }
    refused.set(key, [tooLargeReason(doc, bytes + size.bytes)]);
  }
  return refused;
}

/** Why an app whose config would take the stack file past the reader's limits is refused. */
export function tooLargeReason(doc: StackDocument, bytes: number): string {
  return `with its config ${doc.file} would be about ${bytes} bytes, past what a stack file may hold (${YAML_LIMITS.maxBytes} bytes, ${YAML_LIMITS.maxStructure} YAML separators), and no command would read it; adopt it into another stack (--stack <name>) or file (--config-out)`;
}

/**
 * Apps whose resources would take the stack past MAX_RESOURCES_PER_STACK (plan refuses such a
 * stack), the first ones in the order chosen kept.
 */
function overLimit(apps: AppConfig[], added: AddedApp[]): Map<string, string[]> {
  const perApp = new Map<string, number>();
  for (const resource of registeredResources(apps))
    perApp.set(resource.app, (perApp.get(resource.app) ?? 0) + 1);
  const addedKeys = new Set(added.map((app) => app.key));
  let total = [...perApp].reduce((sum, [key, n]) => sum + (addedKeys.has(key) ? 0 : n), 0);
  const round = new Map<string, string[]>();
  for (const { key } of added) {
    const own = perApp.get(key) ?? 0;
    if (total + own <= MAX_RESOURCES_PER_STACK) {
      total += own;
      continue;
    }
    round.set(key, [
      `its ${own} resources would take the stack to ${total + own}, and a stack registers at most ${MAX_RESOURCES_PER_STACK} (beyond that plan and review outgrow their time and memory budget); adopt it into another stack (--stack <name>) or file (--config-out), one per team or product`,
    ]);
  }
  return round;
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
