// npm run verify as a command line: reading the outputs with the Pulumi CLI (a fake one on PATH),
// its failures, and the script itself run end to end as a child process, as `npm run verify`
// runs it, trusting the local Entra emulator's certificate through NODE_EXTRA_CA_CERTS.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../tools/commands/verify/cli";
import { EntraEmulator } from "../tools/tenant/emulator/server";
import { pathWithout } from "./support/commandPath";
import { connects, NOW, TENANT, useVerifyEmulator, VerifyRun } from "./support/verifyEmulator";
import { healthyStackReport, unknownAppAndTenant } from "./support/verifyReports";

describe("npm run verify as a command line", () => {
  const session = useVerifyEmulator();

  it("--stack reads the outputs with `pulumi stack output --json --show-secrets --stack <name>`", async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    session.writeOutputs(session.healthyApps(), "cli-outputs.json");
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> "${bin}/calls.log"\nprintf 'cwd=%s\\n' "$PWD" >> "${bin}/calls.log"\ncat "${path.join(session.dir, "cli-outputs.json")}"\n`,
      { mode: 0o755 },
    );
    const { code, stdout } = await session.run(
      ["--stack", "test", "--authority-host", session.entra.origin, "--now", NOW],
      { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    );
    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")[0]).toBe("verify Pulumi.test.yaml, outputs of stack test");
    expect(fs.readFileSync(path.join(bin, "calls.log"), "utf8")).toBe(
      `stack output --json --show-secrets --stack test\ncwd=${fs.realpathSync(session.dir)}\n`,
    );
  });

  it("exits 2 with pulumi's reason, never its stdout, when `pulumi stack output` fails", async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    session.secrets.push("Leaky~stdout.secret-000000000");
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      "#!/bin/sh\necho 'Leaky~stdout.secret-000000000'\necho \"error: no stack named 'test' found\" >&2\nexit 255\n",
      { mode: 0o755 },
    );
    const result = await session.run(
      ["--stack", "test", "--authority-host", session.entra.origin],
      {
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      },
    );
    expect(result).toEqual({
      code: EXIT.readError,
      stdout: "",
      stderr:
        "verify: pulumi stack output --json --show-secrets --stack test failed (exit 255):\n  error: no stack named 'test' found\n" +
        "  Is the stack's backend logged in (pulumi login, or PULUMI_BACKEND_URL) and the stack deployed?\n",
    });
  });

  it("exits 7 and says what to do when the Pulumi CLI is not on PATH", async () => {
    const result = await session.run(["--stack", "test"], {
      PATH: pathWithout("pulumi", process.env.PATH),
    });
    expect(result).toEqual({
      code: EXIT.pulumiCliMissing,
      stdout: "",
      stderr: [
        "verify: the Pulumi CLI (pulumi) is not on PATH, so the stack outputs cannot be read.",
        "  Install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend, or, where the CLI is available, save",
        "  the outputs with: pulumi stack output --json --show-secrets --stack test > outputs.json",
        "  and run: npm run verify -- --stack test --outputs outputs.json (or use --from-env with GRAPH_* variables).",
        "",
      ].join("\n"),
    });
  });

  it("exits 2 for outputs saved without --show-secrets", async () => {
    fs.writeFileSync(
      path.join(session.dir, "masked.json"),
      JSON.stringify({ apps: {}, clientSecrets: "[secret]" }),
    );
    expect(await session.run(session.stackArgs("masked.json"))).toEqual({
      code: EXIT.readError,
      stdout: "",
      stderr: [
        `verify: masked.json cannot be used (1 problem); save the outputs with \`pulumi stack output --json --show-secrets --stack test > masked.json\`:`,
        "  - clientSecrets: holds no values: the outputs were saved without --show-secrets",
        "",
      ].join("\n"),
    });
  });

  // The only two child processes of the whole command: the rest runs main in-process.
  describe("the script, run as npm run verify runs it (child process, NODE_EXTRA_CA_CERTS)", () => {
    // Both start at once (ts-node's start-up is most of their time); each case checks its own.
    let healthy: Promise<VerifyRun>;
    let failing: Promise<VerifyRun>;
    let expectFailing: (run: VerifyRun) => void;
    beforeAll(() => {
      session.writeOutputs(session.healthyApps(), "healthy.json");
      expectFailing = unknownAppAndTenant(session, "failing.json");
      healthy = session.spawn(session.stackArgs("healthy.json"));
      failing = session.spawn(session.stackArgs("failing.json"));
    });

    it("exits 0 and prints the report when every token carries exactly the configured roles", async () => {
      expect(await healthy).toEqual({
        code: EXIT.ok,
        stderr: "",
        stdout: healthyStackReport(session.entra.origin, "healthy.json"),
      });
    });

    it("exits 1 with Entra's reasons when apps cannot sign in", async () => {
      expectFailing(await failing);
    });
  });

  it("never printed a client secret or an access token in any run above, nor logged one", () => {
    session.expectNothingLeaked(6);
  });

  it("stops by itself when its lifetime is over, should a test never close it", async () => {
    // Long enough to connect once even on a loaded machine (300 ms was not always).
    const shortLived = await EntraEmulator.start({ tenantId: TENANT, lifetimeMs: 1500 });
    const port = Number(new URL(shortLived.origin).port);
    expect(shortLived.listening).toBe(true);
    await expect(connects(port)).resolves.toBe(true);
    await shortLived.closed;
    expect(shortLived.listening).toBe(false);
    await expect(connects(port)).resolves.toBe(false);
  });
});
