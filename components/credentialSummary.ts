import * as pulumi from "@pulumi/pulumi";
import { ClientSecretSchedule } from "./clientSecretSchedule";
import { CertificateCredentialArgs, FederatedCredentialArgs } from "./credentialArgs";

/** One credential of an app, as outputs list it: never its value. */
export interface CredentialSummary {
  kind: "password" | "certificate" | "federated";
  /** Resource name of the credential. */
  name: string;
  /** End of validity (RFC 3339); null for federated credentials, which do not expire. */
  expiresOn: string | null;
  /** For rotating passwords: the one handed out now, or the previous one still valid. */
  rotation?: "current" | "previous";
  /** For rotating passwords: the rotation period, so expiry checks know what "late" means. */
  rotateEveryDays?: number;
}

/** Names and end dates of every credential an app component creates, in a stable order. */
export function credentialSummaries(
  name: string,
  credentials: {
    clientSecret?: ClientSecretSchedule;
    certificates?: CertificateCredentialArgs[];
    federatedCredentials?: FederatedCredentialArgs[];
  },
): pulumi.Output<CredentialSummary[]> {
  const schedule = credentials.clientSecret;
  const rotating = (schedule?.slots.length ?? 0) > 1;
  const passwords = (schedule?.slots ?? []).map((slot) =>
    pulumi.output(slot.endDate).apply((endDate): CredentialSummary => ({
      kind: "password",
      name: rotating ? `${name}-secret-${slot.slot}` : `${name}-secret`,
      expiresOn: endDate,
      ...(rotating
        ? {
            rotation: slot.slot === schedule!.current ? "current" : "previous",
            rotateEveryDays: slot.rotateEveryDays,
          }
        : {}),
    })),
  );
  const certificates = (credentials.certificates ?? []).map((certificate) =>
    pulumi.output(certificate.endDate).apply((endDate): CredentialSummary => ({
      kind: "certificate",
      name: `${name}-cert-${certificate.name}`,
      expiresOn: endDate,
    })),
  );
  const federated = (credentials.federatedCredentials ?? []).map(
    (credential): CredentialSummary => ({
      kind: "federated",
      name: `${name}-federated-${credential.name}`,
      expiresOn: null,
    }),
  );
  return pulumi.all([...passwords, ...certificates, ...federated]);
}
