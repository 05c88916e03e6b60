import { badRequest, notFound } from "../directory/graphError";
import { GraphServicePrincipal } from "../directory/graphTypes";
import { isVisible } from "./context";
import { ownerRoutes, replicatedPrincipal } from "./graphOwners";
import {
  GraphCall,
  GraphRoute,
  READ_APPLICATIONS,
  collection,
  entity,
  noContent,
  objectIdOfReference,
  readableOnly,
  requireReadable,
  requiredString,
  visible,
  writable,
} from "./graphRequest";

const ID = "([^/]+)";
const READ_ONLY = ["id", "appId", "appOwnerOrganizationId", "servicePrincipalNames"];
/** Beta or unmodelled properties as Graph reads them back when unset. */
export const SERVICE_PRINCIPAL_DEFAULTS = { samlMetadataUrl: null, description: null };
const FILTERABLE = ["id", "appId", "displayName", "servicePrincipalType"];
/** Reading app role assignments. */
const READ_ASSIGNMENTS = [...READ_APPLICATIONS, "AppRoleAssignment.ReadWrite.All"];

function servicePrincipal(call: GraphCall, id: string): GraphServicePrincipal {
  return visible(call, id.toLowerCase(), call.directory.servicePrincipals.get(id));
}

/**
 * Service principals (https://learn.microsoft.com/graph/api/resources/serviceprincipal): list,
 * create, read, update, delete, owners, and the app role assignments granted on them
 * (`appRoleAssignedTo`, where admin consent for application permissions lives) or held by them
 * (`appRoleAssignments`).
 */
export const servicePrincipalRoutes: GraphRoute[] = [
  {
    method: "GET",
    pattern: /^\/servicePrincipals$/,
    handle: (call) =>
      collection(
        call,
        "servicePrincipals",
        "ServicePrincipal",
        readableOnly(
          call,
          call.directory.servicePrincipals.list().filter((sp) => isVisible(call.context, sp.id)),
          "listing service principals",
        ),
        FILTERABLE,
        SERVICE_PRINCIPAL_DEFAULTS,
      ),
  },
  {
    method: "POST",
    pattern: /^\/servicePrincipals$/,
    handle: (call) => {
      const appId = requiredString(call.body, "appId");
      const app = call.directory.applications.byAppId(appId);
      if (app && !isVisible(call.context, app.id)) {
        // What Graph says for an application its replica does not know yet (the provider retries it).
        throw badRequest(
          `The appId '${appId}' of the service principal does not reference a valid application object.`,
        );
      }
      const binds = call.body["owners@odata.bind"];
      const ownerIds = (Array.isArray(binds) ? binds : []).map((reference) =>
        replicatedPrincipal(call, objectIdOfReference(reference)),
      );
      const sp = call.directory.servicePrincipals.create(
        { ...writable(call.body, READ_ONLY), appId, ownerIds },
        appId,
      );
      return entity(call, "servicePrincipals", sp, 201, SERVICE_PRINCIPAL_DEFAULTS);
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/servicePrincipals/${ID}$`),
    handle: (call, [id]) => {
      const sp = servicePrincipal(call, id);
      requireReadable(call, sp.id, "reading a service principal");
      return entity(call, "servicePrincipals", sp, 200, SERVICE_PRINCIPAL_DEFAULTS);
    },
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^/servicePrincipals/${ID}$`),
    handle: (call, [id]) => {
      servicePrincipal(call, id);
      call.directory.servicePrincipals.update(id, writable(call.body, READ_ONLY));
      return noContent;
    },
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^/servicePrincipals/${ID}$`),
    handle: (call, [id]) => {
      servicePrincipal(call, id);
      call.directory.servicePrincipals.delete(id);
      return noContent;
    },
  },
  ...ownerRoutes({
    segment: "servicePrincipals",
    description: "a service principal's",
    find: servicePrincipal,
    store: (call) => call.directory.servicePrincipals,
  }),
  ...assignmentRoutes(),
];

function assignmentRoutes(): GraphRoute[] {
  const assignedTo = `^/servicePrincipals/${ID}/appRoleAssignedTo`;
  const assignmentsOf = (
    call: GraphCall,
    match: (principal: string, resource: string) => boolean,
  ) =>
    call.directory.consent
      .listAssignments()
      .filter((a) => match(a.principalId, a.resourceId) && isVisible(call.context, a.id));
  return [
    {
      method: "GET",
      pattern: new RegExp(`${assignedTo}$`),
      handle: (call, [id]) => {
        const sp = servicePrincipal(call, id);
        call.directory.requireRole(READ_ASSIGNMENTS, "reading app role assignments");
        return collection(
          call,
          `servicePrincipals('${sp.id}')/appRoleAssignedTo`,
          "AppRoleAssignment",
          assignmentsOf(call, (_principal, resource) => resource === sp.id),
          ["principalId", "principalDisplayName", "appRoleId"],
        );
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`${assignedTo}$`),
      handle: (call, [id]) => {
        const sp = servicePrincipal(call, id);
        const principalId = requiredString(call.body, "principalId").toLowerCase();
        if (!isVisible(call.context, principalId)) throw notFound(principalId);
        const assignment = call.directory.consent.assign(sp.id, {
          principalId,
          resourceId: requiredString(call.body, "resourceId"),
          appRoleId: requiredString(call.body, "appRoleId"),
        });
        return entity(call, `servicePrincipals('${sp.id}')/appRoleAssignedTo`, assignment, 201);
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`${assignedTo}/${ID}$`),
      handle: (call, [id, assignmentId]) => {
        const sp = servicePrincipal(call, id);
        call.directory.requireRole(READ_ASSIGNMENTS, "reading an app role assignment");
        const assignment = call.directory.consent.assignment(assignmentId);
        if (assignment?.resourceId !== sp.id) throw notFound(assignmentId);
        return entity(
          call,
          `servicePrincipals('${sp.id}')/appRoleAssignedTo`,
          visible(call, assignmentId, assignment),
        );
      },
    },
    {
      method: "DELETE",
      pattern: new RegExp(`${assignedTo}/${ID}$`),
      handle: (call, [id, assignmentId]) => {
        const sp = servicePrincipal(call, id);
        visible(call, assignmentId, call.directory.consent.assignment(assignmentId));
        call.directory.consent.unassign(sp.id, assignmentId);
        return noContent;
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^/servicePrincipals/${ID}/appRoleAssignments$`),
      handle: (call, [id]) => {
        const sp = servicePrincipal(call, id);
        call.directory.requireRole(READ_ASSIGNMENTS, "reading app role assignments");
        return collection(
          call,
          `servicePrincipals('${sp.id}')/appRoleAssignments`,
          "AppRoleAssignment",
          assignmentsOf(call, (principal) => principal === sp.id),
          ["resourceId", "resourceDisplayName", "appRoleId"],
        );
      },
    },
  ];
}
