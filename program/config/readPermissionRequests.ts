import { catalogEntry } from "../permissions/catalog";
import { didYouMean } from "../permissions/didYouMean";
import {
  MICROSOFT_GRAPH_APP_ID,
  parseApiReference,
  wellKnownApis,
} from "../permissions/wellKnownApis";
import { ApiPermissionRequest } from "./appConfig";
import { ConfigProblem } from "./configProblem";
import { PermissionLists } from "./settings/permissions";

/**
 * Turns parsed `permissions:` into requests, checking each API key: a well-known name or appId,
 * never the retired Azure AD Graph, each API once.
 */
export function readPermissionRequests(
  permissions: Record<string, PermissionLists>,
  basePath: string,
  problems: ConfigProblem[],
): ApiPermissionRequest[] {
  const requests: ApiPermissionRequest[] = [];
  const seenAppIds = new Map<string, string>();
  for (const [configKey, lists] of Object.entries(permissions)) {
    const path = `${basePath}.${configKey}`;
    const reference = parseApiReference(configKey);
    if (reference.kind === "retired") {
      problems.push({ path, value: configKey, message: retiredApiMessage(lists) });
      continue;
    }
    if (reference.kind === "unknown") {
      const names = wellKnownApis.map((api) => api.name);
      problems.push({
        path,
        value: configKey,
        message:
          `is not a known API name.${didYouMean(configKey, names)} ` +
          `Use one of ${names.join(", ")}, or the API's appId (a GUID)`,
      });
      continue;
    }
    const earlier = seenAppIds.get(reference.api.appId);
    if (earlier !== undefined) {
      problems.push({
        path,
        value: configKey,
        message: `names the same API as "${earlier}"; merge the two entries`,
      });
      continue;
    }
    seenAppIds.set(reference.api.appId, configKey);
    requests.push({
      configKey,
      path,
      api: reference.api,
      application: lists.application,
      delegated: lists.delegated,
    });
  }
  // Graph first, then by appId: a stable order however the config lists them.
  const rank = (request: ApiPermissionRequest) =>
    request.api.appId === MICROSOFT_GRAPH_APP_ID ? "" : request.api.appId;
  return requests.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** Names, per permission, what to use on Microsoft Graph instead of the retired Azure AD Graph. */
function retiredApiMessage(lists: PermissionLists): string {
  const found: string[] = [];
  const missing: string[] = [];
  for (const kind of ["application", "delegated"] as const) {
    for (const name of lists[kind]) {
      (catalogEntry(MICROSOFT_GRAPH_APP_ID, name, kind) ? found : missing).push(
        `${name} (${kind})`,
      );
    }
  }
  return [
    "Azure AD Graph (00000002-0000-0000-c000-000000000000) is retired and no longer issues tokens.",
    found.length > 0
      ? `Microsoft Graph has the same permissions: move ${found.join(", ")} under \`Microsoft Graph:\`.`
      : "",
    missing.length > 0
      ? `Microsoft Graph has no permission of the same name and kind for ${missing.join(", ")}; pick its Graph equivalent.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
}
