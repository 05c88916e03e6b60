import { showValue } from "../../../program/config/redaction";
import { federatedNotices, federatedSettings } from "./federatedSettings";
import { DEFAULT_ROTATE_EVERY_DAYS } from "../../../program/config/secretPolicy";
import { LiveApp, LiveApps } from "./liveApp";
import { liveConsent } from "./liveConsent";
import { LiveApiPermissions, livePermissions } from "./livePermissions";
import { describeUnsupported, unsupportedSettings } from "./unsupportedSettings";

/** A credential that exists on the app and is not taken over (never its value). */
export interface ExistingCredential {
  kind: "client secret" | "certificate";
  displayName: string | null;
  keyId: string;
  /** First characters of a client secret, as the portal shows them. */
  hint?: string | null;
  endDateTime: string;
}

/** An app the stack can take over: its config (for `apps.<key>`) and what to tell the user. */
export interface Adoption {
  kind: "adopted";
  displayName: string;
  appId: string;
  objectId: string;
  /** The app's settings, `existing:` included, in the order they are written. */
  settings: Record<string, unknown>;
  apis: LiveApiPermissions[];
  credentials: ExistingCredential[];
  notices: string[];
}

/** An app the stack cannot take over as it is, with every reason. */
export interface Refusal {
  kind: "refused";
  displayName: string;
  appId: string;
  reasons: string[];
}

/**
 * The config that reproduces one live app exactly (Pulumi updates an imported object to match the
 * config right after importing it, so any difference is a change to the live app), or the reasons
 * it cannot.
 */
export function adoptApp(lives: LiveApps, live: LiveApp): Adoption | Refusal {
  const app = live.application;
  const reasons: string[] = unsupportedSettings(live).map(
    (item) =>
      `${describeUnsupported(item)}; the first pulumi up would change it right after importing the app (Pulumi updates an imported object to match the config)`,
  );
  if (app.displayName !== app.displayName.trim()) {
    reasons.push(
      `displayName = ${showValue(app.displayName)} has leading or trailing spaces, which the stack's config trims, so the first pulumi up would rename the app; rename it in the portal and run adopt again`,
    );
  }
  const permissions = livePermissions(lives, app.requiredResourceAccess ?? []);
  reasons.push(...permissions.refusals);
  const roleName = (resourceId: string, appRoleId: string) =>
    lives.appRoleValue(resourceId, appRoleId);
  const consent = live.servicePrincipal
    ? liveConsent(live, permissions.apis, roleName)
    : {
        adminConsent: false,
        appRoleAssignments: {},
        delegatedPermissionGrants: {},
        notices: [],
        refusals: [],
      };
  reasons.push(...consent.refusals);
  const owners = ids(live.owners);
  reasons.push(...ownerProblems(live, owners));
  for (const credential of live.federatedCredentials) {
    if (credential.description && credential.description.trim() !== "") {
      reasons.push(
        `federated credential ${credential.name} has a description, which this stack does not set (the first pulumi up would clear it); clear it in the portal and run adopt again`,
      );
    }
  }
  if (reasons.length > 0) {
    return { kind: "refused", displayName: app.displayName, appId: app.appId, reasons };
  }
  const requested = permissions.apis.some((api) => api.permissions.length > 0);
  const notices = [...consent.notices, ...federatedNotices(live.federatedCredentials)];
  if (!live.servicePrincipal) {
    notices.push("has no service principal in the tenant: the first pulumi up creates one");
    if (requested)
      notices.push("without a service principal nothing is consented: adminConsent is false");
  }
  const settings: Record<string, unknown> = {
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    ...(app.notes && app.notes !== "" ? { notes: app.notes } : {}),
    ...(owners.length > 0 ? { owners } : {}),
    ...(app.web?.redirectUris?.length ? { redirectUris: [...app.web.redirectUris] } : {}),
    ...(requested ? { permissions: permissionSettings(permissions.apis) } : { permissions: {} }),
    ...(requested ? { adminConsent: live.servicePrincipal ? consent.adminConsent : false } : {}),
    ...(live.federatedCredentials.length > 0
      ? { federatedCredentials: federatedSettings(live.federatedCredentials) }
      : {}),
    clientSecret: { rotateEveryDays: DEFAULT_ROTATE_EVERY_DAYS },
    existing: existingSettings(live, consent, permissions.apis),
  };
  return {
    kind: "adopted",
    displayName: app.displayName,
    appId: app.appId,
    objectId: app.id,
    settings,
    apis: permissions.apis,
    credentials: existingCredentials(live),
    notices,
  };
}

