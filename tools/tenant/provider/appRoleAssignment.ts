import { TYPES } from "../../../program/guardrails/resourceTypes";
import { GraphAppRoleAssignment } from "../directory/graphTypes";
import { ResourceModel, ResourceState, graphStep } from "./resourceModel";
import { FieldSpec } from "./schema";
import { isUuid } from "./validators";

const SOURCE = "internal/services/approleassignments/app_role_assignment_resource.go";

const FIELDS: FieldSpec[] = [
  // app_role_id, principal_object_id, resource_object_id: Required, ForceNew, validation.IsUUID
  {
    name: "appRoleId",
    tf: "app_role_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isUuid,
  },
  {
    name: "principalObjectId",
    tf: "principal_object_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isUuid,
  },
  {
    name: "resourceObjectId",
    tf: "resource_object_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isUuid,
  },
];

const ID = /^\/servicePrincipals\/([0-9a-fA-F-]{36})\/appRoleAssignedTo\/([^/]+)$/;

export const appRoleAssignmentModel: ResourceModel = {
  type: TYPES.appRoleAssignment,
  source: SOURCE,
  fields: FIELDS,

  /**
   * appRoleAssignmentResourceCreate: a bare POST to the resource's appRoleAssignedTo. An
   * assignment that already exists (e.g. from the portal's "Grant admin consent") is not
   * detected: Graph's "Permission being assigned already exists on the object" fails the step,
   * with no import hint.
   */
  create(call, inputs) {
    return graphStep(
      TYPES.appRoleAssignment,
      call.name,
      "Could not create app role assignment",
      () => {
        const assignment = call.directory.consent.assign(String(inputs.resourceObjectId), {
          principalId: String(inputs.principalObjectId),
          resourceId: String(inputs.resourceObjectId),
          appRoleId: String(inputs.appRoleId),
        });
        return {
          id: `/servicePrincipals/${assignment.resourceId}/appRoleAssignedTo/${assignment.id}`,
          state: readState(assignment),
        };
      },
    );
  },

  read(call, id) {
    const match = ID.exec(id);
    const assignment = match ? call.directory.consent.assignment(match[2]) : undefined;
    return assignment ? readState(assignment) : undefined;
  },

  delete(call, id) {
    const match = ID.exec(id)!;
    graphStep(TYPES.appRoleAssignment, call.name, "Deleting app role assignment", () =>
      call.directory.consent.unassign(match[1], match[2]),
    );
  },

  importIdProblem: (id) =>
    ID.test(id)
      ? undefined
      : `parsing "${id}": expected /servicePrincipals/{resourceServicePrincipalId}/appRoleAssignedTo/{appRoleAssignmentId}`,
};

function readState(assignment: GraphAppRoleAssignment): ResourceState {
  return {
    appRoleId: assignment.appRoleId,
    principalObjectId: assignment.principalId,
    resourceObjectId: assignment.resourceId,
    principalDisplayName: assignment.principalDisplayName,
    principalType: assignment.principalType,
    resourceDisplayName: assignment.resourceDisplayName,
  };
}
