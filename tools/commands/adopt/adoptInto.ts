import { DirectoryExport, GraphApplication } from "../../tenant/directory/graphTypes";
import { adoptApp, Refusal } from "./adoptApp";
import { keyFromDisplayName, uniqueKey } from "./appKeys";
import { checkAgainstStack } from "./checkAgainstStack";
import { WrittenApp } from "./formatAdoption";
import { liveApp } from "./liveApp";
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
  const result: AdoptionResult = { written: [], refused: [] };
  for (const app of chosen) {
    const base = { kind: "refused" as const, displayName: app.displayName, appId: app.appId };
    const earlier = claimed.get(`/applications/${app.id.toLowerCase()}`);
    if (earlier) {
      result.refused.push({
        ...base,
        reasons: [
          `is already in ${doc.file} as apps.${earlier} (its existing.application); adopt takes an app over once`,
        ],
      });
      continue;
    }
    const adoption = adoptApp(bundle, liveApp(bundle, app));
    if (adoption.kind === "refused") {
      result.refused.push(adoption);
      continue;
    }
    if (options.key && taken.has(options.key)) {
      throw new AdoptUsageError(
        `apps.${options.key} already exists in ${doc.file}; adopt never overwrites an app (choose another --key, or remove that entry first)`,
      );
    }
    const key = options.key ?? uniqueKey(keyFromDisplayName(app.displayName), taken);
    doc.addApp(
      key,
      adoption.settings,
      `adopted by npm run adopt: ${app.appId} (${options.now.toISOString().slice(0, 10)})`,
    );
    const problems = checkAgainstStack(doc, key, adoption, options.now);
    if (problems.length > 0) {
      doc.removeApp(key);
      result.refused.push({ ...base, reasons: problems });
      continue;
    }
    taken.add(key);
    result.written.push({ key, adoption });
  }
  return result;
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
