import { PermissionCatalog } from "../../../program/permissions/catalogTypes";
import type { DirectoryContext } from "./directoryContext";
import { GraphError, badRequest, notFound } from "./graphError";
import { GraphServicePrincipal } from "./graphTypes";
import { directoryGuid, plainCopy } from "./ids";

/** What a PATCH may change: anything but the IDs Graph sets. */
export type ServicePrincipalPatch = Partial<
  Omit<GraphServicePrincipal, "id" | "appId" | "appOwnerOrganizationId" | "servicePrincipalNames">
>;

/** Properties Graph sets itself, or that a create call names separately. */
const NOT_COPIED = [
  "id",
  "appId",
  "appOwnerOrganizationId",
  "servicePrincipalNames",
  "servicePrincipalType",
  "passwordCredentials",
  "keyCredentials",
  "appRoles",
  "oauth2PermissionScopes",
  "ownerIds",
];

/** The other writable properties of a create body (notes, appRoleAssignmentRequired, ...), kept as given. */
function otherProperties(body: Record<string, unknown>): ServicePrincipalPatch {
  return Object.fromEntries(
    Object.entries(body).filter(([key]) => !NOT_COPIED.includes(key)),
  ) as ServicePrincipalPatch;
}

/**
 * Service principals: https://learn.microsoft.com/graph/api/resources/serviceprincipal. One per
 * application per tenant; creating one needs Application.ReadWrite.All, or OwnedBy for an app the
 * caller owns.
 */
export class ServicePrincipalStore {
  private readonly byId = new Map<string, GraphServicePrincipal>();

  constructor(private readonly directory: DirectoryContext) {}

  list(): GraphServicePrincipal[] {
    return [...this.byId.values()];
  }

  get(id: string): GraphServicePrincipal | undefined {
    return this.byId.get(id.toLowerCase());
  }

  byAppId(appId: string): GraphServicePrincipal | undefined {
    return this.list().find((sp) => sp.appId === appId.toLowerCase());
  }

  require(id: string): GraphServicePrincipal {
    const sp = this.get(id);
    if (!sp) throw notFound(id);
    return sp;
  }

  /**
   * Graph refuses changes to a service principal the caller neither owns nor may write
   * tenant-wide: with Application.ReadWrite.OwnedBy the caller must own the service principal
   * itself (the provider's docs: "an owner of both the linked application registration and the
   * service principal being managed").
   */
  requireWritable(id: string, operation: string): GraphServicePrincipal {
    const sp = this.require(id);
    const caller = this.directory.caller;
    if (caller.roles.includes("Application.ReadWrite.All")) return sp;
    const owns = (this.directory.owners.get(sp.id) ?? []).includes(caller.objectId);
    if (caller.roles.includes("Application.ReadWrite.OwnedBy") && owns) return sp;
    this.directory.requireRole(
      ["Application.ReadWrite.All"],
      `${operation} on a service principal the caller does not own`,
    );
    return sp;
  }

  /** POST /servicePrincipals { appId }. */
  create(
    body: { appId: string; ownerIds?: string[]; tags?: string[] } & ServicePrincipalPatch,
    hint: string,
  ): GraphServicePrincipal {
    const app = this.directory.applications.byAppId(body.appId);
    if (!app) {
      throw badRequest(
        `The appId '${body.appId}' of the service principal does not reference a valid application object.`,
      );
    }
    this.directory.applications.requireWritable(app.id, "creating a service principal");
    if (this.byAppId(app.appId)) {
      throw new GraphError(
        409,
        "Request_MultipleObjectsWithSameKeyValue",
        "The service principal cannot be created, updated, or restored because the service principal name " +
          `${app.appId} is already in use.`,
      );
    }
    const sp: GraphServicePrincipal = {
      id: this.directory.newGuid("servicePrincipal", hint),
      appId: app.appId,
      displayName: app.displayName,
      servicePrincipalType: "Application",
      accountEnabled: true,
      appRoleAssignmentRequired: false,
      appOwnerOrganizationId: this.directory.tenantId,
      appRoles: [],
      oauth2PermissionScopes: [],
      servicePrincipalNames: [app.appId],
      tags: body.tags ?? [],
      notes: null,
      passwordCredentials: [],
      keyCredentials: [],
      ...structuredClone(otherProperties(body)),
    };
    const owners = (body.ownerIds ?? []).map((id) => id.toLowerCase());
    for (const owner of owners) if (!this.directory.principal(owner)) throw notFound(owner);
    this.byId.set(sp.id, sp);
    this.directory.owners.set(sp.id, [...new Set(owners)]);
    this.directory.markCreated(sp.id);
    return structuredClone(sp);
  }

