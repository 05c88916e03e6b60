import { TYPES } from "../../../program/guardrails/resourceTypes";
import { GraphFederatedIdentityCredential } from "../directory/graphTypes";
import { objectIdOf } from "./application";
import { ResourceModel, ResourceState, graphStep, text } from "./resourceModel";
import { FieldSpec } from "./schema";
import { isApplicationId, stringIsNotEmpty, stringLenBetween } from "./validators";

const SOURCE =
  "internal/services/applications/application_federated_identity_credential_resource.go";

const FIELDS: FieldSpec[] = [
  {
    name: "applicationId",
    tf: "application_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isApplicationId,
  },
  // audiences: Required TypeList, MaxItems 1 ("the API now only accepts a single value")
  {
    name: "audiences",
    tf: "audiences",
    kind: "list",
    required: true,
    maxItems: 1,
    validate: stringIsNotEmpty,
  },
  // display_name: Required, ForceNew, StringLenBetween(1, 120)
  {
    name: "displayName",
    tf: "display_name",
    kind: "string",
    required: true,
    forceNew: true,
    validate: stringLenBetween(1, 120),
  },
  { name: "issuer", tf: "issuer", kind: "string", required: true },
  { name: "subject", tf: "subject", kind: "string", required: true },
  { name: "description", tf: "description", kind: "string" },
];

const ID = /^([0-9a-fA-F-]{36})\/federatedIdentityCredential\/([0-9a-fA-F-]{36})$/;

export const federatedIdentityCredentialModel: ResourceModel = {
  type: TYPES.federatedCredential,
  source: SOURCE,
  fields: FIELDS,

  create(call, inputs) {
    const appObjectId = objectIdOf(String(inputs.applicationId));
    return graphStep(
      TYPES.federatedCredential,
      call.name,
      `Adding federated identity credential for /applications/${appObjectId}`,
      () => {
        const credential = call.directory.applications.federated.create(
          appObjectId,
          bodyOf(inputs),
          call.name,
        );
        return {
          id: `${appObjectId}/federatedIdentityCredential/${credential.id}`,
          state: readState(appObjectId, credential),
        };
      },
    );
  },

  read(call, id) {
    const match = ID.exec(id);
    const credential = match
      ? call.directory.applications.federated.get(match[1], match[2])
      : undefined;
    return credential ? readState(match![1], credential) : undefined;
  },

  /** applicationFederatedIdentityCredentialResourceUpdate: PATCH audiences, issuer, subject, description. */
  update(call, id, _prior, inputs) {
    const match = ID.exec(id)!;
    return graphStep(
      TYPES.federatedCredential,
      call.name,
      "Updating federated identity credential",
      () => {
        const { name: _name, ...patch } = bodyOf(inputs);
        call.directory.applications.federated.update(match[1], match[2], patch);
        return readState(match[1], call.directory.applications.federated.get(match[1], match[2])!);
      },
    );
  },

  delete(call, id) {
    const match = ID.exec(id)!;
    graphStep(TYPES.federatedCredential, call.name, "Deleting federated identity credential", () =>
      call.directory.applications.federated.delete(match[1], match[2]),
    );
  },

  importIdProblem: (id) =>
    ID.test(id)
      ? undefined
      : `parsing "${id}": Object Resource ID should be in the format {objectId}/{type}/{subId}`,
};

function bodyOf(inputs: ResourceState): Omit<GraphFederatedIdentityCredential, "id"> {
  return {
    name: String(inputs.displayName),
    issuer: String(inputs.issuer),
    subject: String(inputs.subject),
    audiences: ((inputs.audiences as string[] | undefined) ?? []).map(String),
    description: text(inputs.description) ?? null,
  };
}

function readState(
  appObjectId: string,
  credential: GraphFederatedIdentityCredential,
): ResourceState {
  return {
    applicationId: `/applications/${appObjectId}`,
    audiences: credential.audiences,
    displayName: credential.name,
    issuer: credential.issuer,
    subject: credential.subject,
    description: credential.description ?? undefined,
    credentialId: credential.id,
  };
}
