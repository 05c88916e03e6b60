import { notFound } from "../directory/graphError";
import { isVisible } from "./context";
import {
  GraphCall,
  GraphRoute,
  collection,
  noContent,
  objectIdOfReference,
  requireReadable,
} from "./graphRequest";

const ID = "([^/]+)";

/** A directory object that has owners: how to find one, and its store's owner operations. */
export interface OwnedObjects {
  /** Graph's collection segment: `applications` or `servicePrincipals`. */
  segment: string;
  /** In words, for a 403: "an application's", "a service principal's". */
  description: string;
  /** The object, or Graph's 404. */
  find(call: GraphCall, id: string): { id: string };
  store(call: GraphCall): {
    addOwner(id: string, ownerId: string): void;
    removeOwner(id: string, ownerId: string): void;
  };
}

/** A principal being bound as owner must exist and have replicated (Graph's 404 otherwise). */
export function replicatedPrincipal(call: GraphCall, id: string): string {
  if (!isVisible(call.context, id)) throw notFound(id);
  return id;
}

/** GET /{segment}/{id}/owners, POST .../owners/$ref, DELETE .../owners/{ownerId}/$ref. */
export function ownerRoutes(objects: OwnedObjects): GraphRoute[] {
  const base = `^/${objects.segment}/${ID}/owners`;
  return [
    {
      method: "GET",
      pattern: new RegExp(`${base}$`),
      handle: (call, [id]) => {
        const object = objects.find(call, id);
        requireReadable(call, object.id, `reading ${objects.description} owners`);
        return collection(
          call,
          "directoryObjects",
          "DirectoryObject",
          call.directory.ownersOf(object.id),
          ["id"],
        );
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`${base}/\\$ref$`),
      handle: (call, [id]) => {
        objects.find(call, id);
        const owner = replicatedPrincipal(call, objectIdOfReference(call.body["@odata.id"]));
        objects.store(call).addOwner(id, owner);
        return noContent;
      },
    },
    {
      method: "DELETE",
      pattern: new RegExp(`${base}/${ID}/\\$ref$`),
      handle: (call, [id, ownerId]) => {
        objects.find(call, id);
        objects.store(call).removeOwner(id, ownerId);
        return noContent;
      },
    },
  ];
}
