/**
 * A YAML/JSON map (not null, not a list). Its own module because the config schemas and the
 * parsing that reports on them both need it: kept in either, it would make them import each other.
 */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
