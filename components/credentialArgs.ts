import * as pulumi from "@pulumi/pulumi";

/** A public certificate credential of an app (`azuread.ApplicationCertificate`). */
export interface CertificateCredentialArgs {
  /** Stable key: names the resource (`<app>-cert-<name>`) and appears in `credentials`. */
  name: string;
  /** The certificate as PEM text, public part only (never a private key). */
  pem: pulumi.Input<string>;
  /**
   * Start of validity (RFC 3339).
   * @default when Graph adds it
   */
  startDate?: pulumi.Input<string>;
  /** End of validity (RFC 3339), normally the certificate's own notAfter. Required: listed in `credentials`. */
  endDate: pulumi.Input<string>;
}

/**
 * A federated identity credential (`azuread.ApplicationFederatedIdentityCredential`): tokens from
 * `issuer` for `subject` sign in as the app, with no secret.
 */
export interface FederatedCredentialArgs {
  /** Its display name in Entra, unique per app: names the resource (`<app>-federated-<name>`). */
  name: string;
  /** Token issuer, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: pulumi.Input<string>;
  /** The `sub` claim to trust, e.g. `repo:contoso/app:environment:production`. */
  subject: pulumi.Input<string>;
  /** Accepted `aud` claims; Entra takes one, normally `api://AzureADTokenExchange`. */
  audiences: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Free text shown in the portal.
   * @default none
   */
  description?: pulumi.Input<string>;
  /**
   * Names this credential had before: Pulumi aliases keep it through a rename.
   * @default none
   */
  previousNames?: string[];
}
