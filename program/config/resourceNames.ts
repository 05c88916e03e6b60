import { AppConfig } from "./appConfig";
import { ConfigProblem } from "./configProblem";

/**
 * Pulumi identifies a resource by its type and name (the URN's last two parts; every instance of
 * a type here has the same parent types), so two resources of one type with one name make
 * `pulumi up` fail. Names join the app key and a credential name or permission with dashes,
 * and those may contain dashes themselves: app `a` with credential `b-federated-c` and app
 * `a-federated-b` with credential `c` both name `a-federated-b-federated-c`. The types and
 * names below are the ones components/*.ts registers.
 */
export const RESOURCE_TYPES = {
  graphApp: "entra-graph-apps:apps:GraphApp",
  appRegistration: "entra-graph-apps:apps:AppRegistration",
  application: "azuread:index/application:Application",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  adminConsent: "entra-graph-apps:apps:AdminConsent",
  appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  delegatedGrant:
    "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
  clientSecret: "entra-graph-apps:apps:ClientSecret",
  applicationPassword: "azuread:index/applicationPassword:ApplicationPassword",
  applicationCertificate: "azuread:index/applicationCertificate:ApplicationCertificate",
  federatedCredential:
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  keyVaultSecretCopy: "entra-graph-apps:apps:KeyVaultSecretCopy",
  keyVaultSecret: "azure-native:keyvault:Secret",
} as const;

/** One resource a validated config registers. */
export interface RegisteredResource {
  type: string;
  name: string;
  /** Config path the name comes from (for permissions, possibly under `defaults.`). */
  path: string;
  /** Key of the app that registers it. */
  app: string;
  /** Besides the app key, what in config can be renamed to change the name, if anything. */
  renamable?: "credential" | "certificate";
}

/** Every resource `pulumi up` would register for these apps, in registration order. */
export function registeredResources(apps: AppConfig[]): RegisteredResource[] {
  return apps.flatMap((app) => resourcesOf(app));
}

function resourcesOf(app: AppConfig): RegisteredResource[] {
  const key = app.key;
  const appPath = `apps.${key}`;
  const list: RegisteredResource[] = [];
  const add = (
    type: string,
    name: string,
    path: string,
    renamable?: "credential" | "certificate",
  ) => list.push({ type, name, path, app: key, ...(renamable ? { renamable } : {}) });

  // components/graphApp.ts and components/appRegistration.ts: all named after the app key.
  for (const type of ["graphApp", "appRegistration", "application", "servicePrincipal"] as const) {
    add(RESOURCE_TYPES[type], key, appPath);
  }
  // components/adminConsent.ts: `<key>-<resourceKey>`, one assignment per application
  // permission and one delegated grant; only with admin consent and some permission.
  if (app.adminConsent) {
    for (const request of app.permissions) {
      if (request.application.length + request.delegated.length === 0) continue;
      const consent = `${key}-${request.api.resourceKey}`;
      add(RESOURCE_TYPES.adminConsent, consent, request.path);
      for (const permission of request.application) {
        add(
          RESOURCE_TYPES.appRoleAssignment,
          `${consent}-${permission}`,
          `${request.path}.application`,
        );
      }
      if (request.delegated.length > 0) {
        add(RESOURCE_TYPES.delegatedGrant, `${consent}-delegated`, `${request.path}.delegated`);
      }
    }
  }
  // components/clientSecret.ts: `<key>-secret`, passwords `<key>-secret` or `-secret-a`/`-b`.
  const secretPath = `${appPath}.clientSecret`;
  if (app.clientSecret.kind !== "none") {
    add(RESOURCE_TYPES.clientSecret, `${key}-secret`, secretPath);
    const slots = app.clientSecret.kind === "rotating" ? ["-a", "-b"] : [""];
    for (const slot of slots) {
      add(RESOURCE_TYPES.applicationPassword, `${key}-secret${slot}`, secretPath);
    }
  }
  for (const certificate of app.certificates) {
    add(
      RESOURCE_TYPES.applicationCertificate,
      `${key}-cert-${certificate.name}`,
      `${appPath}.certificates.${certificate.name}`,
      "certificate",
    );
  }
  for (const credential of app.federatedCredentials) {
    add(
      RESOURCE_TYPES.federatedCredential,
      `${key}-federated-${credential.name}`,
      `${appPath}.federatedCredentials.${credential.name}`,
      "credential",
    );
  }
  // components/keyVaultSecretCopy.ts: the component and its Secret, only with a secret to copy.
  if (app.keyVault && app.clientSecret.kind !== "none") {
    add(RESOURCE_TYPES.keyVaultSecretCopy, `${key}-vault-copy`, `${appPath}.keyVault`);
    add(RESOURCE_TYPES.keyVaultSecret, `${key}-vault-copy`, `${appPath}.keyVault`);
  }
  return list;
}

/**
 * One problem per pair of config entries whose resources share a type and a name, naming both
 * config paths and what to rename.
 */
export function resourceNameProblems(apps: AppConfig[]): ConfigProblem[] {
  const first = new Map<string, RegisteredResource>();
  const reported = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const resource of registeredResources(apps)) {
    const id = `${resource.type}\u0000${resource.name}`;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, resource);
      continue;
    }
    const pair = `${where(earlier)}\u0000${where(resource)}`;
    if (reported.has(pair)) continue;
    reported.add(pair);
    const kinds = [...new Set([earlier.renamable, resource.renamable].filter(Boolean))];
    const renames = ["app key", ...kinds.map((kind) => `${kind} name`)].join(" or ");
    const forApp = where(resource) === resource.path ? "" : `for apps.${resource.app}, `;
    problems.push({
      path: resource.path,
      value: resource.name,
      message:
        `${forApp}is also the name of the ${shortType(resource.type)} of ${where(earlier)}: resource names join the app key and ` +
        `the entry's name with dashes, and Pulumi needs each name once per type. Rename one ${renames} so the names differ`,
    });
  }
  return problems;
}

/** A config path, with the app it is for when that is not in the path (`defaults.`). */
function where(resource: RegisteredResource): string {
  return resource.path.startsWith(`apps.${resource.app}`)
    ? resource.path
    : `${resource.path} (for apps.${resource.app})`;
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}
