/**
 * The floor for the evaluation benchmark: the custom resources the program registers for N apps ×
 * K Graph application permissions, written by hand the way a plain azuread program would — no
 * config validation, no component resources, no permission resolution, one `getServicePrincipal`
 * for Microsoft Graph's object ID and app role IDs. The inputs are the program's own (same names,
 * owners, sorted role IDs, rotation slot names and end dates on BENCH_NOW, custom timeouts,
 * secret outputs), so the simulated tenant does the same work for both.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { GRAPH_APP_ID, appKey, graphApplicationPermissions } from "./benchStacks";

/** The two rotation slots the program's default 90-day rotation keeps on BENCH_NOW. */
const PASSWORD_SLOTS = [
  {
    slot: "a",
    displayName: "entra-graph-apps rotation 2026-09-04 to 2027-03-03",
    endDate: "2027-03-03T00:00:00Z",
  },
  {
    slot: "b",
    displayName: "entra-graph-apps rotation 2026-06-06 to 2026-12-03",
    endDate: "2026-12-03T00:00:00Z",
  },
];

const CONSENT_TIMEOUTS = { create: "15m", update: "15m", delete: "10m" };

/** Loads every azuread class the program touches (azuread loads them lazily), before timing. */
export function preloadAzureadClasses(): void {
  void [
    azuread.Application,
    azuread.ServicePrincipal,
    azuread.AppRoleAssignment,
    azuread.ApplicationPassword,
    azuread.getServicePrincipal,
    azuread.getClientConfig,
  ];
}

/** A Pulumi program function registering the resources for `apps` × `perms` by hand. */
export function handWrittenProgram(
  apps: number,
  perms: number,
): () => Promise<Record<string, unknown>> {
  const permissions = graphApplicationPermissions(perms);
  const roleIds = permissions.map((p) => p.id).sort();
  return async () => {
    const graph = await azuread.getServicePrincipal({ clientId: GRAPH_APP_ID });
    const clientIds: Record<string, pulumi.Output<string>> = {};
    const secrets: Record<string, pulumi.Output<string>> = {};
    for (let i = 0; i < apps; i++) {
      const name = appKey(i);
      const application = new azuread.Application(name, {
        displayName: `Bench App ${i}`,
        signInAudience: "AzureADMyOrg",
        owners: [],
        requiredResourceAccesses: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccesses: roleIds.map((id) => ({ id, type: "Role" })),
          },
        ],
      });
      const servicePrincipal = new azuread.ServicePrincipal(name, {
        clientId: application.clientId,
        owners: [],
      });
      for (const permission of permissions) {
        new azuread.AppRoleAssignment(
          `${name}-graph-${permission.value}`,
          {
            appRoleId: graph.appRoleIds[permission.value],
            principalObjectId: servicePrincipal.objectId,
            resourceObjectId: graph.objectId,
          },
          { customTimeouts: CONSENT_TIMEOUTS },
        );
      }
      const passwords = PASSWORD_SLOTS.map(
        (slot) =>
          new azuread.ApplicationPassword(
            `${name}-secret-${slot.slot}`,
            { applicationId: application.id, displayName: slot.displayName, endDate: slot.endDate },
            { additionalSecretOutputs: ["value"] },
          ),
      );
      clientIds[name] = application.clientId;
      secrets[name] = passwords[0].value;
    }
    return { clientIds, clientSecrets: pulumi.secret(secrets) };
  };
}
