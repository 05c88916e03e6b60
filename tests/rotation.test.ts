import { TYPES } from "../tenant/simulatedTenant";
import { oneApp, runProgram } from "./support/simulate";

const DAY_MS = 86_400_000;

describe("client secret rotation through the program", () => {
  it("over daily runs keeps inputs identical inside a window and replaces exactly one password at each window change", async () => {
    const rotateEveryDays = 7;
    const config = oneApp("alerts", { displayName: "Alerts", clientSecret: { rotateEveryDays } });
    const start = new Date("2026-11-20T05:00:00Z").getTime();
    let previous: { inputs: Record<string, string>; exported: string } | undefined;
    const replacements: string[][] = [];
    for (let day = 0; day < 22; day++) {
      const now = new Date(start + day * DAY_MS);
      const { tenant, resolved } = await runProgram(config, now);
      const passwords = tenant.resourcesOfType(TYPES.applicationPassword);
      expect(passwords.map((p) => p.name)).toEqual(["alerts-secret-a", "alerts-secret-b"]);
      const inputs = Object.fromEntries(passwords.map((p) => [p.name, JSON.stringify(p.inputs)]));
      const exported = (resolved.clientSecrets.value as Record<string, string>).alerts;
      const expiresOn = (resolved.apps.value as Record<string, { clientSecretExpiresOn: string }>)
        .alerts.clientSecretExpiresOn;
      expect(new Date(expiresOn).getTime() - now.getTime()).toBeGreaterThanOrEqual(
        rotateEveryDays * DAY_MS,
      );
      if (previous) {
        const changed = Object.keys(inputs).filter(
          (name) => inputs[name] !== previous!.inputs[name],
        );
        if (changed.length > 0) {
          replacements.push(changed);
          expect(exported).not.toBe(previous.exported); // consumers get the new password
        } else {
          expect(exported).toBe(previous.exported);
        }
      }
      previous = { inputs, exported };
    }
    // 22 days from 2026-11-20 cross the 7-day windows starting 2026-11-26, 2026-12-03 and 2026-12-10.
    expect(replacements).toEqual([["alerts-secret-b"], ["alerts-secret-a"], ["alerts-secret-b"]]);
  });
});
