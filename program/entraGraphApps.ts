import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { GraphApp } from "../components";
import { ConfigProblem, formatProblem } from "./config/configProblem";
import { StackConfigError } from "./stackConfigError";
import { AppConfig, RawStackConfig, validateStackConfig } from "./config/validateStackConfig";
import { distinctApis } from "./permissions/offlinePermissionSets";
import {
  ApiPermissionSet,
  ResolvedApp,
  resolvePermissions,
} from "./permissions/resolvePermissions";
import { secretSchedule } from "./rotation/secretSchedule";
import { graphAppExisting, resourceAccessOrder } from "./existingObjects";
import { exchangeScopeScript } from "./exchange/exchangeScopeScript";
import { apiLookupProblem } from "./permissions/apiLookupProblem";
import { AppOutputs, StackOutputs } from "./stackOutputs";

/**
 * The whole program. Validates all config, looks up each resource API once, resolves every
 * permission, and only then registers resources, so bad input never leaves half-built state.
 */
export async function entraGraphApps(raw: RawStackConfig, now: Date): Promise<StackOutputs> {
  const validation = validateStackConfig(raw, now);
  for (const warning of validation.warnings) void pulumi.log.warn(formatProblem(warning));
  // Lookups only read the tenant: made even when config is invalid, so one run reports every
  // mistake (an unknown API among them), and nothing is registered until all is well.
  const lookups = await lookUpResourceApis(validation.apps);
  const resolution = resolvePermissions(validation.apps, lookups.permissionSets);
  const problems = [...validation.problems, ...lookups.problems, ...resolution.problems];
  if (problems.length > 0) throw new StackConfigError(problems);
  const clientConfig = await azuread.getClientConfig();

  const apps: Record<string, AppOutputs> = {};
  const secrets: Record<string, pulumi.Output<string | undefined>> = {};
  for (const app of resolution.apps) {
    const component = buildApp(app, clientConfig, now);
    apps[app.key] = {
      displayName: app.displayName,
      clientId: component.clientId,
      tenantId: component.tenantId,
      applicationObjectId: component.applicationObjectId,
      servicePrincipalObjectId: component.servicePrincipalObjectId,
      tokenEndpoint: component.tokenEndpoint,
      scope: component.scope,
      applicationPermissions: component.applicationPermissions,
      delegatedPermissions: component.delegatedPermissions,
      clientSecretExpiresOn: component.clientSecretExpiresOn,
      credentials: component.credentials,
      ...(app.exchange ? { exchangeScopeScript: exchangeScript(app, component) } : {}),
      ...(app.keyVault
        ? { keyVaultSecretUri: await copyToKeyVault(app, component, clientConfig.tenantId) }
        : {}),
    };
    if (app.clientSecret.kind !== "none") secrets[app.key] = component.clientSecret;
  }
  const clientSecrets = pulumi.secret(pulumi.all(secrets)) as pulumi.Output<Record<string, string>>;
  return { apps, clientSecrets };
}

function buildApp(
  app: ResolvedApp,
  clientConfig: azuread.GetClientConfigResult,
  now: Date,
): GraphApp {
  return new GraphApp(
    app.key,
    {
      displayName: app.displayName,
      tenantId: clientConfig.tenantId,
      // Only configured owners: the owner set must not depend on who runs `pulumi up`.
      owners: app.owners,
      signInAudience: app.signInAudience,
      redirectUris: app.redirectUris,
      notes: app.notes,
      adminConsent: app.adminConsent,
      clientSecret: secretSchedule(app.clientSecret, now),
      certificates: app.certificates,
      federatedCredentials: app.federatedCredentials,
      existing: graphAppExisting(app),
      apis: app.apis.map((api) => ({
        resourceKey: api.request.api.resourceKey,
        resourceDisplayName: api.request.api.name,
        resourceAppId: api.request.api.appId,
        resourceServicePrincipalObjectId: api.resourceServicePrincipalObjectId,
        applicationPermissions: api.application,
        delegatedPermissions: api.delegated,
        resourceAccessOrder: resourceAccessOrder(app, api),
      })),
    },
    { aliases: app.renamedFrom.map((name) => ({ name })) },
  );
}

/**
 * The Exchange Online PowerShell that limits an app to its mailboxes: Exchange has no Pulumi
 * provider, so the stack outputs a script to run once the app exists.
 */
function exchangeScript(app: ResolvedApp, component: GraphApp): pulumi.Output<string> {
  const scope = app.exchange!;
  return pulumi
    .all([component.clientId, component.servicePrincipalObjectId])
    .apply(([clientId, servicePrincipalObjectId]) =>
      exchangeScopeScript({
        appKey: app.key,
        displayName: app.displayName,
        clientId,
        servicePrincipalObjectId,
        scope,
      }),
    );
}

/**
 * The Key Vault copy of an app's current client secret, a child of the app's component. Loaded
 * only when some app asks for it: @pulumi/azure-native takes half a second to load.
 */
async function copyToKeyVault(
  app: ResolvedApp,
  component: GraphApp,
  tenantId: string,
): Promise<pulumi.Output<string>> {
  const { KeyVaultSecretCopy } = await import("../components/keyVault");
  const copy = new KeyVaultSecretCopy(
    `${app.key}-vault-copy`,
    {
      ...app.keyVault!,
      value: component.clientSecret as pulumi.Output<string>,
      expiresOn: component.clientSecretExpiresOn as pulumi.Output<string>,
      clientId: component.clientId,
      tenantId,
    },
    { parent: component },
  );
  return copy.secretUri;
}

/** One `getServicePrincipal` per distinct resource API in the whole stack. */
async function lookUpResourceApis(
  apps: AppConfig[],
): Promise<{ permissionSets: Map<string, ApiPermissionSet>; problems: ConfigProblem[] }> {
  const firstUse = distinctApis(apps);
  const permissionSets = new Map<string, ApiPermissionSet>();
  const problems: ConfigProblem[] = [];
  await Promise.all(
    [...firstUse].map(async ([appId, path]) => {
      try {
        const sp = await azuread.getServicePrincipal({ clientId: appId });
        permissionSets.set(appId, {
          appId,
          displayName: sp.displayName,
          servicePrincipalObjectId: sp.objectId,
          appRoles: new Map(
            sp.appRoles
              .filter((role) => role.enabled && role.allowedMemberTypes.includes("Application"))
              .map((role) => [role.value, role.id]),
          ),
          scopes: new Map(
            sp.oauth2PermissionScopes.filter((s) => s.enabled).map((s) => [s.value, s.id]),
          ),
        });
      } catch (error) {
        problems.push({ path, value: appId, message: apiLookupProblem(appId, error) });
      }
    }),
  );
  return { permissionSets, problems };
}
