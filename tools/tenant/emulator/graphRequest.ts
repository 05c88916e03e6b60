import { Directory } from "../directory/directory";
import { GraphError, notFound } from "../directory/graphError";
import { EmulatorContext, isVisible } from "./context";
import { Reply } from "./http";
import { page, parseQuery, project } from "./odata";

/** One authenticated Graph request, as a route handler sees it. */
export interface GraphCall {
  context: EmulatorContext;
  directory: Directory;
  method: string;
  version: "v1.0" | "beta";
  query: URLSearchParams;
  /** The JSON body of a POST or PATCH; `{}` otherwise. */
  body: Record<string, unknown>;
  /** The request's full URL as the client used it (for `@odata.nextLink`). */
  url: URL;
}

/** A route: method, path pattern (after `/v1.0` or `/beta`), and a synchronous handler. */
export interface GraphRoute {
  method: string;
  pattern: RegExp;
  handle: (call: GraphCall, params: string[]) => Reply;
}

/** Graph's permissions to read applications and service principals tenant-wide. */
export const READ_APPLICATIONS = [
  "Application.Read.All",
  "Application.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];

function metadataUrl(call: GraphCall, fragment: string): string {
  return `${call.url.origin}/${call.version}/$metadata#${fragment}`;
}

/**
 * A collection in Graph's shape: `@odata.context`, `value`, and `@odata.nextLink` while pages
 * remain; `$filter` (on `filterable` properties), `$select` and `$top` applied.
 */
export function collection<T extends object>(
  call: GraphCall,
  contextPath: string,
  resource: string,
  items: T[],
  filterable: string[],
  defaults: Record<string, unknown> = {},
): Reply {
  const query = parseQuery(call.query, resource, filterable);
  const matching = items.filter((item) => query.filter(item as Record<string, unknown>));
  const { value, nextLink } = page(matching, query, call.context.pageSize, call.url);
  const select = query.select ? `(${query.select.join(",")})` : "";
  return {
    status: 200,
    body: {
      "@odata.context": metadataUrl(call, `${contextPath}${select}`),
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map((item) => project(item, query.select, defaults)),
    },
  };
}

/** One object in Graph's shape (`$select` applied), with `status` 200 or 201. */
export function entity(
  call: GraphCall,
  contextPath: string,
  item: object,
  status = 200,
  defaults: Record<string, unknown> = {},
): Reply {
  const select = call.query
    .get("$select")
    ?.split(",")
    .map((name) => name.trim());
  const suffix = select ? `(${select.join(",")})/$entity` : "/$entity";
  return {
    status,
    body: {
      "@odata.context": metadataUrl(call, `${contextPath}${suffix}`),
      ...project(item, select, defaults),
    },
  };
}

export const noContent: Reply = { status: 204 };

/** The object, or Graph's 404 when it does not exist or has not replicated yet. */
export function visible<T>(call: GraphCall, id: string, item: T | undefined): T {
  if (item === undefined || !isVisible(call.context, id)) throw notFound(id);
  return item;
}

/** Whether the caller may read every application and service principal. */
export function readsAll(call: GraphCall): boolean {
  return READ_APPLICATIONS.some((role) => call.directory.caller.roles.includes(role));
}

/**
 * Reading an application or service principal: tenant-wide with a read permission, or only
 * objects the caller owns with Application.ReadWrite.OwnedBy; 403 otherwise.
 */
export function requireReadable(call: GraphCall, objectId: string, operation: string): void {
  if (readsAll(call)) return;
  const { caller, owners } = call.directory;
  if (
    caller.roles.includes("Application.ReadWrite.OwnedBy") &&
    (owners.get(objectId) ?? []).includes(caller.objectId)
  )
    return;
  call.directory.requireRole(READ_APPLICATIONS, operation);
}

/** The objects of a list the caller may read (all, or its own with OwnedBy). */
export function readableOnly<T extends { id: string }>(
  call: GraphCall,
  items: T[],
  operation: string,
): T[] {
  if (readsAll(call)) return items;
  const { caller, owners } = call.directory;
  if (!caller.roles.includes("Application.ReadWrite.OwnedBy"))
    call.directory.requireRole(READ_APPLICATIONS, operation);
  return items.filter((item) => (owners.get(item.id) ?? []).includes(caller.objectId));
}

/** The object ID at the end of a directory object URL (`owners@odata.bind`, `@odata.id`). */
export function objectIdOfReference(reference: unknown): string {
  const id =
    /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/?$/.exec(
      String(reference ?? ""),
    )?.[1];
  if (!id)
    throw new GraphError(
      400,
      "Request_BadRequest",
      `Invalid object identifier '${String(reference ?? "")}'.`,
    );
  return id.toLowerCase();
}

/** The body without properties Graph sets itself (IDs, dates) and OData annotations. */
export function writable(
  body: Record<string, unknown>,
  readOnly: string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([name]) => !readOnly.includes(name) && !name.includes("@")),
  );
}

/** A string property of the body, or Graph's 400 naming it. */
export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "")
    throw new GraphError(400, "Request_BadRequest", `Property '${name}' is required.`);
  return value;
}
