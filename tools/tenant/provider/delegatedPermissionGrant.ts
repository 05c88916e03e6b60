import { TYPES } from "../../../program/guardrails/resourceTypes";
import { GraphOAuth2PermissionGrant } from "../directory/graphTypes";
import { ResourceModel, ResourceState, graphStep } from "./resourceModel";
import { FieldSpec } from "./schema";
import { isUuid, stringIsNotEmpty } from "./validators";

const SOURCE =
  "internal/services/serviceprincipals/service_principal_delegated_permission_grant_resource.go";

const FIELDS: FieldSpec[] = [
  // service_principal_object_id, resource_service_principal_object_id: Required, ForceNew, IsUUID
  {
    name: "servicePrincipalObjectId",
    tf: "service_principal_object_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isUuid,
  },
  {
    name: "resourceServicePrincipalObjectId",
    tf: "resource_service_principal_object_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isUuid,
  },
  // claim_values: Required TypeSet of non-empty strings, updated in place
  {
    name: "claimValues",
    tf: "claim_values",
    kind: "set",
    required: true,
    validate: stringIsNotEmpty,
  },
  // user_object_id: Optional, ForceNew, IsUUID (unset = consent type AllPrincipals)
  { name: "userObjectId", tf: "user_object_id", kind: "string", forceNew: true, validate: isUuid },
];

const ID = /^\/oauth2PermissionGrants\/([^/]+)$/;

export const delegatedPermissionGrantModel: ResourceModel = {
  type: TYPES.delegatedGrant,
  source: SOURCE,
  fields: FIELDS,

  create(call, inputs) {
    return graphStep(
      TYPES.delegatedGrant,
      call.name,
      "Could not create delegated permission grant",
      () => {
        const grant = call.directory.consent.createGrant({
          clientId: String(inputs.servicePrincipalObjectId),
          resourceId: String(inputs.resourceServicePrincipalObjectId),
          consentType: inputs.userObjectId ? "Principal" : "AllPrincipals",
          principalId: (inputs.userObjectId as string | undefined) ?? null,
          scope: ((inputs.claimValues as string[]) ?? []).join(" "),
        });
        return { id: `/oauth2PermissionGrants/${grant.id}`, state: readState(grant) };
      },
    );
  },

  read(call, id) {
    const match = ID.exec(id);
    const grant = match ? call.directory.consent.grant(match[1]) : undefined;
    return grant ? readState(grant) : undefined;
  },

  update(call, id, _prior, inputs) {
    const grantId = ID.exec(id)![1];
    return graphStep(
      TYPES.delegatedGrant,
      call.name,
      "Could not update delegated permission grant",
      () => {
        call.directory.consent.updateGrant(
          grantId,
          ((inputs.claimValues as string[]) ?? []).join(" "),
        );
        return readState(call.directory.consent.grant(grantId)!);
      },
    );
  },

  delete(call, id) {
    graphStep(TYPES.delegatedGrant, call.name, "Deleting delegated permission grant", () =>
      call.directory.consent.deleteGrant(ID.exec(id)![1]),
    );
  },

  importIdProblem: (id) =>
    ID.test(id)
      ? undefined
      : `parsing "${id}": expected /oauth2PermissionGrants/{oAuth2PermissionGrantId}`,
};

function readState(grant: GraphOAuth2PermissionGrant): ResourceState {
  return {
    servicePrincipalObjectId: grant.clientId,
    resourceServicePrincipalObjectId: grant.resourceId,
    claimValues: grant.scope.split(" ").filter(Boolean),
    userObjectId: grant.principalId ?? undefined,
  };
}
