/**
 * Application permissions that hand an app control of the tenant or of everyone's data, with a
 * one-line reason a reviewer can act on. Our own words, kept short. Keyed by Microsoft Graph
 * permission value; used by `review` (and by guardrails that allow-list them).
 */
export const sensitiveApplicationPermissions: Readonly<Record<string, string>> = {
  "RoleManagement.ReadWrite.Directory": "can give any principal any directory role, Global Administrator included: tenant takeover",
  "AppRoleAssignment.ReadWrite.All": "can grant any app (itself included) any application permission: tenant takeover",
  "Application.ReadWrite.All": "can add a credential to any app and act as it: path to tenant takeover",
  "Application.ReadWrite.OwnedBy": "can create apps and manage the credentials of the apps it owns",
  "Directory.ReadWrite.All": "can change users, groups and other directory objects across the tenant",
  "User.ReadWrite.All": "can change any user's profile, including admins'",
  "UserAuthenticationMethod.ReadWrite.All": "can add sign-in methods to any account: account takeover",
  "Group.ReadWrite.All": "can change every group's membership, including groups that grant access",
  "GroupMember.ReadWrite.All": "can add members to any group, including groups that grant access",
  "Policy.ReadWrite.ConditionalAccess": "can switch off Conditional Access protections",
  "Domain.ReadWrite.All": "can add and federate domains: sign-in as any user of that domain",
  "ServicePrincipalEndpoint.ReadWrite.All": "can redirect apps' service endpoints",
  "Mail.ReadWrite": "can read, change and delete mail in every mailbox",
  "Mail.Read": "can read mail in every mailbox",
  "Mail.Send": "can send mail as any user in the tenant",
  "MailboxSettings.ReadWrite": "can set forwarding rules on every mailbox",
  "Files.ReadWrite.All": "can read and change every file in OneDrive and SharePoint",
  "Files.Read.All": "can read every file in OneDrive and SharePoint",
  "Sites.FullControl.All": "has full control of every SharePoint site",
  "Sites.ReadWrite.All": "can read and change every SharePoint site's content",
  "Chat.ReadWrite.All": "can read and send messages in every Teams chat",
  "Calendars.ReadWrite": "can read and change every user's calendar",
};

/** Why an application permission deserves a reviewer's attention, or undefined. */
export function sensitivityReason(value: string, kind: "application" | "delegated"): string | undefined {
  return kind === "application" ? sensitiveApplicationPermissions[value] : undefined;
}
