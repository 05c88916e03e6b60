import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { graphApplicationPermissionRisk } from "../../program/guardrails/rules";
import { TYPES } from "../../program/guardrails/resourceTypes";
import { MICROSOFT_GRAPH_APP_ID } from "../../program/permissions/wellKnownApis";
import { UNKNOWN, accessesOf, known } from "./policyProps";

/** 8. Consent is granted only for what an app declares. */
export const consentMatchesDeclaration: StackValidationPolicy = {
  name: "graph-consent-matches-declaration",
  description:
    "Every AppRoleAssignment of a Microsoft Graph app role matches a requiredResourceAccesses entry of the app it is granted to.",
  enforcementLevel: "mandatory",
  // Stack policies run again only after `pulumi up` has made the grants, so this one must decide
  // in preview, where a new app's IDs are unknown. Every read goes through `known`, which turns
  // the policy runtime's UnknownValueError into UNKNOWN instead of letting it abort the whole
  // policy (the runtime would then downgrade it to an advisory "can't run during preview").
  validateStack: (args, reportViolation) => {
    const ofType = (type: string) => args.resources.filter((resource) => resource.type === type);
    const servicePrincipals = ofType(TYPES.servicePrincipal);
    const applications = ofType(TYPES.application);
    for (const assignment of ofType(TYPES.appRoleAssignment)) {
      const roleId = known(() => assignment.props.appRoleId);
      if (roleId === UNKNOWN) {
        // Graph's app role IDs are fixed, so an unknown one is computed from a resource of this
        // stack: fine when the assignment targets an API this stack creates (its service
        // principal's client ID is another app's, or itself still unknown), never Graph.
        const api = linked(assignment, "resourceObjectId", servicePrincipals, "objectId");
        if (api && known(() => api.props.clientId) !== MICROSOFT_GRAPH_APP_ID) continue;
        const principal = linked(assignment, "principalObjectId", servicePrincipals, "objectId");
        const application = principal && linked(principal, "clientId", applications, "clientId");
        if (!application) continue; // granted to a principal outside this stack's apps
        reportViolation(
          `assignment ${assignment.name} grants app ${application.name} an app role whose ID is unknown until the update, so whether it is a Microsoft Graph permission the app requests cannot be checked before it is granted. Give appRoleId as a known value (the role's ID from Graph's service principal or the permission catalog).`,
          assignment.urn,
        );
        continue;
      }
      const risk = graphApplicationPermissionRisk(typeof roleId === "string" ? roleId : "");
      if (!risk) continue; // not a Microsoft Graph app role
      const servicePrincipal = linked(
        assignment,
        "principalObjectId",
        servicePrincipals,
        "objectId",
      );
      const application =
        servicePrincipal && linked(servicePrincipal, "clientId", applications, "clientId");
      if (!application) continue; // granted to a principal outside this stack
      const declared = declaresGraphRole(application, String(roleId));
      if (declared === UNKNOWN) {
        reportViolation(
          `assignment ${assignment.name} grants Microsoft Graph ${risk.value} to app ${application.name}, whose requiredResourceAccesses are unknown until the update, so the grant cannot be checked before it is made. Declare the app's permissions as known values (not computed from resources of this stack).`,
          assignment.urn,
        );
      } else if (!declared) {
        reportViolation(
          `assignment ${assignment.name} grants Microsoft Graph ${risk.value} to app ${application.name}, which does not request it; add it to the app's requiredResourceAccesses or remove the assignment.`,
          assignment.urn,
        );
      }
    }
  },
};

/**
 * Whether an app's requiredResourceAccesses list a Graph app role: true as soon as one known entry
 * does, UNKNOWN when none does but some entry (or the whole list) is unknown, else false.
 */
function declaresGraphRole(app: PolicyResource, roleId: string): boolean | typeof UNKNOWN {
  const accesses = known(() => accessesOf(app.props));
  if (accesses === UNKNOWN) return UNKNOWN;
  let uncertain = false;
  const count = known(() => accesses.length);
  if (count === UNKNOWN) return UNKNOWN;
  for (let index = 0; index < count; index++) {
    const verdict = known(() => {
      const access = accesses[index];
      return (
        access.resourceAppId === MICROSOFT_GRAPH_APP_ID &&
        access.resourceAccesses.some((entry) => entry.type === "Role" && entry.id === roleId)
      );
    });
    if (verdict === true) return true;
    if (verdict === UNKNOWN) uncertain = true;
  }
  return uncertain ? UNKNOWN : false;
}

/**
 * The resource a property points at: by value when known (pulumi up), else through the property's
 * dependencies (pulumi preview, where new resources' IDs are still unknown). Candidates whose own
 * property is unknown are matched only through dependencies.
 */
function linked(
  from: PolicyResource,
  property: string,
  candidates: PolicyResource[],
  targetProperty: string,
): PolicyResource | undefined {
  const value = known(() => from.props[property]);
  if (value !== undefined && value !== UNKNOWN) {
    const byValue = candidates.find(
      (candidate) => known(() => candidate.props[targetProperty]) === value,
    );
    if (byValue) return byValue;
  }
  const urns = new Set(
    (from.propertyDependencies?.[property] ?? []).map((dependency) => dependency.urn),
  );
  return candidates.find((candidate) => urns.has(candidate.urn));
}
