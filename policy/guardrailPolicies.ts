import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import * as policyRuntime from "@pulumi/policy";
import {
  AllowListEntry,
  MAX_SECRET_LIFETIME_DAYS,
  RequiredResourceAccess,
  allowListStatus,
  checkSecretEnd,
  exceedsAllowedPrivilege,
  graphApplicationPermissionRisk,
  isDaemonApp,
  isRetiredApi,
  isSingleTenant,
  requestsApplicationPermissions,
} from "../program/guardrails/rules";
import { TYPES } from "../program/guardrails/resourceTypes";
import { privilegeLabel } from "../program/permissions/privilegeLevel";
import { MICROSOFT_GRAPH_APP_ID } from "../program/permissions/wellKnownApis";

/**
 * The error the policy runtime's props proxy throws on reading a value unknown during preview.
 * It is the pack's own copy of @pulumi/policy's class (the one its server wraps props with), so
 * `instanceof` holds; the package's typings leave it out, hence the cast.
 */
const UnknownValueError = (policyRuntime as unknown as { UnknownValueError: new () => Error })
  .UnknownValueError;

/** The hard cap on a client secret's lifetime, whatever the pack's config says: config's own limit. */
export const MAX_SECRET_DAYS_CAP = MAX_SECRET_LIFETIME_DAYS;

/**
 * The guardrail policies. `now` is the pack's only clock (secret lifetimes are measured from it);
 * the pack passes the real clock, tests a fixed one.
 */
export function guardrailPolicies(
  now: () => Date,
): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return [
    graphPermissionPrivilege,
    clientSecretLifetime(now),
    noAzureAdGraph,
    singleTenantForApplicationPermissions,
    minimumOwners,
    daemonWithoutRedirectUris,
    keyVaultSecretExpires,
    consentMatchesDeclaration,
  ];
}

interface PrivilegeConfig {
  maxPrivilegeLevel?: number;
  allow?: AllowListEntry[];
}

/** 1. Graph application permissions above the allowed privilege need a justified exception. */
export const graphPermissionPrivilege: ResourceValidationPolicy = {
  name: "graph-application-permission-privilege",
  description:
    "Microsoft Graph application permissions above the allowed privilege level (default: above 3, and every tenant-takeover permission) need an allow-list entry with a justification.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxPrivilegeLevel: { type: "integer", minimum: 1, maximum: 4, default: 3 },
      allow: {
        type: "array",
        default: [],
        items: {
          type: "object",
          properties: { permission: { type: "string" }, justification: { type: "string" } },
          required: ["permission"],
        },
      },
    },
  },
  validateResource: (args, reportViolation) => {
    const config = args.getConfig<PrivilegeConfig>();
    const check = (roleId: string, what: string) =>
      checkGraphRole(
        roleId,
        what,
        config.maxPrivilegeLevel ?? 3,
        config.allow ?? [],
        reportViolation,
      );
    if (args.type === TYPES.application) {
      for (const access of accessesOf(args.props)) {
        if (access.resourceAppId !== MICROSOFT_GRAPH_APP_ID) continue;
        for (const entry of access.resourceAccesses.filter((e) => e.type === "Role"))
          check(entry.id, `app ${args.name} requests`);
      }
    } else if (args.type === TYPES.appRoleAssignment) {
      check(args.props.appRoleId, `assignment ${args.name} grants`);
    }
  },
};

function checkGraphRole(
  roleId: string,
  what: string,
  maxLevel: number,
  allow: AllowListEntry[],
  report: ReportViolation,
): void {
  const risk = graphApplicationPermissionRisk(roleId ?? "");
  if (!risk || !exceedsAllowedPrivilege(risk, maxLevel)) return;
  const status = allowListStatus(risk.value, allow);
  if (status === "allowed") return;
  const why = `${privilegeLabel(risk.privilegeLevel)}${risk.takeover ? ", tenant takeover" : ""}${risk.reason ? `: ${risk.reason}` : ""}`;
  report(
    status === "unjustified"
      ? `${what} Microsoft Graph ${risk.value} (${why}); its allow-list entry needs a justification of at least 10 characters saying why the risk is accepted.`
      : `${what} Microsoft Graph ${risk.value} (${why}), above the allowed level ${maxLevel}. Remove it, or add { permission: "${risk.value}", justification: "..." } to this policy's allow list.`,
  );
}

