import { DEFAULT_POLICY_ID } from "../directory/appManagementRules";
import { GraphApplication } from "../directory/graphTypes";
import { GraphCall, GraphRoute, collection, requireReadable, visible } from "./graphRequest";

/**
 * Reading app management policies. Microsoft lists Policy.Read.All as the least privileged
 * permission for GET /policies/defaultAppManagementPolicy, and Policy.Read.ApplicationConfiguration
 * and Policy.ReadWrite.ApplicationConfiguration as higher ones
 * (https://learn.microsoft.com/graph/api/tenantappmanagementpolicy-get); the policies assigned to
 * an application need Application.Read.All as well, as for appliesTo
 * (https://learn.microsoft.com/graph/api/appmanagementpolicy-list-appliesto).
 */
export const READ_POLICIES = [
  "Policy.Read.All",
  "Policy.Read.ApplicationConfiguration",
  "Policy.ReadWrite.ApplicationConfiguration",
];

/** What a tenant with no policy set answers: the object always exists, disabled. */
const UNSET_DEFAULT = {
  id: DEFAULT_POLICY_ID,
  displayName: "Default app management tenant policy",
  description:
    "Default tenant policy that enforces app management restrictions on applications and service principals. To apply policy to targeted resources, create a new policy under appManagementPolicies collection.",
  isEnabled: false,
  applicationRestrictions: { passwordCredentials: [], keyCredentials: [] },
  servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
};

export const policyRoutes: GraphRoute[] = [
  {
    method: "GET",
    pattern: /^\/policies\/defaultAppManagementPolicy$/,
    handle: (call) => {
      call.directory.requireRole(READ_POLICIES, "reading the default app management policy");
      const policy = call.directory.appManagementPolicies.tenantDefault ?? UNSET_DEFAULT;
      return {
        status: 200,
        body: {
          "@odata.context": `${call.url.origin}/${call.version}/$metadata#policies/defaultAppManagementPolicy`,
          ...structuredClone(policy),
        },
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/applications\/([^/]+)\/appManagementPolicies$/,
    handle: (call, [id]) => {
      const app: GraphApplication = visible(
        call,
        id.toLowerCase(),
        call.directory.applications.get(id),
      );
      requireReadable(call, app.id, "reading an application's app management policies");
      call.directory.requireRole(READ_POLICIES, "reading an application's app management policies");
      const assigned = call.directory.appManagementPolicies.assigned?.[app.id];
      return collection(
        call as GraphCall,
        `applications('${app.id}')/appManagementPolicies`,
        "AppManagementPolicy",
        assigned ? [structuredClone(assigned)] : [],
        ["id", "displayName"],
      );
    },
  },
];
