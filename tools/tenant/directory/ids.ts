import { createHash } from "crypto";

/**
 * Deterministic IDs: the same tenant seed, kind and key always give the same ID, so a test can
 * state an expected ID without calling the function that makes it, and two runs agree.
 */

/** A lower-case GUID, as Graph returns every object ID. */
export function directoryGuid(seed: string, kind: string, key: string): string {
  const hex = createHash("sha1").update(`${seed}:${kind}:${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Graph's opaque IDs of app role assignments and OAuth2 permission grants: 43 base64url
 * characters (e.g. `41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE`), never a GUID.
 */
export function opaqueId(seed: string, kind: string, key: string): string {
  return createHash("sha256").update(`${seed}:${kind}:${key}`).digest("base64url").slice(0, 43);
}

/** Shaped like a real Entra client secret: 3 characters, `8Q~`, 34 characters. */
export function secretText(seed: string, keyId: string): string {
  const body = createHash("sha256").update(`${seed}:secret:${keyId}`).digest("base64url");
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

/** RFC 3339 in UTC without fractions, as Graph writes dates. */
export function graphDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A deep copy of Graph JSON in this realm's own types. Seeded objects come from outside (a test's
 * bundle, an export file); structuredClone would build them with the host realm's Array under
 * jest's vm sandbox, which Pulumi's mock serializer (instanceof Array) does not recognise.
 */
export function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
