import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { clientSecretLifetime } from "./policies/clientSecretLifetime";
import {
  daemonWithoutRedirectUris,
  minimumOwners,
  noAzureAdGraph,
  singleTenantForApplicationPermissions,
} from "./policies/appRegistrationShape";
import { consentMatchesDeclaration } from "./policies/consentMatchesDeclaration";
import { githubImmutableSubject } from "./policies/githubImmutableSubject";
import { graphPermissionPrivilege } from "./policies/graphPermissionPrivilege";
import { keyVaultSecretExpires } from "./policies/keyVaultSecretExpires";

export { MAX_SECRET_DAYS_CAP, clientSecretLifetime } from "./policies/clientSecretLifetime";
export {
  daemonWithoutRedirectUris,
  minimumOwners,
  noAzureAdGraph,
  singleTenantForApplicationPermissions,
} from "./policies/appRegistrationShape";
export { consentMatchesDeclaration } from "./policies/consentMatchesDeclaration";
export { githubImmutableSubject } from "./policies/githubImmutableSubject";
export { graphPermissionPrivilege } from "./policies/graphPermissionPrivilege";
export { keyVaultSecretExpires } from "./policies/keyVaultSecretExpires";
export { UNKNOWN, known } from "./policies/policyProps";

/**
 * The guardrail policies. `now` is the pack's only clock (secret lifetimes are measured from it);
 * the pack passes the real clock, tests a fixed one.
 */
export function guardrailPolicies(
  now: () => Date,
): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return [
    graphPermissionPrivilege,
    clientSecretLifetime(now),
    noAzureAdGraph,
    singleTenantForApplicationPermissions,
    minimumOwners,
    daemonWithoutRedirectUris,
    keyVaultSecretExpires,
    consentMatchesDeclaration,
    githubImmutableSubject,
  ];
}
