/**
 * Application permissions that hand an app control of the tenant or of everyone's data, with a
 * one-line reason a reviewer can act on (our own words). `takeover` marks those that let the app
 * make itself, or anyone, an administrator. Keyed by Microsoft Graph permission value; used by
 * `review` and by the guardrail policies.
 */
export interface Sensitivity {
  reason: string;
  takeover: boolean;
}

const takeover = (reason: string): Sensitivity => ({ reason, takeover: true });
const broad = (reason: string): Sensitivity => ({ reason, takeover: false });

export const sensitiveApplicationPermissions: Readonly<Record<string, Sensitivity>> = {
  "RoleManagement.ReadWrite.Directory": takeover(
    "can give any principal any directory role, Global Administrator included: tenant takeover",
  ),
  "AppRoleAssignment.ReadWrite.All": takeover(
    "can grant any app (itself included) any application permission: tenant takeover",
  ),
  "Application.ReadWrite.All": takeover(
    "can add a credential to any app and act as it: path to tenant takeover",
  ),
  "Application.ReadWrite.OwnedBy": broad(
    "can create apps and manage the credentials of the apps it owns",
  ),
  "Directory.ReadWrite.All": takeover(
    "can change users, groups and other directory objects across the tenant",
  ),
  "User.ReadWrite.All": broad("can change any user's profile, including admins'"),
  "UserAuthenticationMethod.ReadWrite.All": takeover(
    "can add sign-in methods to any account: account takeover",
  ),
  "Group.ReadWrite.All": broad(
    "can change every group's membership, including groups that grant access",
  ),
  "GroupMember.ReadWrite.All": broad(
    "can add members to any group, including groups that grant access",
  ),
  "Policy.ReadWrite.ConditionalAccess": takeover("can switch off Conditional Access protections"),
  "Domain.ReadWrite.All": takeover(
    "can add and federate domains: sign-in as any user of that domain",
  ),
  "ServicePrincipalEndpoint.ReadWrite.All": broad("can redirect apps' service endpoints"),
  "Mail.ReadWrite": broad("can read, change and delete mail in every mailbox"),
  "Mail.Read": broad("can read mail in every mailbox"),
  "Mail.Send": broad("can send mail as any user in the tenant"),
  "MailboxSettings.ReadWrite": broad("can set forwarding rules on every mailbox"),
  "Files.ReadWrite.All": broad("can read and change every file in OneDrive and SharePoint"),
  "Files.Read.All": broad("can read every file in OneDrive and SharePoint"),
  "Sites.FullControl.All": broad("has full control of every SharePoint site"),
  "Sites.ReadWrite.All": broad("can read and change every SharePoint site's content"),
  "Chat.ReadWrite.All": broad("can read and send messages in every Teams chat"),
  "Calendars.ReadWrite": broad("can read and change every user's calendar"),
};

/**
 * Why a permission deserves a reviewer's attention: the listed reason when there is one, else, for
 * a permission the catalog rates 3 or above, what that rating means for its kind (so review's "Why
 * it matters" is never empty for a high or critical permission, e.g. Calendars.Read); undefined
 * below 3.
 */
export function sensitivityReason(
  value: string,
  kind: "application" | "delegated",
  privilegeLevel?: number | null,
): string | undefined {
  const listed =
    kind === "application" ? sensitiveApplicationPermissions[value]?.reason : undefined;
  if (listed) return listed;
  if (privilegeLevel === undefined || privilegeLevel === null || privilegeLevel < 3)
    return undefined;
  const rating = privilegeLevel >= 4 ? "critical" : "high";
  if (kind === "delegated") {
    return `rated ${rating}: acts as whoever signs in to the app, with everything that user may do with ${value}`;
  }
  return privilegeLevel >= 4
    ? `rated critical: app-only, can change what ${value} covers across the whole tenant, with no signed-in user to limit it`
    : `rated high: app-only, reaches what ${value} covers for every user in the tenant, with no signed-in user to limit it`;
}
