import { MAX_APPS_PER_STACK } from "../../../program/config/inputLimits";
import { DirectoryExport, GraphApplication } from "../../tenant/directory/graphTypes";
import { adoptApp, Refusal } from "./adoptApp";
import { keyFromDisplayName, uniqueKey } from "./appKeys";
import { YAML_LIMITS } from "../../stack-files/goYaml";
import { AddedApp, checkAgainstStack, tooLargeReason } from "./checkAgainstStack";
import { WrittenApp } from "./formatAdoption";
import { LiveApps } from "./liveApp";
import { AdoptUsageError } from "./selectApps";
import { StackDocument } from "./stackDocument";

export interface AdoptionResult {
  written: WrittenApp[];
  refused: Refusal[];
}

/**
 * Adds each chosen app to the stack document under a key of its own, unless the stack cannot take
 * it over exactly: then it is refused with every reason, and the document is left as it was.
 * An existing app key is never overwritten.
 */
export function adoptInto(
  doc: StackDocument,
  bundle: DirectoryExport,
  chosen: GraphApplication[],
  options: { key?: string; now: Date },
): AdoptionResult {
  const taken = doc.appKeys();
  const claimed = claimedObjects(doc);
  checkRoom(doc, taken.size, chosen.filter((app) => !claimed.has(importId(app))).length);
  const lives = new LiveApps(bundle);
  // Refusals in the order the apps were chosen, whichever step refused them.
  const refused: [number, Refusal][] = [];
  const added: (AddedApp & { at: number; base: Omit<Refusal, "reasons"> })[] = [];
  let yamlBytes = 0;
  for (const [at, app] of chosen.entries()) {
    const base = { kind: "refused" as const, displayName: app.displayName, appId: app.appId };
    const earlier = claimed.get(importId(app));
    if (earlier) {
      refused.push([
        at,
        {
          ...base,
          reasons: [
            `is already in ${doc.file} as apps.${earlier} (its existing.application); adopt takes an app over once`,
          ],
        },
      ]);
      continue;
    }
    const adoption = adoptApp(lives, lives.of(app));
    if (adoption.kind === "refused") {
      refused.push([at, adoption]);
      continue;
    }
    if (options.key && taken.has(options.key)) {
      throw new AdoptUsageError(
        `apps.${options.key} already exists in ${doc.file}; adopt never overwrites an app (choose another --key, or remove that entry first)`,
      );
    }
    // Rendered as YAML only while the file could still hold it (checkAgainstStack measures
    // exactly): an app with thousands of redirect URIs is not rendered at all.
    const bytes = JSON.stringify(adoption.settings).length;
    if (yamlBytes + bytes > YAML_LIMITS.maxBytes) {
      refused.push([at, { ...base, reasons: [tooLargeReason(doc, yamlBytes + bytes)] }]);
      continue;
    }
    yamlBytes += bytes;
    const key = options.key ?? uniqueKey(keyFromDisplayName(app.displayName), taken);
    doc.addApp(
      key,
      adoption.settings,
      `adopted by npm run adopt: ${app.appId} (${options.now.toISOString().slice(0, 10)})`,
    );
    taken.add(key);
    added.push({ key, adoption, at, base });
  }
  const problems = checkAgainstStack(doc, added, options.now);
  const written: WrittenApp[] = [];
  for (const { key, adoption, at, base } of added) {
    const reasons = problems.get(key);
    if (reasons) refused.push([at, { ...base, reasons }]);
    else written.push({ key, adoption });
  }
  return { written, refused: refused.sort((a, b) => a[0] - b[0]).map(([, refusal]) => refusal) };
}

/**
 * A stack holds at most MAX_APPS_PER_STACK apps (plan refuses more), so a choice that cannot fit
 * is refused before any app is read: `--all` on a tenant of thousands of apps would otherwise
 * write a stack nothing can plan, and take minutes doing it.
 */
function checkRoom(doc: StackDocument, present: number, adding: number): void {
  if (present + adding <= MAX_APPS_PER_STACK) return;
  const room = Math.max(0, MAX_APPS_PER_STACK - present);
  throw new AdoptUsageError(
    `${adding} apps were chosen${present > 0 ? ` and ${doc.file} holds ${present} already` : ""}, but a stack holds at most ${MAX_APPS_PER_STACK} apps (beyond that plan and review outgrow their time and memory budget). Choose at most ${room} (--all --filter <display-name prefix>, or --app), and adopt the others into other stacks, one per team or product (docs/configuration.md "Large stacks")`,
  );
}

function importId(app: GraphApplication): string {
  return `/applications/${app.id.toLowerCase()}`;
}

/** `/applications/{id}` → the key of the app in the stack that already takes it over. */
function claimedObjects(doc: StackDocument): Map<string, string> {
  const claimed = new Map<string, string>();
  for (const [key, settings] of Object.entries(doc.appsData())) {
    const existing = (settings as { existing?: { application?: unknown } } | null)?.existing;
    if (typeof existing?.application === "string")
      claimed.set(existing.application.toLowerCase(), key);
  }
  return claimed;
}
