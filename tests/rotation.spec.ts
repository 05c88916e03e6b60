import { TYPES } from "../tools/tenant/simulatedTenant";
import { changesOf, oneApp, runAgain, runProgram } from "./support/simulate";

const DAY_MS = 86_400_000;

describe("client secret rotation through the program, run daily on one tenant", () => {
  it("changes nothing inside a window and replaces exactly one password at each window change, the previous one still valid", async () => {
    const rotateEveryDays = 7;
    const config = oneApp("alerts", { displayName: "Alerts", clientSecret: { rotateEveryDays } });
    const start = new Date("2026-11-20T05:00:00Z").getTime();
    const first = await runProgram(config, new Date(start));
    const tenant = first.tenant;
    let exported = (first.resolved.clientSecrets.value as Record<string, string>).alerts;
    const changes: string[][] = [];
    for (let day = 1; day < 22; day++) {
      const now = new Date(start + day * DAY_MS);
      const { resolved } = await runAgain(tenant, config, now);
      const changed = changesOf(tenant);
      const secret = (resolved.clientSecrets.value as Record<string, string>).alerts;
      const expiresOn = (resolved.apps.value as Record<string, { clientSecretExpiresOn: string }>)
        .alerts.clientSecretExpiresOn;
      expect(Date.parse(expiresOn) - now.getTime()).toBeGreaterThanOrEqual(
        rotateEveryDays * DAY_MS,
      );
      if (changed.length > 0) {
        changes.push(changed);
        expect(secret).not.toBe(exported); // consumers get the new password
        // The password handed out until today is still in the tenant and valid.
        const app = tenant.directory.applications.list()[0];
        expect(app.passwordCredentials).toHaveLength(2);
        expect(
          app.passwordCredentials.every((c) => Date.parse(c.endDateTime) > now.getTime()),
        ).toBe(true);
      } else {
        expect(secret).toBe(exported);
      }
      exported = secret;
    }
    // 22 days from 2026-11-20 cross the 7-day windows starting 2026-11-26, 2026-12-03 and 2026-12-10.
    expect(changes).toEqual([
      ["replace ApplicationPassword alerts-secret-b"],
      ["replace ApplicationPassword alerts-secret-a"],
      ["replace ApplicationPassword alerts-secret-b"],
    ]);
    expect(tenant.resourcesOfType(TYPES.applicationPassword).map((p) => p.name)).toEqual([
      "alerts-secret-a",
      "alerts-secret-b",
    ]);
  });
});