  /** PATCH /servicePrincipals/{id}: replaces each property given (IDs are Graph's to set). */
  update(id: string, patch: ServicePrincipalPatch): GraphServicePrincipal {
    const sp = this.requireWritable(id, "updating");
    if (patch.displayName !== undefined && patch.displayName.trim() === "") {
      throw badRequest("Property 'displayName' is required and cannot be empty.");
    }
    Object.assign(sp, structuredClone(patch));
    return structuredClone(sp);
  }

  delete(id: string): void {
    const sp = this.require(id);
    const app = this.directory.applications.byAppId(sp.appId);
    if (app) this.directory.applications.requireWritable(app.id, "deleting a service principal");
    else this.requireWritable(sp.id, "deleting");
    this.byId.delete(sp.id);
    this.directory.owners.delete(sp.id);
    this.directory.consent.forgetPrincipal(sp.id);
  }

  addOwner(id: string, ownerId: string): void {
    const sp = this.requireWritable(id, "adding an owner");
    const owner = this.directory.principal(ownerId);
    if (!owner) throw notFound(ownerId);
    const owners = this.directory.owners.get(sp.id) ?? [];
    if (owners.includes(owner.id)) {
      throw badRequest(
        "One or more added object references already exist for the following modified properties: 'owners'.",
      );
    }
    this.directory.owners.set(sp.id, [...owners, owner.id]);
  }

  removeOwner(id: string, ownerId: string): void {
    const sp = this.requireWritable(id, "removing an owner");
    const owners = this.directory.owners.get(sp.id) ?? [];
    if (!owners.includes(ownerId.toLowerCase())) throw notFound(ownerId);
    this.directory.owners.set(
      sp.id,
      owners.filter((owner) => owner !== ownerId.toLowerCase()),
    );
  }

  /** A first-party API's service principal, with its app roles and scopes from the catalog. */
  publish(api: PermissionCatalog): void {
    const id = directoryGuid("resource-apis", "servicePrincipal", api.appId);
    this.byId.set(id, catalogServicePrincipal(api, id));
  }

  restore(sp: GraphServicePrincipal): void {
    this.byId.set(sp.id, plainCopy(sp));
  }
}

/** Microsoft's own tenant: the owner of first-party APIs such as Microsoft Graph. */
export const MICROSOFT_SERVICES_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/**
 * A first-party API's service principal as Graph returns it, with object ID `id` and the app
 * roles and scopes of its catalog (descriptions left empty: the catalog keeps only the values).
 */
export function catalogServicePrincipal(api: PermissionCatalog, id: string): GraphServicePrincipal {
  return {
    id,
    appId: api.appId,
    displayName: api.displayName,
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    appRoles: api.permissions
      .filter((p) => p.kind === "application")
      .map((p) => ({
        id: p.id,
        value: p.value,
        displayName: p.value,
        description: "",
        allowedMemberTypes: ["Application"],
        isEnabled: true,
      })),
    oauth2PermissionScopes: api.permissions
      .filter((p) => p.kind === "delegated")
      .map((p) => ({
        id: p.id,
        value: p.value,
        type: p.adminConsentRequired ? "Admin" : "User",
        adminConsentDisplayName: p.value,
        adminConsentDescription: "",
        userConsentDisplayName: null,
        userConsentDescription: null,
        isEnabled: true,
      })),
    servicePrincipalNames: [api.appId],
    tags: [],
    notes: null,
    passwordCredentials: [],
    keyCredentials: [],
  };
}
