import * as pulumi from "@pulumi/pulumi";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import { GraphPasswordCredential } from "../directory/graphTypes";
import { objectIdOf } from "./application";
import { ResourceModel, ResourceState, graphStep, text } from "./resourceModel";
import { FieldSpec } from "./schema";
import { isApplicationId, isRfc3339Time, stringIsNotEmpty } from "./validators";

const SOURCE = "internal/services/applications/application_password_resource.go";

/** Every field forces a new password: the resource has no Update. */
const FIELDS: FieldSpec[] = [
  {
    name: "applicationId",
    tf: "application_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isApplicationId,
  },
  { name: "displayName", tf: "display_name", kind: "string", computed: true, forceNew: true },
  {
    name: "startDate",
    tf: "start_date",
    kind: "string",
    computed: true,
    forceNew: true,
    validate: isRfc3339Time,
  },
  {
    name: "endDate",
    tf: "end_date",
    kind: "string",
    computed: true,
    forceNew: true,
    validate: isRfc3339Time,
    conflictsWith: ["end_date_relative"],
  },
  {
    name: "endDateRelative",
    tf: "end_date_relative",
    kind: "string",
    forceNew: true,
    validate: stringIsNotEmpty,
    conflictsWith: ["end_date"],
  },
  { name: "rotateWhenChanged", tf: "rotate_when_changed", kind: "map", forceNew: true },
];

const ID = /^([0-9a-fA-F-]{36})\/password\/([0-9a-fA-F-]{36})$/;

export const applicationPasswordModel: ResourceModel = {
  type: TYPES.applicationPassword,
  source: SOURCE,
  fields: FIELDS,

  /**
   * applicationPasswordResourceCreate → credentials.PasswordCredentialForResource: sends
   * display_name, start_date and end_date as given. end_date_relative is never read there
   * (upstream #1424), so such a password gets Graph's default two-year lifetime. A start in the
   * past is sent as is and refused by Graph (upstream #1582).
   */
  create(call, inputs) {
    const appObjectId = objectIdOf(String(inputs.applicationId));
    return graphStep(
      TYPES.applicationPassword,
      call.name,
      // The provider's own wording (application_password_resource.go, v3.8.0), as the engine showed.
      `Adding password for Application (Application: "${appObjectId}")`,
      () => {
        const credential = call.directory.applications.passwords.add(appObjectId, {
          displayName: text(inputs.displayName),
          startDateTime: text(inputs.startDate),
          endDateTime: text(inputs.endDate),
        });
        return {
          id: `${appObjectId}/password/${credential.keyId}`,
          state: {
            ...readState(appObjectId, credential, inputs),
            value: pulumi.secret(credential.secretText),
          },
        };
      },
    );
  },

  /** applicationPasswordResourceRead: Graph never returns the value again; state keeps it. */
  read(call, id, prior) {
    const match = ID.exec(id);
    if (!match) return undefined;
    const app = call.directory.applications.get(match[1]);
    const credential = app?.passwordCredentials.find((c) => c.keyId === match[2].toLowerCase());
    return credential
      ? { ...readState(match[1], credential, prior ?? {}), value: prior?.value }
      : undefined;
  },

  delete(call, id) {
    const match = ID.exec(id)!;
    graphStep(TYPES.applicationPassword, call.name, "Removing password credential", () =>
      call.directory.applications.passwords.remove(match[1], match[2]),
    );
  },
};

function readState(
  appObjectId: string,
  credential: GraphPasswordCredential,
  inputs: ResourceState,
): ResourceState {
  return {
    applicationId: `/applications/${appObjectId}`,
    displayName: credential.displayName ?? undefined,
    keyId: credential.keyId,
    startDate: credential.startDateTime,
    endDate: credential.endDateTime,
    endDateRelative: inputs.endDateRelative,
    rotateWhenChanged: inputs.rotateWhenChanged,
  };
}
