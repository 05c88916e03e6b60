import { applicationModel } from "./application";
import { applicationCertificateModel } from "./applicationCertificate";
import { applicationPasswordModel } from "./applicationPassword";
import { appRoleAssignmentModel } from "./appRoleAssignment";
import { delegatedPermissionGrantModel } from "./delegatedPermissionGrant";
import { federatedIdentityCredentialModel } from "./federatedIdentityCredential";
import { keyVaultSecretModel } from "./keyVaultSecret";
import { ResourceModel } from "./resourceModel";
import { servicePrincipalModel } from "./servicePrincipal";

/** Every resource type the simulated tenant models, by Pulumi type token. */
export const RESOURCE_MODELS: ReadonlyMap<string, ResourceModel> = new Map(
  [
    applicationModel,
    servicePrincipalModel,
    appRoleAssignmentModel,
    delegatedPermissionGrantModel,
    applicationPasswordModel,
    applicationCertificateModel,
    federatedIdentityCredentialModel,
    keyVaultSecretModel,
  ].map((model) => [model.type, model]),
);
