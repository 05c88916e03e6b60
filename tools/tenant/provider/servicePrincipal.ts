import { TYPES } from "../../../program/guardrails/resourceTypes";
import { GraphServicePrincipal } from "../directory/graphTypes";
import {
  ProviderCall,
  ProviderError,
  ResourceModel,
  ResourceState,
  graphStep,
} from "./resourceModel";
import { FieldSpec } from "./schema";
import { isUuid } from "./validators";

const SOURCE = "internal/services/serviceprincipals/service_principal_resource.go";

const FIELDS: FieldSpec[] = [
  // client_id: Required, ForceNew, validation.IsUUID
  {
    name: "clientId",
    tf: "client_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isUuid,
  },
  // owners: TypeSet (HashString), elements validation.IsUUID (no MaxItems here)
  { name: "owners", tf: "owners", kind: "set", validate: isUuid },
  // use_existing: Optional bool, only read at create
  { name: "useExisting", tf: "use_existing", kind: "bool", computed: true },
];

export const servicePrincipalModel: ResourceModel = {
  type: TYPES.servicePrincipal,
  source: SOURCE,
  fields: FIELDS,

  /**
   * servicePrincipalResourceCreate: an existing service principal for the client ID is taken
   * over only with use_existing; otherwise the provider stops with ImportAsExistsDiag. Owners
   * are handled like the application's (caller first, removed unless configured).
   */
  create(call, inputs) {
    const { directory, name } = call;
    const existing = directory.servicePrincipals.byAppId(String(inputs.clientId));
    if (existing && !inputs.useExisting) {
      throw new ProviderError(
        TYPES.servicePrincipal,
        name,
        `A resource with the ID "/servicePrincipals/${existing.id}" already exists - to be managed via Terraform this resource needs to be imported into the State. Please see the resource documentation for "azuread_service_principal" for more information`,
      );
    }
    if (existing)
      return { id: `/servicePrincipals/${existing.id}`, state: readState(call, existing) };
    return graphStep(TYPES.servicePrincipal, name, "Could not create service principal", () => {
      const callerId = directory.caller.objectId;
      const owners = (inputs.owners as string[] | undefined) ?? [];
      const others = owners.filter((owner) => owner.toLowerCase() !== callerId);
      const sp = directory.servicePrincipals.create(
        { appId: String(inputs.clientId), ownerIds: [callerId, ...others.slice(0, 19)] },
        name,
      );
      for (const owner of others.slice(19)) directory.servicePrincipals.addOwner(sp.id, owner);
      if (others.length === owners.length) directory.servicePrincipals.removeOwner(sp.id, callerId);
      return { id: `/servicePrincipals/${sp.id}`, state: readState(call, sp) };
    });
  },

  read(call, id) {
    const sp = call.directory.servicePrincipals.get(objectIdOf(id));
    return sp ? readState(call, sp) : undefined;
  },

  update(call, id, _prior, inputs) {
    return graphStep(TYPES.servicePrincipal, call.name, "Could not update owners", () => {
      const objectId = objectIdOf(id);
      const existing = call.directory.ownersOf(objectId).map((owner) => owner.id);
      const desired = (inputs.owners as string[] | undefined) ?? [];
      for (const owner of desired.filter((o) => !existing.includes(o))) {
        call.directory.servicePrincipals.addOwner(objectId, owner);
      }
      for (const owner of existing.filter((o) => !desired.includes(o))) {
        call.directory.servicePrincipals.removeOwner(objectId, owner);
      }
      return readState(call, call.directory.servicePrincipals.require(objectId));
    });
  },

  delete(call, id) {
    graphStep(TYPES.servicePrincipal, call.name, "Deleting service principal", () =>
      call.directory.servicePrincipals.delete(objectIdOf(id)),
    );
  },

  importIdProblem: (id) =>
    /^\/servicePrincipals\/[0-9a-fA-F-]{36}$/.test(id)
      ? undefined
      : `parsing "${id}": expected a service principal ID of the form /servicePrincipals/{servicePrincipalId}`,
};

function readState(call: ProviderCall, sp: GraphServicePrincipal): ResourceState {
  return {
    clientId: sp.appId,
    objectId: sp.id,
    owners: call.directory.ownersOf(sp.id).map((owner) => owner.id),
    displayName: sp.displayName,
    applicationTenantId: sp.appOwnerOrganizationId,
    type: sp.servicePrincipalType,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    accountEnabled: sp.accountEnabled,
  };
}

function objectIdOf(id: string): string {
  return id.replace(/^\/servicePrincipals\//, "");
}