/** 2. Every client secret ends, and within the allowed lifetime. */
export function clientSecretLifetime(now: () => Date): ResourceValidationPolicy {
  return {
    name: "client-secret-lifetime",
    description: `Client secrets must have an end date at most maxDays ahead (default and hard cap ${MAX_SECRET_DAYS_CAP}, the limit config validation applies).`,
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        maxDays: {
          type: "integer",
          minimum: 1,
          maximum: MAX_SECRET_DAYS_CAP,
          default: MAX_SECRET_DAYS_CAP,
        },
      },
    },
    validateResource: (args, reportViolation) => {
      const maxDays = Math.min(
        args.getConfig<{ maxDays?: number }>().maxDays ?? MAX_SECRET_DAYS_CAP,
        MAX_SECRET_DAYS_CAP,
      );
      const passwords =
        args.type === TYPES.applicationPassword
          ? [{ label: `client secret ${args.name}`, end: args.props }]
          : args.type === TYPES.application && args.props.password
            ? [{ label: `inline password of app ${args.name}`, end: args.props.password }]
            : [];
      for (const { label, end } of passwords) {
        // The provider never reads end_date_relative for a password (credentials.go
        // PasswordCredential; upstream #1424): Graph gives such a password its default two years.
        if (!end.endDate && end.endDateRelative) {
          reportViolation(
            `${label} sets endDateRelative (${end.endDateRelative}), which the azuread provider ignores for passwords (terraform-provider-azuread#1424): Graph would give it its default two-year lifetime. Set endDate instead.`,
          );
          continue;
        }
        const result = checkSecretEnd({ endDate: end.endDate }, now(), maxDays);
        if (result.ok) continue;
        const latest = result.latest.toISOString().slice(0, 10);
        const messages = {
          missing: `${label} has no end date; set endDate no later than ${latest} (secrets must expire).`,
          unparsable: `${label} has an end date that is not a date (${end.endDate ?? end.endDateRelative}).`,
          past: `${label} ends in the past (${end.endDate ?? end.endDateRelative}).`,
          tooFar: `${label} ends ${end.endDate ?? end.endDateRelative}, more than ${maxDays} days ahead; the latest allowed today is ${latest}. Rotate more often instead.`,
        };
        reportViolation(messages[result.problem]);
      }
    },
  };
}

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

/** 7. A Key Vault copy of a secret carries its expiry, so the vault can warn. */
export const keyVaultSecretExpires: ResourceValidationPolicy = {
  name: "key-vault-secret-expires",
  description: "Key Vault secrets carry an expires attribute (epoch seconds).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.keyVaultSecret) return;
    if (typeof args.props.properties?.attributes?.expires !== "number") {
      reportViolation(
        `Key Vault secret ${args.name} has no properties.attributes.expires; set it to the client secret's end date (epoch seconds).`,
      );
    }
  },
};

