import { MICROSOFT_GRAPH_APP_ID } from "../permissions/wellKnownApis";

/** Mailboxes an app may use through Exchange Online RBAC for Applications, and with which roles. */
export interface ExchangeScope {
  mailboxes: string[];
  roles: string[];
}

export const DEFAULT_EXCHANGE_ROLES = ["Application Mail.Send"];

/** Exchange Online's application roles (RBAC for Applications), assignable to a mailbox scope. */
export const EXCHANGE_APPLICATION_ROLES = [
  "Application Mail.Read",
  "Application Mail.ReadBasic",
  "Application Mail.ReadWrite",
  "Application Mail.Send",
  "Application MailboxSettings.Read",
  "Application MailboxSettings.ReadWrite",
  "Application Calendars.Read",
  "Application Calendars.ReadWrite",
  "Application Contacts.Read",
  "Application Contacts.ReadWrite",
  "Application Mailbox Search",
  "Application EWS.AccessAsApp",
] as const;

const EXCHANGE_ONLINE_APP_ID = "00000002-0000-0ff1-ce00-000000000000";

/**
 * Whether an application permission reaches every mailbox of the tenant. Entra grants add to
 * Exchange RBAC grants, so any of these would make a mailbox scope meaningless.
 */
export function bypassesMailboxScope(apiAppId: string, permission: string): boolean {
  if (apiAppId === MICROSOFT_GRAPH_APP_ID) return /^(Mail|Calendars|Contacts)/.test(permission);
  if (apiAppId === EXCHANGE_ONLINE_APP_ID)
    return /^(Mail|Calendars|Contacts)|^full_access_as_app$/.test(permission);
  return false;
}

/**
 * A mailbox address as Exchange accepts it in a recipient filter: ASCII local part (letters,
 * digits and the usual specials, apostrophe included) @ a domain name. No spaces, quotes other
 * than the apostrophe, or control characters, so nothing in it can reach the script as code.
 */
export const MAILBOX_ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
