import { notFound } from "../directory/graphError";
import { GraphOAuth2PermissionGrant } from "../directory/graphTypes";
import { isVisible } from "./context";
import { APPLICATION_DEFAULTS } from "./graphApplications";
import { SERVICE_PRINCIPAL_DEFAULTS } from "./graphServicePrincipals";
import {
  GraphCall,
  GraphRoute,
  READ_APPLICATIONS,
  collection,
  entity,
  noContent,
  requireReadable,
  requiredString,
  visible,
} from "./graphRequest";

const ID = "([^/]+)";
/** Reading delegated permission grants. */
const READ_GRANTS = [
  "DelegatedPermissionGrant.ReadWrite.All",
  "DelegatedPermissionGrant.Read.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];
/** Reading any directory object by ID. */
const READ_OBJECTS = [...READ_APPLICATIONS, "User.Read.All", "User.ReadWrite.All"];

function grant(call: GraphCall, id: string): GraphOAuth2PermissionGrant {
  return visible(call, id, call.directory.consent.grant(id));
}

/**
 * Tenant-wide delegated consent (https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant)
 * and `directoryObjects/{id}` (owners, principals of any type).
 */
export const grantRoutes: GraphRoute[] = [
  {
    method: "GET",
    pattern: /^\/oauth2PermissionGrants$/,
    handle: (call) => {
      call.directory.requireRole(READ_GRANTS, "listing delegated permission grants");
      return collection(
        call,
        "oauth2PermissionGrants",
        "OAuth2PermissionGrant",
        call.directory.consent.listGrants().filter((g) => isVisible(call.context, g.id)),
        ["clientId", "resourceId", "consentType", "principalId"],
      );
    },
  },
  {
    method: "POST",
    pattern: /^\/oauth2PermissionGrants$/,
    handle: (call) => {
      const clientId = requiredString(call.body, "clientId").toLowerCase();
      const resourceId = requiredString(call.body, "resourceId").toLowerCase();
      for (const id of [clientId, resourceId]) if (!isVisible(call.context, id)) throw notFound(id);
      const created = call.directory.consent.createGrant({
        clientId,
        resourceId,
        consentType: call.body.consentType === "Principal" ? "Principal" : "AllPrincipals",
        principalId: typeof call.body.principalId === "string" ? call.body.principalId : null,
        scope: typeof call.body.scope === "string" ? call.body.scope : "",
      });
      return entity(call, "oauth2PermissionGrants", created, 201);
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/oauth2PermissionGrants/${ID}$`),
    handle: (call, [id]) => {
      call.directory.requireRole(READ_GRANTS, "reading a delegated permission grant");
      return entity(call, "oauth2PermissionGrants", grant(call, id));
    },
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^/oauth2PermissionGrants/${ID}$`),
    handle: (call, [id]) => {
      grant(call, id);
      call.directory.consent.updateGrant(id, requiredString(call.body, "scope"));
      return noContent;
    },
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^/oauth2PermissionGrants/${ID}$`),
    handle: (call, [id]) => {
      grant(call, id);
      call.directory.consent.deleteGrant(id);
      return noContent;
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/directoryObjects/${ID}$`),
    handle: (call, [rawId]) => {
      const id = rawId.toLowerCase();
      if (!isVisible(call.context, id)) throw notFound(id);
      const { directory } = call;
      const app = directory.applications.get(id);
      const sp = directory.servicePrincipals.get(id);
      if (app || sp) requireReadable(call, id, "reading a directory object");
      else directory.requireRole(READ_OBJECTS, "reading a directory object");
      const found = app
        ? { "@odata.type": "#microsoft.graph.application", ...APPLICATION_DEFAULTS, ...app }
        : sp
          ? {
              "@odata.type": "#microsoft.graph.servicePrincipal",
              ...SERVICE_PRINCIPAL_DEFAULTS,
              ...sp,
            }
          : directory.principal(id);
      if (!found) throw notFound(id);
      return entity(call, "directoryObjects", found);
    },
  },
];
