import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/expiry/cli";

/**
 * `npm run expiry` never reports "ok" on input it could not read: a usage error or an unreadable
 * date is exit 1, outputs it cannot read exit 2, no Pulumi CLI exit 7.
 */

const NOW = "2026-11-22T00:00:00Z";
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "expiry-input-"));

async function runExpiry(args: string[], io = capturedIo({ env: { PATH: process.env.PATH } })) {
  const code = await main(["node", "expiry", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

function writeJson(value: unknown, name = "outputs.json"): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

const secret = (expiresOn: unknown) => ({
  apps: { a: { credentials: [{ kind: "password", name: "a-secret", expiresOn }] } },
});
const fine = writeJson(secret("2027-11-22T00:00:00Z"));
const failed = (code: number, stderr: string) => ({ code, stdout: "", stderr });

describe("expiry --now", () => {
  it("exits 1 for a date it cannot read instead of judging every credential ok", async () => {
    for (const now of [
      "not-a-date",
      "1",
      "2026-02-30",
      "2026-11-22T10:00",
      "2026-11-22T24:00:00Z",
    ]) {
      expect(await runExpiry(["--outputs", fine, "--now", now])).toEqual(
        failed(
          EXIT.usage,
          `error: option '--now <date>' argument '${now}' is invalid. use an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z\n`,
        ),
      );
    }
  });

  it("reads the clock from io when --now is not given", async () => {
    const io = capturedIo({ now: () => new Date("2027-12-01T00:00:00Z") });
    expect((await runExpiry(["--outputs", fine], io)).code).toBe(EXIT.expired);
  });

  it("exits 1 end to end for an unreadable --now (one child process)", () => {
    const tsNode = path.join(__dirname, "..", "node_modules", ".bin", "ts-node");
    const cli = path.join(__dirname, "..", "tools", "commands", "expiry", "cli.ts");
    const run = spawnSync(tsNode, ["--transpile-only", cli, "--outputs", fine, "--now", "soon"], {
      encoding: "utf8",
    });
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual(
      failed(
        EXIT.usage,
        "error: option '--now <date>' argument 'soon' is invalid. use an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z\n",
      ),
    );
  });
});

describe("expiry on outputs it cannot read", () => {
  const resave = (file: string) =>
    `save them again with \`pulumi stack output --json\` > ${file}, or pass --stack <name>`;

  it("exits 1 for an expiry date it cannot read, naming the credential's path", async () => {
    for (const value of ["soon", "2027-13-01", 20271122, null]) {
      const file = writeJson(secret(value));
      expect(await runExpiry(["--outputs", file, "--now", NOW])).toEqual(
        failed(
          EXIT.usage,
          [
            `expiry: ${file} cannot be used (1 problem); ${resave(file)}:`,
            `  - apps.a.credentials[0].expiresOn = ${JSON.stringify(value)}: is not a date (an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z)${value === null ? "; only federated credentials never expire" : ""}`,
            "",
          ].join("\n"),
        ),
      );
    }
  });

  it("exits 2 for a file that is missing, a folder, or not JSON", async () => {
    const dir = tempDir();
    const missing = path.join(dir, "nope.json");
    const notJson = writeJson("apps:");
    const cases: [string, string][] = [
      [missing, `expiry: cannot read ${missing}: does not exist; ${resave(missing)}\n`],
      [dir, `expiry: cannot read ${dir}: is a folder; ${resave(dir)}\n`],
      [notJson, `expiry: ${notJson} is not JSON; ${resave(notJson)}\n`],
    ];
    for (const [file, stderr] of cases) {
      expect(await runExpiry(["--outputs", file, "--now", NOW])).toEqual(
        failed(EXIT.readError, stderr),
      );
    }
  });

  it("exits 7 without the Pulumi CLI, 2 when it fails, 1 without a source", async () => {
    const noCli = capturedIo({ env: { PATH: "/nonexistent" } });
    expect(await runExpiry(["--stack", "prod", "--now", NOW], noCli)).toEqual(
      failed(
        EXIT.noPulumiCli,
        "expiry: the Pulumi CLI is not on PATH. Install it (https://www.pulumi.com/docs/install/), or pass --outputs with a file saved by `pulumi stack output --json`\n",
      ),
    );
    const bin = tempDir();
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      "#!/bin/sh\necho 'error: no stack named prod' >&2\nexit 255\n",
      {
        mode: 0o755,
      },
    );
    const failing = capturedIo({ env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(await runExpiry(["--stack", "prod", "--now", NOW], failing)).toEqual(
      failed(EXIT.readError, "expiry: `pulumi stack output` failed: error: no stack named prod\n"),
    );
    expect(await runExpiry(["--now", NOW])).toEqual(
      failed(EXIT.usage, "expiry: give one of --stack <name> or --outputs <file.json>\n"),
    );
    expect((await runExpiry(["--outputs", fine, "--warn-days", "6O"])).code).toBe(EXIT.usage);
  });

  it("shows names from the outputs with invisible characters escaped", async () => {
    const file = writeJson({
      apps: {
        "a\u200b": { credentials: [{ kind: "federated", name: "m\u0430in", expiresOn: null }] },
      },
    });
    const { code, stdout } = await runExpiry(["--outputs", file, "--now", NOW]);
    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")[2]).toBe(
      "a\\u200b  m\\u0430in   federated  never    -          does not expire",
    );
  });
});
