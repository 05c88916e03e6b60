import { z } from "zod";
import {
  DEFAULT_EXCHANGE_ROLES,
  EXCHANGE_APPLICATION_ROLES,
  ExchangeScope,
  MAILBOX_ADDRESS,
} from "../../exchange/exchangeScope";
import { uniqueList } from "../uniqueList";

/** `exchange:`, the mailboxes the app is limited to and its Exchange roles on them. */
export const exchangeSchema = z
  .strictObject(
    {
      mailboxes: uniqueList(
        z.string({ error: "must be a mailbox address" }).regex(MAILBOX_ADDRESS, {
          error: "is not a mailbox address Exchange can filter on; write it as name@contoso.com",
        }),
        "mailbox",
      )
        .refine((list) => list.length > 0, {
          error: "must list at least one mailbox, e.g. mailboxes: [alerts@contoso.com]",
        })
        .meta({
          description: "The mailboxes the app may use (at least one), e.g. [alerts@contoso.com].",
        }),
      roles: uniqueList(
        z.enum(EXCHANGE_APPLICATION_ROLES, {
          error: `must be an Exchange application role: ${EXCHANGE_APPLICATION_ROLES.join(", ")}`,
        }),
        "role",
      )
        .optional()
        .meta({
          description: `Exchange application roles on those mailboxes; the default is ${JSON.stringify(DEFAULT_EXCHANGE_ROLES)}.`,
        }),
    },
    {
      error: 'must be a map: { mailboxes: [alerts@contoso.com], roles: ["Application Mail.Send"] }',
    },
  )
  .transform((exchange): ExchangeScope => ({
    mailboxes: exchange.mailboxes,
    roles: exchange.roles ?? DEFAULT_EXCHANGE_ROLES,
  }));