/** 8. Consent is granted only for what an app declares. */
export const consentMatchesDeclaration: StackValidationPolicy = {
  name: "graph-consent-matches-declaration",
  description:
    "Every AppRoleAssignment of a Microsoft Graph app role matches a requiredResourceAccesses entry of the app it is granted to.",
  enforcementLevel: "mandatory",
  // Stack policies run again only after `pulumi up` has made the grants, so this one must decide
  // in preview, where a new app's IDs are unknown. Every read goes through `known`, which turns
  // the policy runtime's UnknownValueError into UNKNOWN instead of letting it abort the whole
  // policy (the runtime would then downgrade it to an advisory "can't run during preview").
  validateStack: (args, reportViolation) => {
    const ofType = (type: string) => args.resources.filter((resource) => resource.type === type);
    const servicePrincipals = ofType(TYPES.servicePrincipal);
    const applications = ofType(TYPES.application);
    for (const assignment of ofType(TYPES.appRoleAssignment)) {
      const roleId = known(() => assignment.props.appRoleId);
      if (roleId === UNKNOWN) {
        // Graph's app role IDs are fixed, so an unknown one is computed from a resource of this
        // stack: fine when the assignment targets an API this stack creates (its service
        // principal's client ID is another app's, or itself still unknown), never Graph.
        const api = linked(assignment, "resourceObjectId", servicePrincipals, "objectId");
        if (api && known(() => api.props.clientId) !== MICROSOFT_GRAPH_APP_ID) continue;
        const principal = linked(assignment, "principalObjectId", servicePrincipals, "objectId");
        const application = principal && linked(principal, "clientId", applications, "clientId");
        if (!application) continue; // granted to a principal outside this stack's apps
        reportViolation(
          `assignment ${assignment.name} grants app ${application.name} an app role whose ID is unknown until the update, so whether it is a Microsoft Graph permission the app requests cannot be checked before it is granted. Give appRoleId as a known value (the role's ID from Graph's service principal or the permission catalog).`,
          assignment.urn,
        );
        continue;
      }
      const risk = graphApplicationPermissionRisk(typeof roleId === "string" ? roleId : "");
      if (!risk) continue; // not a Microsoft Graph app role
      const servicePrincipal = linked(
        assignment,
        "principalObjectId",
        servicePrincipals,
        "objectId",
      );
      const application =
        servicePrincipal && linked(servicePrincipal, "clientId", applications, "clientId");
      if (!application) continue; // granted to a principal outside this stack
      const declared = declaresGraphRole(application, String(roleId));
      if (declared === UNKNOWN) {
        reportViolation(
          `assignment ${assignment.name} grants Microsoft Graph ${risk.value} to app ${application.name}, whose requiredResourceAccesses are unknown until the update, so the grant cannot be checked before it is made. Declare the app's permissions as known values (not computed from resources of this stack).`,
          assignment.urn,
        );
      } else if (!declared) {
        reportViolation(
          `assignment ${assignment.name} grants Microsoft Graph ${risk.value} to app ${application.name}, which does not request it; add it to the app's requiredResourceAccesses or remove the assignment.`,
          assignment.urn,
        );
      }
    }
  },
};

/**
 * Whether an app's requiredResourceAccesses list a Graph app role: true as soon as one known entry
 * does, UNKNOWN when none does but some entry (or the whole list) is unknown, else false.
 */
function declaresGraphRole(app: PolicyResource, roleId: string): boolean | typeof UNKNOWN {
  const accesses = known(() => accessesOf(app.props));
  if (accesses === UNKNOWN) return UNKNOWN;
  let uncertain = false;
  const count = known(() => accesses.length);
  if (count === UNKNOWN) return UNKNOWN;
  for (let index = 0; index < count; index++) {
    const verdict = known(() => {
      const access = accesses[index];
      return (
        access.resourceAppId === MICROSOFT_GRAPH_APP_ID &&
        access.resourceAccesses.some((entry) => entry.type === "Role" && entry.id === roleId)
      );
    });
    if (verdict === true) return true;
    if (verdict === UNKNOWN) uncertain = true;
  }
  return uncertain ? UNKNOWN : false;
}

/** A value the policy runtime cannot know yet (preview: an output of a resource not yet created). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/**
 * Reads through the policy runtime's props proxy, which throws UnknownValueError on any unknown
 * value: returns UNKNOWN instead. Any other error is a bug and propagates.
 */
export function known<T>(read: () => T): T | typeof UNKNOWN {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return UNKNOWN;
    throw error;
  }
}

/**
 * The resource a property points at: by value when known (pulumi up), else through the property's
 * dependencies (pulumi preview, where new resources' IDs are still unknown). Candidates whose own
 * property is unknown are matched only through dependencies.
 */
function linked(
  from: PolicyResource,
  property: string,
  candidates: PolicyResource[],
  targetProperty: string,
): PolicyResource | undefined {
  const value = known(() => from.props[property]);
  if (value !== undefined && value !== UNKNOWN) {
    const byValue = candidates.find(
      (candidate) => known(() => candidate.props[targetProperty]) === value,
    );
    if (byValue) return byValue;
  }
  const urns = new Set(
    (from.propertyDependencies?.[property] ?? []).map((dependency) => dependency.urn),
  );
  return candidates.find((candidate) => urns.has(candidate.urn));
}

// Policy props are Record<string, any> in @pulumi/policy's own types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function accessesOf(props: Record<string, any>): RequiredResourceAccess[] {
  return props.requiredResourceAccesses ?? [];
}
