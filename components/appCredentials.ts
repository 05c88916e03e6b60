import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { CertificateCredentialArgs, FederatedCredentialArgs } from "./credentialArgs";

/** Certificate credentials of an app, children of `parent`, keyed by credential name. */
export function certificateCredentials(
  parent: pulumi.Resource,
  name: string,
  applicationId: pulumi.Input<string>,
  certificates: CertificateCredentialArgs[],
): Record<string, azuread.ApplicationCertificate> {
  return Object.fromEntries(
    certificates.map((certificate) => [
      certificate.name,
      new azuread.ApplicationCertificate(
        `${name}-cert-${certificate.name}`,
        {
          applicationId,
          type: "AsymmetricX509Cert",
          encoding: "pem",
          value: certificate.pem,
          startDate: certificate.startDate,
          endDate: certificate.endDate,
        },
        { parent },
      ),
    ]),
  );
}

/**
 * Federated identity credentials of an app, children of `parent`, keyed by credential name;
 * `existing` maps a name to the import ID of a credential to adopt.
 */
export function federatedCredentials(
  parent: pulumi.Resource,
  name: string,
  applicationId: pulumi.Input<string>,
  credentials: FederatedCredentialArgs[],
  existing: Record<string, string> = {},
): Record<string, azuread.ApplicationFederatedIdentityCredential> {
  return Object.fromEntries(
    credentials.map((credential) => [
      credential.name,
      new azuread.ApplicationFederatedIdentityCredential(
        `${name}-federated-${credential.name}`,
        {
          applicationId,
          displayName: credential.name,
          issuer: credential.issuer,
          subject: credential.subject,
          audiences: credential.audiences,
          description: credential.description,
        },
        {
          parent,
          aliases: (credential.previousNames ?? []).map((old) => ({
            name: `${name}-federated-${old}`,
          })),
          // Its name (display_name) forces a replacement, and Graph keeps issuer and subject
          // unique per app: the old credential must go before the new one is added.
          deleteBeforeReplace: true,
          import: existing[credential.name],
        },
      ),
    ]),
  );
}
