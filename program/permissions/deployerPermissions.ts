/** A Microsoft Graph application permission the identity running `pulumi up` needs; any one of `anyOf` will do. */
export interface DeployerRequirement {
  /** Permission values, least privileged first. */
  anyOf: string[];
  /** What `pulumi up` does with it. */
  why: string;
  /**
   * Set when only some stacks need it: `delegated-permissions` means only a stack with an app
   * that lists delegated permissions (with admin consent) makes `pulumi up` use it.
   */
  onlyFor?: "delegated-permissions";
}

/**
 * What the deployer must hold (docs/deploying.md "Deployer permissions"). `verify --deployer` checks a token
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
    onlyFor: "delegated-permissions",
  },
  {
    // GET /policies/defaultAppManagementPolicy and /applications/{id}/appManagementPolicies:
    // Policy.Read.All is the least privileged permission Graph documents for both.
    anyOf: ["Policy.Read.All"],
    why: "read the tenant's credential policies (verify --deployer's preflight before pulumi up)",
  },
];

/**
 * The least privileged permission set that meets every requirement, the conditional ones
 * included: bootstrap grants it once for every stack the pipeline may deploy. (Leaving out
 * DelegatedPermissionGrant.ReadWrite.All would not shrink the blast radius:
 * AppRoleAssignment.ReadWrite.All can grant any app role, that one included.)
 */
export function leastPrivilegedDeployerPermissions(): string[] {
  return deployerRequirements.map((requirement) => requirement.anyOf[0]);
}

/**
 * What the identity running `pulumi preview` for a pull request holds: it reads Graph's service
 * principal (getServicePrincipal runs during preview too) and nothing else. It never writes.
 */
export const previewIdentityPermissions: readonly string[] = ["Application.Read.All"];
