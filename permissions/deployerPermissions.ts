/** A Microsoft Graph application permission the identity running `pulumi up` needs; any one of `anyOf` will do. */
export interface DeployerRequirement {
  /** Permission values, least privileged first. */
  anyOf: string[];
  /** What `pulumi up` does with it. */
  why: string;
}

/**
 * What the deployer must hold (README "Deployer permissions"). `verify --deployer` checks a token
 * against this list; `bootstrap/` grants the first, least privileged, choice of each.
 */
export const deployerRequirements: readonly DeployerRequirement[] = [
  {
    anyOf: ["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"],
    why: "create app registrations and service principals, and manage their secrets (OwnedBy: only those it owns)",
  },
  {
    // The provider's app_role_assignment docs: AppRoleAssignment.ReadWrite.All plus
    // Application.Read.All (or Directory.Read.All); OwnedBy never covers Graph's own service
    // principal, which getServicePrincipal reads and every assignment targets.
    anyOf: ["Application.Read.All", "Directory.Read.All", "Application.ReadWrite.All"],
    why: "look up each API's service principal (getServicePrincipal) to resolve and assign its permissions",
  },
  {
    anyOf: ["AppRoleAssignment.ReadWrite.All"],
    why: "grant admin consent for application permissions (app role assignments)",
  },
  {
    anyOf: ["DelegatedPermissionGrant.ReadWrite.All"],
    why: "grant admin consent for delegated permissions (tenant-wide grants)",
  },
];

/** The least privileged permission set that meets every requirement. */
export function leastPrivilegedDeployerPermissions(): string[] {
  return deployerRequirements.map((requirement) => requirement.anyOf[0]);
}
