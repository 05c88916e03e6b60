import { z } from "zod";
import { uniqueList } from "../uniqueList";

/** One API's permission names, by kind, as configured (each list defaults to empty). */
export interface PermissionLists {
  application: string[];
  delegated: string[];
}

const permissionName = z
  .string({ error: 'must be a permission name such as "Mail.Send"' })
  .regex(/^\S+$/, { error: "must be a single permission name without spaces, e.g. Mail.Send" });

const permissionNames = uniqueList(permissionName, "permission");

const apiPermissionsSchema = z
  .strictObject(
    { application: permissionNames.optional(), delegated: permissionNames.optional() },
    { error: "must be a map with `application:` and/or `delegated:` lists of permission names" },
  )
  .transform((lists): PermissionLists => ({
    application: lists.application ?? [],
    delegated: lists.delegated ?? [],
  }));

/**
 * `permissions:`, API name or appId → permission names. Which APIs the keys name is checked
 * after parsing (readPermissionRequests), as the names are checked against the API's own list.
 */
export const permissionsSchema = z.record(z.string(), apiPermissionsSchema, {
  error: "must be a map of API name to { application: [...], delegated: [...] }",
});

/** A list as far as it can be read: its valid names, each once. */
const readableNames = z
  .array(z.unknown())
  .catch([])
  .transform((items) => [
    ...new Set(items.filter((item): item is string => permissionName.safeParse(item).success)),
  ]);

/**
 * What can still be read of a `permissions:` map the schema refused: every API key, with the
 * valid names of its lists, so the APIs and names are checked in the same run as the mistake.
 */
export const readablePermissionsSchema = z
  .record(
    z.string(),
    z
      .object({ application: readableNames, delegated: readableNames })
      .catch({ application: [], delegated: [] }),
  )
  .catch({});
