import type { Directory } from "../directory/directory";
import { GraphError, providerErrorText } from "../directory/graphError";

/**
 * The provider's data sources this project calls:
 * internal/services/serviceprincipals/client_config_data_source.go and
 * service_principal_data_source.go (lookup by client_id → `$filter=appId eq '...'`).
 */
export function clientConfig(directory: Directory): Record<string, string> {
  const { clientId, objectId } = directory.caller;
  return {
    id: `clientConfigs/clientId=${clientId};objectId=${objectId};tenantId=${directory.tenantId}`,
    clientId,
    objectId,
    tenantId: directory.tenantId,
  };
}

/** Reading another app's service principal needs Application.Read.All or Directory.Read.All. */
export function servicePrincipalLookup(
  directory: Directory,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  try {
    directory.requireRole(
      [
        "Application.Read.All",
        "Application.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
      ],
      "listing service principals",
    );
  } catch (error) {
    throw new Error(
      `Listing service principals for filter "appId eq '${String(inputs.clientId)}'": ${providerErrorText(error as GraphError)}`,
    );
  }
  const sps = directory.servicePrincipals.list();
  const sp =
    inputs.clientId !== undefined
      ? sps.find((c) => c.appId === String(inputs.clientId).toLowerCase())
      : inputs.objectId !== undefined
        ? sps.find((c) => c.id === String(inputs.objectId).toLowerCase())
        : sps.find((c) => c.displayName === inputs.displayName);
  if (!sp) {
    const filter =
      inputs.clientId !== undefined
        ? `appId eq '${String(inputs.clientId)}'`
        : JSON.stringify(inputs);
    throw new Error(
      `No service principal found: no service principal found (filter ${filter}, tenant ${directory.tenantId})`,
    );
  }
  return {
    id: `/servicePrincipals/${sp.id}`,
    objectId: sp.id,
    clientId: sp.appId,
    displayName: sp.displayName,
    applicationTenantId: sp.appOwnerOrganizationId,
    type: sp.servicePrincipalType,
    appRoles: sp.appRoles.map((role) => ({
      allowedMemberTypes: role.allowedMemberTypes,
      description: role.description,
      displayName: role.displayName,
      enabled: role.isEnabled,
      id: role.id,
      value: role.value,
    })),
    appRoleIds: Object.fromEntries(sp.appRoles.map((role) => [role.value, role.id])),
    oauth2PermissionScopes: sp.oauth2PermissionScopes.map((scope) => ({
      adminConsentDescription: scope.adminConsentDescription,
      adminConsentDisplayName: scope.adminConsentDisplayName,
      enabled: scope.isEnabled,
      id: scope.id,
      type: scope.type,
      userConsentDescription: scope.userConsentDescription ?? "",
      userConsentDisplayName: scope.userConsentDisplayName ?? "",
      value: scope.value,
    })),
    oauth2PermissionScopeIds: Object.fromEntries(
      sp.oauth2PermissionScopes.map((s) => [s.value, s.id]),
    ),
  };
}
