import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ISO_DATE_HINT, parseIsoDate } from "./isoDate";

/*
 * The stack outputs contract (docs/configuration.md "Outputs"), written once: the program's output types
 * (AppOutputs, StackOutputs below, returned by entraGraphApps.ts) are derived from these schemas,
 * and every command that reads `pulumi stack output --json` parses with them, each picking the
 * fields it uses. `apps` is in clear, `clientSecrets` a secret map. Pulumi is imported for its
 * types only, so the commands that read outputs never load it. The components' CredentialSummary
 * (components/ imports nothing from program/) must fit credentialSummarySchema's type:
 * entraGraphApps.ts assigns one to the other, so tsc fails when they part.
 */

/** Marks an issue as an unreadable date: exit 1, where other unreadable outputs are exit 2. */
const DATE = { params: { unreadableDate: true } };

const text = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? "is missing" : `must be ${what}`) });

/** An RFC 3339 date as the program outputs it. */
const isoDate = z.custom<string>(
  (value) => typeof value === "string" && parseIsoDate(value) !== undefined,
  { error: `is not a date (${ISO_DATE_HINT})`, ...DATE },
);

/** One credential of an app, as the `credentials` output lists it: never its value. */
export const credentialSummarySchema = z
  .object(
    {
      kind: z.enum(["password", "certificate", "federated"], {
        error: "must be one of password, certificate, federated",
      }),
      name: text("the credential's name").min(1, { error: "must be the credential's name" }),
      /** End of validity (RFC 3339); null for federated credentials, which do not expire. */
      expiresOn: isoDate.nullable(),
      /** For rotating passwords: the one handed out now, or the previous one still valid. */
      rotation: z
        .enum(["current", "previous"], { error: "must be current or previous" })
        .optional(),
      /** For rotating passwords: the rotation period, so expiry checks know what "late" means. */
      rotateEveryDays: z
        .number({ error: "must be a whole number of days" })
        .int({ error: "must be a whole number of days" })
        .positive({ error: "must be a whole number of days" })
        .optional(),
    },
    { error: "is not a credential" },
  )
  .superRefine((credential, ctx) => {
    if (credential.expiresOn !== null || credential.kind === "federated") return;
    ctx.addIssue({
      code: "custom",
      path: ["expiresOn"],
      input: null,
      message: `is not a date (${ISO_DATE_HINT}); only federated credentials never expire`,
      ...DATE,
    });
  });

export type CredentialSummary = z.output<typeof credentialSummarySchema>;

/** One app's outputs: IDs and endpoints, permissions, credentials; never a secret. */
export const appOutputsSchema = z.object(
  {
    displayName: text("text"),
    clientId: text("the app's client ID"),
    tenantId: text("the tenant ID"),
    applicationObjectId: text("an object ID"),
    servicePrincipalObjectId: text("an object ID"),
    tokenEndpoint: text("a URL"),
    scope: text("a scope"),
    applicationPermissions: z.array(z.string(), { error: "must be a list of permission names" }),
    delegatedPermissions: z.array(z.string(), { error: "must be a list of permission names" }),
    /** End of the current client secret; absent for an app without one. */
    clientSecretExpiresOn: isoDate.nullish(),
    credentials: z.array(credentialSummarySchema, {
      error: (issue) =>
        issue.input === undefined
          ? "is missing, so expiry cannot be judged; run `pulumi up` with this version so the outputs list them"
          : "must be a list of credentials",
    }),
    /** Apps with `exchange`: the script that scopes the app to its mailboxes. */
    exchangeScopeScript: z.string({ error: "must be text" }).nullish(),
    /** Apps with `keyVault`: the URI of the vault's copy of the client secret. */
    keyVaultSecretUri: z.string({ error: "must be text" }).nullish(),
  },
  { error: "must be a map of the app's outputs" },
);

/** One app's outputs as `pulumi stack output --json` prints them. */
export type AppOutputValues = z.output<typeof appOutputsSchema>;

/**
 * One app's outputs as the program returns them (entraGraphApps.ts): the contract's fields, each
 * a Pulumi Output except the display name, which config gives.
 */
export type AppOutputs = Pick<AppOutputValues, "displayName"> & {
  [K in keyof Omit<AppOutputValues, "displayName">]: pulumi.Output<AppOutputValues[K]>;
};

/** `clientSecrets`: app key → current secret, when saved with --show-secrets. */
export const clientSecretsSchema = z.record(z.string(), z.string({ error: "must be text" }), {
  error: (issue) =>
    issue.input === "[secret]"
      ? "holds no values: the outputs were saved without --show-secrets"
      : "must be a map of app key to secret",
});

/** Outputs with `apps` of the given shape (all of appOutputsSchema, or the fields a command reads). */
export function outputsWithApps<A extends z.ZodType>(app: A) {
  return z.object(
    {
      apps: z.record(z.string(), app, {
        error: (issue) =>
          issue.input === undefined
            ? "is missing: these are not the outputs of an entra-graph-apps stack, or `pulumi up` has not run"
            : "must be a map of app key to outputs",
      }),
    },
    { error: "must be a map of outputs (what `pulumi stack output --json` prints)" },
  );
}

/** What the program returns, which becomes the stack outputs. */
export interface StackOutputs {
  apps: Record<string, AppOutputs>;
  /** App key → current client secret; the whole map is a Pulumi secret. */
  clientSecrets: pulumi.Output<Record<string, string>>;
}

/** Every output the program exports, as `pulumi stack output --json --show-secrets` prints them. */
export const stackOutputsSchema = outputsWithApps(appOutputsSchema).extend({
  clientSecrets: z.union([z.literal("[secret]"), clientSecretsSchema], {
    error: 'must be a map of app key to secret, or "[secret]" when saved without --show-secrets',
  }),
});
