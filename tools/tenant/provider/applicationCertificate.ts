import { X509Certificate } from "crypto";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import { isPulumiSecret } from "../secretValues";
import { objectIdOf } from "./application";
import { ProviderError, ResourceModel, graphStep, text } from "./resourceModel";
import { FieldSpec } from "./schema";
import { isApplicationId, isRfc3339Time, isUuid, stringInSlice } from "./validators";

const SOURCE = "internal/services/applications/application_certificate_resource.go";

/** Every field forces a new credential: the resource has no Update. */
const FIELDS: FieldSpec[] = [
  {
    name: "applicationId",
    tf: "application_id",
    kind: "string",
    required: true,
    forceNew: true,
    validate: isApplicationId,
  },
  {
    name: "type",
    tf: "type",
    kind: "string",
    forceNew: true,
    validate: stringInSlice(["AsymmetricX509Cert", "Symmetric"]),
  },
  {
    name: "encoding",
    tf: "encoding",
    kind: "string",
    forceNew: true,
    default: "pem",
    validate: stringInSlice(["base64", "hex", "pem"]),
  },
  { name: "value", tf: "value", kind: "string", required: true, forceNew: true },
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
    conflictsWith: ["end_date"],
  },
  { name: "keyId", tf: "key_id", kind: "string", computed: true, forceNew: true, validate: isUuid },
];

const ID = /^([0-9a-fA-F-]{36})\/certificate\/([0-9a-fA-F-]{36})$/;

export const applicationCertificateModel: ResourceModel = {
  type: TYPES.applicationCertificate,
  source: SOURCE,
  fields: FIELDS,

  /**
   * applicationCertificateResourceCreate: decodes the certificate, appends a key credential to
   * the application's list and PATCHes it. Graph keeps the dates inside the certificate's own
   * validity (KeyCredentialsInvalidEndDate otherwise).
   */
  create(call, inputs) {
    const appObjectId = objectIdOf(String(inputs.applicationId));
    const value = isPulumiSecret(inputs.value) ? inputs.value.value : inputs.value;
    let certificate: X509Certificate;
    try {
      if (typeof value !== "string" || /PRIVATE KEY/.test(value))
        throw new Error("not a certificate");
      certificate = new X509Certificate(value);
    } catch {
      throw new ProviderError(
        TYPES.applicationCertificate,
        call.name,
        "Could not decode certificate value: expected a PEM certificate",
      );
    }
    const start = text(inputs.startDate) ?? new Date(certificate.validFrom).toISOString();
    const end = text(inputs.endDate) ?? new Date(certificate.validTo).toISOString();
    if (
      Date.parse(end) > Date.parse(certificate.validTo) + 1000 ||
      Date.parse(start) < Date.parse(certificate.validFrom) - 1000
    ) {
      throw new ProviderError(
        TYPES.applicationCertificate,
        call.name,
        "Adding certificate: unexpected status 400 (400 Bad Request) with error: KeyCredentialsInvalidEndDate: Key credential end date is invalid.",
      );
    }
    return graphStep(TYPES.applicationCertificate, call.name, "Adding certificate", () => {
      const app = call.directory.applications.require(appObjectId);
      const keyId =
        text(inputs.keyId) ??
        call.directory.newGuid("certificateKeyId", `${appObjectId}|${call.name}`);
      const credential = {
        keyId,
        displayName: null,
        type: (inputs.type as "AsymmetricX509Cert" | undefined) ?? "AsymmetricX509Cert",
        usage: "Verify" as const,
        startDateTime: graphDateOf(start),
        endDateTime: graphDateOf(end),
        customKeyIdentifier: Buffer.from(certificate.fingerprint.replace(/:/g, ""), "hex").toString(
          "base64",
        ),
        key: null,
      };
      call.directory.applications.update(appObjectId, {
        keyCredentials: [...app.keyCredentials, credential],
      });
      return {
        id: `${appObjectId}/certificate/${keyId}`,
        state: {
          ...inputs,
          keyId,
          startDate: credential.startDateTime,
          endDate: credential.endDateTime,
        },
      };
    });
  },

  read(call, id, prior) {
    const match = ID.exec(id);
    const app = match ? call.directory.applications.get(match[1]) : undefined;
    const credential = app?.keyCredentials.find((c) => c.keyId === match![2].toLowerCase());
    if (!credential) return undefined;
    return {
      ...prior,
      applicationId: `/applications/${app!.id}`,
      keyId: credential.keyId,
      startDate: credential.startDateTime,
      endDate: credential.endDateTime,
    };
  },

  delete(call, id) {
    const match = ID.exec(id)!;
    graphStep(TYPES.applicationCertificate, call.name, "Removing certificate", () => {
      const app = call.directory.applications.require(match[1]);
      call.directory.applications.update(match[1], {
        keyCredentials: app.keyCredentials.filter((c) => c.keyId !== match[2].toLowerCase()),
      });
    });
  },

  importIdProblem: (id) =>
    ID.test(id)
      ? undefined
      : `parsing "${id}": Object Resource ID should be in the format {objectId}/{type}/{subId}`,
};

function graphDateOf(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}
