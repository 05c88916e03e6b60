import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  isDaemonApp,
  isRetiredApi,
  isSingleTenant,
  requestsApplicationPermissions,
} from "../../program/guardrails/rules";
import { TYPES } from "../../program/guardrails/resourceTypes";
import { accessesOf } from "./policyProps";

/*
 * Policies on an app registration's own settings: the APIs it requests, its audience, its owners
 * and its redirect URIs.
 */

/** 3. Nothing requests the retired Azure AD Graph. */
export const noAzureAdGraph: ResourceValidationPolicy = {
  name: "no-azure-ad-graph",
  description:
    "Apps must not request Azure AD Graph (00000002-0000-0000-c000-000000000000) permissions: it is retired.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.application) return;
    if (accessesOf(args.props).some((access) => isRetiredApi(access.resourceAppId))) {
      reportViolation(
        `app ${args.name} requests Azure AD Graph permissions; Azure AD Graph is retired. Request the permissions of the same names on Microsoft Graph (00000003-0000-0000-c000-000000000000).`,
      );
    }
  },
};

/** 4. Apps that hold application permissions stay single tenant unless allow-listed. */
export const singleTenantForApplicationPermissions: ResourceValidationPolicy = {
  name: "single-tenant-application-permissions",
  description:
    "Apps holding application permissions must be single tenant (AzureADMyOrg) unless allow-listed by resource name.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { allowMultiTenant: { type: "array", items: { type: "string" }, default: [] } },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.application || isSingleTenant(args.props.signInAudience)) return;
    if (!requestsApplicationPermissions(accessesOf(args.props))) return;
    if (
      (args.getConfig<{ allowMultiTenant?: string[] }>().allowMultiTenant ?? []).includes(args.name)
    )
      return;
    reportViolation(
      `app ${args.name} holds application permissions but signs in ${args.props.signInAudience}; use AzureADMyOrg, or add "${args.name}" to allowMultiTenant.`,
    );
  },
};

/** 5. Someone besides the pipeline can manage each app. */
export const minimumOwners: ResourceValidationPolicy = {
  name: "minimum-owners",
  description: "Each app registration has at least minOwners owners (default 1).",
  enforcementLevel: "advisory",
  configSchema: { properties: { minOwners: { type: "integer", minimum: 0, default: 1 } } },
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.application) return;
    const minOwners = args.getConfig<{ minOwners?: number }>().minOwners ?? 1;
    const owners: string[] = args.props.owners ?? [];
    if (owners.length < minOwners) {
      reportViolation(
        `app ${args.name} has ${owners.length} owner(s); add owners so at least ${minOwners} people or identities can manage it.`,
      );
    }
  },
};

/** 6. Daemons sign in no user, so they need no redirect URI. */
export const daemonWithoutRedirectUris: ResourceValidationPolicy = {
  name: "daemon-no-redirect-uris",
  description: "Apps with only application permissions (daemons) have no redirect URIs.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.application || !isDaemonApp(accessesOf(args.props))) return;
    const uris = [
      args.props.web,
      args.props.publicClient,
      args.props.singlePageApplication,
    ].flatMap((block) => block?.redirectUris ?? []);
    if (uris.length > 0) {
      reportViolation(
        `app ${args.name} only has application permissions but declares redirect URIs (${uris.join(", ")}); remove them unless a user signs in.`,
      );
    }
  },
};
