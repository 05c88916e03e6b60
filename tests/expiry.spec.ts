import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/expiry/cli";

const NOW = "2026-11-22T00:00:00Z";

/** Stack outputs as `pulumi stack output --json` prints them (secrets masked). */
function outputs(credentials: Record<string, unknown[]>) {
  return {
    apps: Object.fromEntries(
      Object.entries(credentials).map(([app, list]) => [
        app,
        { displayName: app, credentials: list },
      ]),
    ),
    clientSecrets: "[secret]",
  };
}

const daysFromNow = (days: number) =>
  new Date(Date.parse(NOW) + days * 86_400_000).toISOString().replace(".000Z", "Z");

function writeJson(value: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "expiry-")), "outputs.json");
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

/** Runs expiry in-process with a captured io; --now is added unless the test gives its own. */
async function runExpiry(args: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) {
  const io = capturedIo({ env });
  const now = args.includes("--now") ? [] : ["--now", NOW];
  const code = await main(["node", "expiry", ...args, ...now], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

describe("npm run expiry", () => {
  it("exits 0 and lists every credential with days left when all are outside the window", async () => {
    const file = writeJson(
      outputs({
        "mail-alerts": [
          { kind: "password", name: "mail-alerts-secret", expiresOn: daysFromNow(61) },
        ],
        ci: [
          { kind: "certificate", name: "ci-cert-signing", expiresOn: daysFromNow(300) },
          { kind: "federated", name: "ci-federated-main", expiresOn: null },
        ],
      }),
    );
    const { code, stdout } = await runExpiry(["--outputs", file]);
    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")).toEqual([
      "app          credential          kind         expires     days left  status",
      "-----------  ------------------  -----------  ----------  ---------  ---------------",
      "mail-alerts  mail-alerts-secret  password     2027-01-22  61         ok",
      "ci           ci-cert-signing     certificate  2027-09-18  300        ok",
      "ci           ci-federated-main   federated    never       -          does not expire",
      "",
    ]);
  });

  it("exits 4 inside the warning window, naming what to do", async () => {
    const file = writeJson(
      outputs({
        "mail-alerts": [
          { kind: "password", name: "mail-alerts-secret", expiresOn: daysFromNow(59) },
        ],
      }),
    );
    const { code, stdout } = await runExpiry(["--outputs", file]);
    expect(code).toBe(EXIT.warning);
    expect(stdout).toContain(
      "mail-alerts  mail-alerts-secret  password  2027-01-20  59         WARNING: inside 60 days: move clientSecret.expiresOn forward (or switch to rotateEveryDays) and run `pulumi up`",
    );
    expect((await runExpiry(["--outputs", file, "--warn-days", "30"])).code).toBe(EXIT.ok);
  });

  it("exits 5 when a credential has expired", async () => {
    const file = writeJson(
      outputs({
        ci: [
          { kind: "certificate", name: "ci-cert-old", expiresOn: daysFromNow(-1) },
          { kind: "password", name: "ci-secret", expiresOn: daysFromNow(10) },
        ],
      }),
    );
    const { code, stdout } = await runExpiry(["--outputs", file]);
    expect(code).toBe(EXIT.expired);
    expect(stdout).toContain(
      "ci   ci-cert-old  certificate  2026-11-21  -1         EXPIRED: upload a new certificate under certificates: and run `pulumi up`",
    );
  });

  it("warns about a rotating secret only when rotation is overdue, and never about the previous slot", async () => {
    const rotating = (current: number, previous: number) =>
      writeJson(
        outputs({
          app: [
            {
              kind: "password",
              name: "app-secret-a",
              expiresOn: daysFromNow(current),
              rotation: "current",
              rotateEveryDays: 30,
            },
            {
              kind: "password",
              name: "app-secret-b",
              expiresOn: daysFromNow(previous),
              rotation: "previous",
              rotateEveryDays: 30,
            },
          ],
        }),
      );
    // A 30-day rotation always leaves 30+ days on the current secret: 45 is fine even with a 60-day window.
    expect((await runExpiry(["--outputs", rotating(45, 5)])).code).toBe(EXIT.ok);
    const overdue = await runExpiry(["--outputs", rotating(20, -10)]);
    expect(overdue.code).toBe(EXIT.warning);
    expect(overdue.stdout).toContain(
      "WARNING: rotation overdue: run `pulumi up` (the scheduled run has not replaced it)",
    );
    expect(overdue.stdout).toContain("previous rotation slot, runs out as planned");
  });

  it("prints JSON with --format json", async () => {
    const file = writeJson(
      outputs({ a: [{ kind: "password", name: "a-secret", expiresOn: daysFromNow(59) }] }),
    );
    const { code, stdout } = await runExpiry(["--outputs", file, "--format", "json"]);
    expect(code).toBe(EXIT.warning);
    expect(JSON.parse(stdout)).toEqual({
      warnDays: 60,
      credentials: [
        {
          app: "a",
          name: "a-secret",
          kind: "password",
          expiresOn: daysFromNow(59),
          daysLeft: 59,
          status: "warning",
          note: "inside 60 days: move clientSecret.expiresOn forward (or switch to rotateEveryDays) and run `pulumi up`",
        },
      ],
    });
  });

  it("reads the outputs through the Pulumi CLI with --stack", async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    const json = JSON.stringify(
      outputs({ a: [{ kind: "password", name: "a-secret", expiresOn: daysFromNow(-3) }] }),
    );
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      `#!/bin/sh\n[ "$*" = "stack output --json --stack prod" ] || { echo "unexpected args: $*" >&2; exit 2; }\ncat <<'JSON'\n${json}\nJSON\n`,
      { mode: 0o755 },
    );
    const { code, stdout } = await runExpiry(["--stack", "prod"], {
      PATH: `${bin}:${process.env.PATH}`,
    });
    expect(code).toBe(EXIT.expired);
    expect(stdout).toContain("a    a-secret    password  2026-11-19  -3         EXPIRED");
  });
});