function permissionSettings(apis: LiveApiPermissions[]): Record<string, unknown> {
  return Object.fromEntries(
    apis
      .filter((api) => api.permissions.length > 0)
      .map((api) => {
        const of = (kind: string) =>
          api.permissions.filter((p) => p.kind === kind).map((p) => p.value);
        const application = of("application");
        const delegated = of("delegated");
        return [
          api.configKey,
          {
            ...(application.length > 0 ? { application } : {}),
            ...(delegated.length > 0 ? { delegated } : {}),
          },
        ];
      }),
  );
}

function existingSettings(
  live: LiveApp,
  consent: ReturnType<typeof liveConsent>,
  apis: LiveApiPermissions[],
): Record<string, unknown> {
  const objectId = live.application.id.toLowerCase();
  const fics = Object.fromEntries(
    live.federatedCredentials.map((credential) => [
      credential.name,
      `${objectId}/federatedIdentityCredential/${credential.id.toLowerCase()}`,
    ]),
  );
  // The provider compares each API's permission list in order: the live order is kept.
  const order = Object.fromEntries(
    apis
      .filter((api) => api.permissions.length > 1)
      .map((api) => [api.resourceKey, api.permissions.map((p) => `${p.kind} ${p.value}`)]),
  );
  const nonEmpty = (map: Record<string, unknown>) => Object.keys(map).length > 0;
  return {
    application: `/applications/${objectId}`,
    ...(live.servicePrincipal
      ? { servicePrincipal: `/servicePrincipals/${live.servicePrincipal.id.toLowerCase()}` }
      : {}),
    ...(nonEmpty(consent.appRoleAssignments)
      ? { appRoleAssignments: consent.appRoleAssignments }
      : {}),
    ...(nonEmpty(consent.delegatedPermissionGrants)
      ? { delegatedPermissionGrants: consent.delegatedPermissionGrants }
      : {}),
    ...(nonEmpty(fics) ? { federatedCredentials: fics } : {}),
    ...(nonEmpty(order) ? { permissionOrder: order } : {}),
  };
}

/**
 * The program gives the application and its service principal the same owners (configured ones
 * only; the provider diffs owners as exact strings, application_resource.go and
 * service_principal_resource.go Update): both live lists must be that one set.
 */
function ownerProblems(live: LiveApp, owners: string[]): string[] {
  if (!live.servicePrincipal) return [];
  if (live.servicePrincipalOwners === undefined) {
    return [
      "the export does not list the owners of its service principal, so the import of the service principal cannot be checked; export again with a reader that reads /servicePrincipals/{id}/owners",
    ];
  }
  const spOwners = ids(live.servicePrincipalOwners);
  const same = spOwners.length === owners.length && spOwners.every((id) => owners.includes(id));
  if (same) return [];
  return [
    `owners: the application is owned by [${owners.join(", ")}] and its service principal by [${spOwners.join(", ")}]; this stack gives both the same owners (the first pulumi up would change one of them). Make them the same (App registrations > Owners, Enterprise applications > Owners) and run adopt again`,
  ];
}

function existingCredentials(live: LiveApp): ExistingCredential[] {
  const app = live.application;
  return [
    ...(app.passwordCredentials ?? []).map((p) => ({
      kind: "client secret" as const,
      displayName: p.displayName,
      keyId: p.keyId,
      hint: p.hint,
      endDateTime: p.endDateTime,
    })),
    ...(app.keyCredentials ?? []).map((k) => ({
      kind: "certificate" as const,
      displayName: k.displayName,
      keyId: k.keyId,
      endDateTime: k.endDateTime,
    })),
  ];
}

function ids(objects: { id: string }[]): string[] {
  return [...new Set(objects.map((object) => object.id.toLowerCase()))];
}
