import { TYPES } from "../tools/tenant/simulatedTenant";
import { oneApp, runProgram } from "./support/simulate";

// What the program exports: plain app details in `apps`, secrets only in the secret
// `clientSecrets`, and never a secret value anywhere else.

describe("the program's outputs", () => {
  it("exports plain app details and the client secret only as a Pulumi secret", async () => {
    const { tenant, resolved } = await runProgram(
      oneApp("mail-alerts", {
        displayName: "Mail Alerts",
        permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
      }),
    );
    const application = tenant.resource(TYPES.application, "mail-alerts");
    const currentPassword = tenant.resource(TYPES.applicationPassword, "mail-alerts-secret-a");
    expect(resolved.apps.secret).toBe(false);
    expect(resolved.apps.value).toEqual({
      "mail-alerts": {
        displayName: "Mail Alerts",
        clientId: application.state.clientId,
        tenantId: tenant.tenantId,
        applicationObjectId: application.state.objectId,
        servicePrincipalObjectId: tenant.resource(TYPES.servicePrincipal, "mail-alerts").state
          .objectId,
        tokenEndpoint: `https://login.microsoftonline.com/${tenant.tenantId}/oauth2/v2.0/token`,
        scope: "https://graph.microsoft.com/.default",
        applicationPermissions: ["Mail.Send"],
        delegatedPermissions: [],
        clientSecretExpiresOn: "2027-03-03T00:00:00Z",
        credentials: [
          {
            kind: "password",
            name: "mail-alerts-secret-a",
            expiresOn: "2027-03-03T00:00:00Z",
            rotation: "current",
            rotateEveryDays: 90,
          },
          {
            kind: "password",
            name: "mail-alerts-secret-b",
            expiresOn: "2026-12-03T00:00:00Z",
            rotation: "previous",
            rotateEveryDays: 90,
          },
        ],
      },
    });
    expect(resolved.clientSecrets.secret).toBe(true);
    const secretValue = await unwrapSecret(currentPassword.state.value);
    expect(resolved.clientSecrets.value).toEqual({ "mail-alerts": secretValue });
    expect(secretValue).toMatch(/^.{3}8Q~.{34}$/);
  });

  it("never puts a secret value in plain text into inputs, plain outputs or logs", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      const { tenant, resolved } = await runProgram({
        apps: {
          a: {
            displayName: "A",
            permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
          },
          b: { displayName: "B", clientSecret: { expiresOn: "2027-06-30" } },
        },
      });
      const secrets = Object.values(resolved.clientSecrets.value as Record<string, string>);
      const passwordValues = await Promise.all(
        tenant.resourcesOfType(TYPES.applicationPassword).map((p) => unwrapSecret(p.state.value)),
      );
      expect(secrets).toHaveLength(2);
      expect(passwordValues).toHaveLength(3);
      const plainText = JSON.stringify([
        tenant.resources.map((r) => r.inputs),
        resolved.apps.value,
        tenant.lookups,
        logged,
      ]);
      for (const value of passwordValues) expect(plainText).not.toContain(value);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  it("creates no password and exports no secret with clientSecret: false, warning that nothing can sign in", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const { tenant, resolved } = await runProgram(
      oneApp("fed", { displayName: "Federated", clientSecret: false }),
    );
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
      "warning: [runtime] apps.fed: has no credential (clientSecret: false, no certificates, no federatedCredentials): nothing can sign in as it until one is added",
    ]);
    warn.mockRestore();
    expect(tenant.resourcesOfType(TYPES.applicationPassword)).toEqual([]);
    expect(resolved.clientSecrets).toEqual({ value: {}, secret: true });
    expect(
      (resolved.apps.value as Record<string, { clientSecretExpiresOn: unknown }>).fed
        .clientSecretExpiresOn,
    ).toBeUndefined();
  });

  it("registers nothing for an empty apps map, which is how a stack removes its last app", async () => {
    const { tenant, resolved } = await runProgram({ apps: {} });
    expect(tenant.resources.filter((r) => r.custom)).toEqual([]);
    expect(resolved.apps).toEqual({ value: {}, secret: false });
    expect(resolved.clientSecrets).toEqual({ value: {}, secret: true });
  });
});

function unwrapSecret(value: unknown): Promise<string> {
  return (
    (value as { promise: () => Promise<string> }).promise?.() ?? Promise.resolve(value as string)
  );
}
