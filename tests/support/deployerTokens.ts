import { TokenRequest } from "../../tools/commands/verify/graphToken";

/** The deployer's tenant and client ID, as the provider's ARM_* variables give them. */
export const DEPLOYER_TENANT_ID = "11111111-2222-3333-4444-555555555555";
export const DEPLOYER_CLIENT_ID = "c1c1c1c1-0000-4000-8000-000000000001";
export const DEPLOYER_ENV = {
  ARM_TENANT_ID: DEPLOYER_TENANT_ID,
  ARM_CLIENT_ID: DEPLOYER_CLIENT_ID,
};

/** Every Graph application permission a deployer can need (see deployerPermissions.ts). */
export const ALL_DEPLOYER_ROLES = [
  "Application.ReadWrite.OwnedBy",
  "Application.Read.All",
  "AppRoleAssignment.ReadWrite.All",
  "DelegatedPermissionGrant.ReadWrite.All",
  "Policy.Read.All",
];

/** The deployer's object ID in the tokens below. */
export const DEPLOYER_OBJECT_ID = "5e5e5e5e-0000-4000-8000-000000000001";

/** A token service stand-in for `verify --deployer`: records each request, answers with these roles. */
export function deployerTokens(roles: string[]) {
  const requests: TokenRequest[] = [];
  const acquire = async (request: TokenRequest) => {
    requests.push(request);
    return { ok: true as const, claims: { roles, objectId: DEPLOYER_OBJECT_ID } };
  };
  return { requests, acquire };
}
