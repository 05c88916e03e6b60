import { GraphError, badRequest } from "../directory/graphError";

/**
 * The OData query options Graph's directory collections take, as far as this project's tools
 * and the azuread provider use them: `$filter` with `prop eq '...'` and
 * `startswith(prop,'...')` joined by `and` (quotes doubled inside values), `$select`, `$top`
 * (1-999, also the page size) and `$skiptoken` paging with `@odata.nextLink`.
 */
export interface ODataQuery {
  filter: (item: Record<string, unknown>) => boolean;
  select?: string[];
  top?: number;
  offset: number;
}

/** Query options this emulator refuses rather than silently ignore. */
const UNSUPPORTED = ["$orderby", "$search", "$expand", "$skip", "$count", "$apply"];
const CLAUSE =
  /^\s*(?:startswith\(\s*([A-Za-z]+)\s*,\s*'((?:[^']|'')*)'\s*\)|([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)')\s*/i;
const MAX_TOP = 999;

/** Reads the options of a list request; `resource` and `filterable` are for Graph's messages. */
export function parseQuery(
  query: URLSearchParams,
  resource: string,
  filterable: string[],
): ODataQuery {
  for (const option of UNSUPPORTED) {
    if (query.has(option))
      throw new GraphError(
        400,
        "Request_UnsupportedQuery",
        `The query option '${option}' is not supported by the local Entra emulator.`,
      );
  }
  const filterText = query.get("$filter");
  const selectText = query.get("$select");
  const topText = query.get("$top");
  let top: number | undefined;
  if (topText !== null) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP)
      throw badRequest(
        `Invalid page size specified: '${topText}'. Must be between 1 and ${MAX_TOP} inclusive.`,
      );
  }
  return {
    filter: filterText === null ? () => true : parseFilter(filterText, resource, filterable),
    select: selectText === null ? undefined : selectText.split(",").map((name) => name.trim()),
    top,
    offset: readSkipToken(query.get("$skiptoken")),
  };
}

function parseFilter(
  text: string,
  resource: string,
  filterable: string[],
): (item: Record<string, unknown>) => boolean {
  const tests: ((item: Record<string, unknown>) => boolean)[] = [];
  let rest = text;
  for (;;) {
    const match = CLAUSE.exec(rest);
    if (!match) throw badRequest(`Invalid filter clause: '${text}'.`, "BadRequest");
    const startsWith = match[1] !== undefined;
    const property = match[1] ?? match[3];
    const value = (match[2] ?? match[4]).replace(/''/g, "'").toLowerCase();
    const known = filterable.find((name) => name.toLowerCase() === property.toLowerCase());
    if (!known)
      throw new GraphError(
        400,
        "Request_UnsupportedQuery",
        `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
      );
    tests.push((item) => {
      const actual = item[known];
      if (typeof actual !== "string") return false;
      const lower = actual.toLowerCase();
      return startsWith ? lower.startsWith(value) : lower === value;
    });
    rest = rest.slice(match[0].length);
    if (rest.trim() === "") break;
    const and = /^and\s+/i.exec(rest);
    if (!and) throw badRequest(`Invalid filter clause: '${text}'.`, "BadRequest");
    rest = rest.slice(and[0].length);
  }
  return (item) => tests.every((test) => test(item));
}

function readSkipToken(token: string | null): number {
  if (token === null) return 0;
  const match = /^o(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw badRequest("The skip token is invalid.", "Request_BadRequest");
  return Number(match[1]);
}

/**
 * Only the selected properties of an object (Graph answers null for a property it has but that
 * is unset; `defaults` supplies values this model does not keep, e.g. beta-only ones).
 */
export function project<T extends object>(
  item: T,
  select: string[] | undefined,
  defaults: Record<string, unknown> = {},
): Record<string, unknown> {
  const record = item as Record<string, unknown>;
  if (!select) return { ...record };
  const projected: Record<string, unknown> = {};
  if (record["@odata.type"] !== undefined) projected["@odata.type"] = record["@odata.type"];
  for (const name of select) projected[name] = record[name] ?? defaults[name] ?? null;
  return projected;
}

/**
 * One page of a collection: `pageSize` items from the query's offset, with `@odata.nextLink`
 * (the same request with `$skiptoken`) while more remain.
 */
export function page<T>(
  items: T[],
  query: ODataQuery,
  pageSize: number,
  requestUrl: URL,
): { value: T[]; nextLink?: string } {
  const size = query.top ?? pageSize;
  const value = items.slice(query.offset, query.offset + size);
  if (query.offset + size >= items.length) return { value };
  const params = [...requestUrl.searchParams]
    .filter(([name]) => name !== "$skiptoken")
    .map(([name, text]) => `${name}=${encodeURIComponent(text)}`);
  const token = Buffer.from(`o${query.offset + size}`, "utf8").toString("base64url");
  const search = [...params, `$skiptoken=${token}`].join("&");
  return { value, nextLink: `${requestUrl.origin}${requestUrl.pathname}?${search}` };
}
