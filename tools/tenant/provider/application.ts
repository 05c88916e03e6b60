import { GraphApplication } from "../directory/graphTypes";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import { ProviderCall, ResourceModel, ResourceState, graphStep, text } from "./resourceModel";
import { FieldSpec, canonical } from "./schema";
import { isRedirectUri, isUuid, stringInSlice, stringIsNotEmpty } from "./validators";

const SOURCE = "internal/services/applications/application_resource.go";

/** The fields of azuread_application this project sets (the rest are never sent). */
const FIELDS: FieldSpec[] = [
  // display_name: Required, validation.StringIsNotEmpty
  {
    name: "displayName",
    tf: "display_name",
    kind: "string",
    required: true,
    validate: stringIsNotEmpty,
  },
  // sign_in_audience: Optional, Default AzureADMyOrg, StringInSlice(possibleValuesForSignInAudience)
  {
    name: "signInAudience",
    tf: "sign_in_audience",
    kind: "string",
    default: "AzureADMyOrg",
    validate: stringInSlice([
      "AzureADMyOrg",
      "AzureADMultipleOrgs",
      "AzureADandPersonalMicrosoftAccount",
      "PersonalMicrosoftAccount",
    ]),
  },
  // owners: TypeSet (HashString: case-sensitive), MaxItems 100, elements validation.IsUUID
  { name: "owners", tf: "owners", kind: "set", maxItems: 100, validate: isUuid },
  // notes: Optional, validation.StringIsNotEmpty (so "" is refused, not cleared)
  { name: "notes", tf: "notes", kind: "string", validate: stringIsNotEmpty },
  // required_resource_access: TypeSet of blocks; resource_access a TypeList of { id IsUUID, type Role|Scope }
  {
    name: "requiredResourceAccesses",
    tf: "required_resource_access",
    kind: "set",
    elem: [
      { name: "resourceAppId", tf: "resource_app_id", kind: "string", required: true },
      {
        name: "resourceAccesses",
        tf: "resource_access",
        kind: "list",
        required: true,
        elem: [
          { name: "id", tf: "id", kind: "string", required: true, validate: isUuid },
          {
            name: "type",
            tf: "type",
            kind: "string",
            required: true,
            validate: stringInSlice(["Role", "Scope"]),
          },
        ],
      },
    ],
  },
  // web: TypeList MaxItems 1 (DiffSuppressFunc applicationDiffSuppress: an empty block equals none);
  // web.redirect_uris: TypeSet MaxItems 256, validation.IsRedirectUriFunc(true, false)
  {
    name: "web",
    tf: "web",
    kind: "block",
    maxItems: 1,
    elem: [
      {
        name: "redirectUris",
        tf: "redirect_uris",
        kind: "set",
        maxItems: 256,
        validate: isRedirectUri(true),
      },
    ],
    same: (planned, state) => canonical(sortedUris(planned)) === canonical(sortedUris(state)),
  },
];

function sortedUris(web: unknown): string[] {
  return [...((web as { redirectUris?: string[] } | undefined)?.redirectUris ?? [])].sort();
}

