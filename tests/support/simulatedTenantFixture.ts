import { SimulatedTenant } from "../../tools/tenant/simulatedTenant";
import { valueOf } from "../../tools/tenant/evaluateProgram";
import { installMocks } from "../../tools/tenant/registration";

/**
 * A fresh simulated tenant behind Pulumi's mock runtime for each test, shared by the simulated
 * tenant's suites. `tenant` and `azuread` are live bindings: they hold the current test's.
 */

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const MAIL_SEND_ROLE = "b633e1c5-b582-4048-a93e-9f11b44c7e96";
export const USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
export const NOW = new Date("2026-11-22T09:00:00Z");

export let tenant: SimulatedTenant;
export let azuread: typeof import("@pulumi/azuread");

/** Registers the beforeEach that gives every test its own tenant. */
export function useFreshSimulatedTenant(): void {
  beforeEach(async () => {
    tenant = new SimulatedTenant({ now: NOW });
    await installMocks(tenant, "entra-graph-apps", "test");
    azuread = await import("@pulumi/azuread");
  });
}

/** An application and its service principal, registered in the simulated tenant. */
export async function appWithServicePrincipal(name: string) {
  const application = new azuread.Application(name, { displayName: name });
  const servicePrincipal = new azuread.ServicePrincipal(name, { clientId: application.clientId });
  return {
    application,
    applicationId: await valueOf(application.id),
    servicePrincipalObjectId: await valueOf(servicePrincipal.objectId),
  };
}

// Refusals are asserted on the tenant's Mocks interface directly: under Pulumi's mock runtime a
// refused registration also rejects promises nobody awaits, which would crash the test worker.
export const register = (type: string, name: string, inputs: Record<string, unknown>) =>
  tenant.newResource({ type, name, inputs, custom: true, provider: "", id: undefined });
