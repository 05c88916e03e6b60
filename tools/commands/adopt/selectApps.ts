import { didYouMean } from "../../../program/permissions/didYouMean";
import { DirectoryExport, GraphApplication } from "../../tenant/directory/graphTypes";
import { printable } from "./printable";

/** A usage mistake: exit 1 with this message. */
export class AdoptUsageError extends Error {}

/**
 * The applications named by `--app` (appId, object ID or display name, any case) or all of them
 * (`--all`, optionally those whose display name starts with `--filter`), in export order.
 */
export function selectApps(
  bundle: DirectoryExport,
  refs: string[],
  all: boolean,
  filter: string | undefined,
): GraphApplication[] {
  if (all) {
    const prefix = filter?.toLowerCase() ?? "";
    const chosen = bundle.applications.filter((app) =>
      app.displayName.toLowerCase().startsWith(prefix),
    );
    if (chosen.length === 0) {
      throw new AdoptUsageError(
        filter === undefined
          ? "the export holds no application"
          : `no application's display name starts with "${printable(filter)}"`,
      );
    }
    return chosen;
  }
  const chosen = new Set<GraphApplication>();
  const problems: string[] = [];
  for (const ref of refs) {
    const wanted = ref.trim().toLowerCase();
    const byId = bundle.applications.filter(
      (app) => app.appId.toLowerCase() === wanted || app.id.toLowerCase() === wanted,
    );
    const matches =
      byId.length > 0
        ? byId
        : bundle.applications.filter((app) => app.displayName.toLowerCase() === wanted);
    if (matches.length === 1) chosen.add(matches[0]);
    else if (matches.length === 0) {
      problems.push(
        `--app ${printable(ref)}: no application has this appId, object ID or display name.${
          didYouMean(ref, new Set(bundle.applications.map((app) => app.displayName))) ||
          ` The export holds ${bundle.applications.length} application(s).`
        }`,
      );
    } else {
      problems.push(
        `--app ${printable(ref)}: ${matches.length} applications have this display name; name one by its appId: ${matches.map((app) => app.appId).join(", ")}`,
      );
    }
  }
  if (problems.length > 0) throw new AdoptUsageError(problems.join("\n"));
  return bundle.applications.filter((app) => chosen.has(app));
}