export const applicationModel: ResourceModel = {
  type: TYPES.application,
  source: SOURCE,
  fields: FIELDS,

  /**
   * applicationResourceCreate: POST /applications with the caller as first owner plus up to 19
   * configured ones, add the rest one by one, then remove the caller unless configured
   * (strings.EqualFold). So an app whose owners omit the deployer ends up not owned by it.
   */
  create(call, inputs) {
    const { directory, name } = call;
    return graphStep(TYPES.application, name, "Could not create application", () => {
      const callerId = directory.caller.objectId;
      const owners = (inputs.owners as string[] | undefined) ?? [];
      const others = owners.filter((owner) => owner.toLowerCase() !== callerId);
      const app = directory.applications.create(
        {
          displayName: inputs.displayName as string,
          signInAudience: (inputs.signInAudience as string | undefined) ?? "AzureADMyOrg",
          notes: text(inputs.notes) ?? null,
          requiredResourceAccess: toGraphAccess(inputs.requiredResourceAccesses),
          web: webOf(inputs),
          ownerIds: [callerId, ...others.slice(0, 19)],
        },
        name,
      );
      for (const owner of others.slice(19)) directory.applications.addOwner(app.id, owner);
      if (others.length === owners.length) directory.applications.removeOwner(app.id, callerId);
      return { id: `/applications/${app.id}`, state: readState(call, app) };
    });
  },

  read(call, id) {
    const app = call.directory.applications.get(objectIdOf(id));
    return app ? readState(call, app) : undefined;
  },

  /**
   * applicationResourceUpdate: PATCH the changed properties; owners are diffed against Graph's
   * list with tf.Difference (case-sensitive), adding first and removing after.
   */
  update(call, id, _prior, inputs) {
    const { directory, name } = call;
    return graphStep(TYPES.application, name, "Could not update application", () => {
      const objectId = objectIdOf(id);
      directory.applications.update(objectId, {
        displayName: inputs.displayName as string,
        signInAudience: (inputs.signInAudience as string | undefined) ?? "AzureADMyOrg",
        notes: text(inputs.notes) ?? null,
        requiredResourceAccess: toGraphAccess(inputs.requiredResourceAccesses),
        web: {
          ...directory.applications.require(objectId).web,
          redirectUris: webOf(inputs).redirectUris,
        },
      });
      const existing = directory.ownersOf(objectId).map((owner) => owner.id);
      const desired = (inputs.owners as string[] | undefined) ?? [];
      for (const owner of desired.filter((o) => !existing.includes(o))) {
        directory.applications.addOwner(objectId, owner);
      }
      for (const owner of existing.filter((o) => !desired.includes(o))) {
        directory.applications.removeOwner(objectId, owner);
      }
      return readState(call, directory.applications.require(objectId));
    });
  },

  delete(call, id) {
    graphStep(TYPES.application, call.name, "Deleting application", () =>
      call.directory.applications.delete(objectIdOf(id)),
    );
  },

  importIdProblem: (id) =>
    /^\/applications\/[0-9a-fA-F-]{36}$/.test(id)
      ? undefined
      : `parsing "${id}": expected an application ID of the form /applications/{applicationId}`,
};

/** applicationResourceRead: Graph's values as they come back (lower-case IDs). */
function readState(call: ProviderCall, app: GraphApplication): ResourceState {
  return {
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    owners: call.directory.ownersOf(app.id).map((owner) => owner.id),
    notes: app.notes ?? undefined,
    requiredResourceAccesses: app.requiredResourceAccess.map((access) => ({
      resourceAppId: access.resourceAppId,
      resourceAccesses: access.resourceAccess.map((a) => ({ id: a.id, type: a.type })),
    })),
    web: app.web.redirectUris.length > 0 ? { redirectUris: [...app.web.redirectUris] } : undefined,
    clientId: app.appId,
    objectId: app.id,
    publisherDomain: app.publisherDomain,
    identifierUris: app.identifierUris,
    tags: app.tags,
    appRoleIds: {},
    oauth2PermissionScopeIds: {},
    disabledByMicrosoft: "<nil>",
  };
}

function toGraphAccess(value: unknown): GraphApplication["requiredResourceAccess"] {
  return ((value as ResourceState[] | undefined) ?? []).map((access) => ({
    resourceAppId: String(access.resourceAppId),
    resourceAccess: ((access.resourceAccesses as ResourceState[] | undefined) ?? []).map((a) => ({
      id: String(a.id),
      type: a.type as "Role" | "Scope",
    })),
  }));
}

function webOf(inputs: ResourceState): GraphApplication["web"] {
  const uris = (
    (inputs.web as { redirectUris?: string[] } | undefined)?.redirectUris ?? []
  ).slice();
  return {
    redirectUris: uris,
    homePageUrl: null,
    logoutUrl: null,
    implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
  };
}

export function objectIdOf(id: string): string {
  return id.replace(/^\/applications\//, "");
}
