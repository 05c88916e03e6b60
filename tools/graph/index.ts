/**
 * The Graph reader and the export bundle, shared by `adopt` and `drift`. The API is stable:
 *
 * Reading a tenant
 * - `openGraph(io, { authorityHost?, scope? }, command): GraphApi`: Graph as `io` sees it (the
 *   identity from `io.env`: AZURE_* secret, the provider's ARM_* service principal with a secret
 *   or OIDC, else DefaultAzureCredential; the network `io.fetch`; throttling waits `io.sleep`).
 *   Throws GraphCloudError (usage, exit 1) for a bad `--authority-host`/`--scope`/ARM_ENVIRONMENT.
 * - `readDirectory(graph, selection, tenantId?): Promise<DirectoryRead>`: the selected apps
 *   (`{ apps: [appId | objectId | displayName, ...] }` or `{ all: true, displayNameStartsWith? }`)
 *   with everything that gives them access, as `{ bundle: DirectoryExport, matches }`
 *   (`matches[i].applicationIds`: what each `--app` value named; empty = not found, several =
 *   a display name shared). Throws GraphReadError (exit 2) on any failed read, never partial.
 * - `GraphReadError.failure`: "sign-in" | "forbidden" | "not-found" | "throttled" | "network" |
 *   "graph"; its message says in words which permission a 403 lacks.
 * - `LEAST_GRAPH_PERMISSIONS`: Application.Read.All and DelegatedPermissionGrant.Read.All
 *   (application permissions, admin consent), all the reader needs.
 * - `liveDirectory(io, options, command, selection)`: what `--from-export` names, or the
 *   selection read from Graph and saved to `--save-export`, with its source in words.
 * - Lower level: `graphCloud`, `graphIdentity`, `connectGraph` (GraphApi over any credential
 *   and fetch), `ThrottleRetry`, `retryDelayMs`, `explainForbidden`, `permissionFor`.
 *
 * The export bundle (`DirectoryExport` in tools/tenant/directory/graphTypes.ts)
 * - `saveExport(file, bundle)`: `--save-export`; never overwrites (ExportFileError exit 1),
 *   refuses anything token-like (exit 2), writes mode 600, secrets emptied.
 * - `loadExport(file, maxBytes?)`: `--from-export`; size cap MAX_EXPORT_BYTES, JSON, zod schema
 *   (`directoryExportSchema`), every problem with its path; ExportFileError exit 2.
 * - `withoutSecrets(bundle)`, `findTokenLike(value)`.
 */
export type { GraphCloud } from "./cloud";
export { GraphCloudError, graphCloud } from "./cloud";
export type { GraphIdentity } from "./credential";
export { graphIdentity } from "./credential";
export {
  ExportFileError,
  MAX_EXPORT_BYTES,
  findTokenLike,
  loadExport,
  saveExport,
  withoutSecrets,
} from "./exportBundle";
export { directoryExportSchema, parseDirectoryExport } from "./exportSchema";
export { fetchHttpClient } from "./fetchHttpClient";
export type { GraphApi, GraphConnection } from "./graphClient";
export { connectGraph } from "./graphClient";
export type { GraphFailure } from "./graphErrors";
export { GraphReadError, graphReadError } from "./graphErrors";
export type { LiveDirectoryOptions } from "./liveDirectory";
export { liveDirectory } from "./liveDirectory";
export type { GraphOptions } from "./openGraph";
export { openGraph } from "./openGraph";
export type { ReadPermission } from "./permissions";
export { LEAST_GRAPH_PERMISSIONS, explainForbidden, permissionFor } from "./permissions";
export type { AppMatch, AppSelection, DirectoryRead } from "./readDirectory";
export { readDirectory } from "./readDirectory";
export type { RetryOptions } from "./throttleRetry";
export { ThrottleRetry, retryDelayMs } from "./throttleRetry";
