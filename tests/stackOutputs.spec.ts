import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { X509Certificate } from "crypto";
import { capturedIo } from "../tools/commands/commandIo";
import { main as expiry } from "../tools/commands/expiry/cli";
import { main as verify } from "../tools/commands/verify/cli";
import { readOutputsFile } from "../tools/commands/verify/readDeployedApps";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AppOutputs, appOutputsSchema, stackOutputsSchema } from "../program/stackOutputs";
import { runProgram } from "./support/simulate";
import { makeCertificate } from "./support/testCertificates";
import { writeProjectFile } from "./support/projectFolder";

// One schema of the stack outputs, read by verify and expiry alike: what the real program
// outputs passes it, and outputs it cannot use stop both commands with the same exit code and
// the same lines, never printing a secret.

const certificate = makeCertificate(365);
const NOW = new Date(
  Date.parse(new X509Certificate(certificate.certificatePem).validFrom) + 60_000,
);
const day = (days: number) =>
  new Date(NOW.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "stack-outputs-")));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  fs.writeFileSync(path.join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
  return name;
}

/** Checked by tsc: every app output the program exports is one the schema reads, of its type. */
export const programOutputsMatchTheSchema = (
  outputs: pulumi.Unwrap<AppOutputs>,
): z.input<typeof appOutputsSchema> => outputs;

describe("the outputs of the real program", () => {
  let shown: Record<string, unknown>;
  beforeAll(async () => {
    const { resolved } = await runProgram(
      {
        apps: {
          "mail-alerts": {
            displayName: "Mail Alerts",
            exchange: { mailboxes: ["alerts@contoso.com"] },
            keyVault: { resourceGroupName: "rg-ops", vaultName: "kv-contoso" },
          },
          ci: {
            displayName: "CI",
            clientSecret: false,
            certificates: { signing: { pem: certificate.certificatePem } },
            federatedCredentials: {
              main: { github: { repository: "contoso/infra", branch: "main" } },
            },
          },
          export: {
            displayName: "Export",
            clientSecret: { expiresOn: day(200) },
            permissions: { "Microsoft Graph": { application: ["Directory.Read.All"] } },
          },
        },
      },
      NOW,
    );
    // As `pulumi stack output --json --show-secrets` prints them (undefined values left out).
    shown = JSON.parse(
      JSON.stringify({ apps: resolved.apps.value, clientSecrets: resolved.clientSecrets.value }),
    );
  });

  it("match the schema, with secrets shown or masked", () => {
    expect(stackOutputsSchema.safeParse(shown).error).toBeUndefined();
    expect(
      stackOutputsSchema.safeParse({ ...shown, clientSecrets: "[secret]" }).error,
    ).toBeUndefined();
  });

  it("give verify each app's IDs, and the secret of each app that has one", () => {
    const apps = shown.apps as Record<string, { clientId: string }>;
    const deployed = readOutputsFile(path.join(dir, write("shown.json", shown)), "shown.json");
    expect(
      [...deployed.values()].map((app) => [app.key, app.clientId, "clientSecret" in app]),
    ).toEqual([
      ["mail-alerts", apps["mail-alerts"].clientId, true],
      ["ci", apps.ci.clientId, false],
      ["export", apps.export.clientId, true],
    ]);
  });

  it("give expiry every credential, rotating slots, certificate and federated alike", async () => {
    const file = write("masked.json", { ...shown, clientSecrets: "[secret]" });
    const io = capturedIo({ cwd: dir });
    const code = await expiry(
      ["node", "expiry", "--outputs", file, "--now", NOW.toISOString()],
      io,
    );
    expect(io.err).toEqual([]);
    expect(code).toBe(0);
    expect(
      io.out
        .join("")
        .split("\n")
        .slice(2, -1)
        .map((line) => line.split(/\s{2,}/).slice(0, 3)),
    ).toEqual([
      ["mail-alerts", "mail-alerts-secret-a", "password"],
      ["mail-alerts", "mail-alerts-secret-b", "password"],
      ["ci", "ci-cert-signing", "certificate"],
      ["ci", "ci-federated-main", "federated"],
      ["export", "export-secret", "password"],
    ]);
  });
});

/** An Entra client secret, as `--show-secrets` prints one. */
const SECRET = "Xy78Q~abcdefghijklmnopqrstuvwxyz01234567";
const credential = { kind: "password", name: "a-secret", expiresOn: "2027-06-30T00:00:00Z" };
const app = { clientId: "c1", tenantId: "t1", credentials: [credential] };

/** Both commands on one outputs file: exit code and what they print. */
async function bothOn(outputs: unknown) {
  const file = write(`case-${Math.random().toString(36).slice(2)}.json`, outputs);
  write(
    "Pulumi.test.yaml",
    stringify({ config: { "entra-graph-apps:apps": { a: { displayName: "A" } } } }),
  );
  const run = async (main: typeof verify, args: string[]) => {
    const io = capturedIo({ cwd: dir, env: {} });
    const code = await main(["node", "cmd", ...args, "--outputs", file, "--now", "2026-11-22"], io);
    return { code, stdout: io.out.join(""), lines: io.err.join("").split("\n").slice(1, -1) };
  };
  return {
    expiry: await run(expiry, []),
    verify: await run(verify, ["--stack", "test"]),
    file,
  };
}

describe("outputs a command cannot use", () => {
  it.each([
    [
      "no apps",
      2,
      {},
      [
        "  - apps: is missing: these are not the outputs of an entra-graph-apps stack, or `pulumi up` has not run",
      ],
    ],
    ["apps a list", 2, { apps: [app] }, ["  - apps: must be a map of app key to outputs"]],
    [
      "an app that is not a map",
      2,
      { apps: { a: "c1" } },
      ['  - apps.a = "c1": must be a map of the app\'s outputs'],
    ],
    [
      "the whole file a list",
      2,
      [app],
      ["  - (the whole file): must be a map of outputs (what `pulumi stack output --json` prints)"],
    ],
  ])("%s: both exit %i with the same lines", async (_name, code, outputs, lines) => {
    const runs = await bothOn(outputs);
    expect(runs.expiry).toEqual({ code, stdout: "", lines });
    expect(runs.verify).toEqual({ code, stdout: "", lines });
  });

  it("name each missing or mistyped field they read, all at once (exit 2)", async () => {
    const runs = await bothOn({
      apps: { a: { clientId: 7, credentials: [{ kind: "key", expiresOn: null }] } },
    });
    expect(runs.expiry).toEqual({
      code: 2,
      stdout: "",
      lines: [
        '  - apps.a.credentials[0].kind = "key": must be one of password, certificate, federated',
        "  - apps.a.credentials[0].name: is missing",
      ],
    });
    expect(runs.verify).toEqual({
      code: 2,
      stdout: "",
      lines: [
        "  - apps.a.clientId = 7: must be the app's client ID",
        "  - apps.a.tenantId: is missing",
      ],
    });
  });

  it("exit 1 in both when all that is wrong is a date", async () => {
    const runs = await bothOn({
      apps: {
        a: {
          ...app,
          clientSecretExpiresOn: "30/06/2027",
          credentials: [{ ...credential, expiresOn: "soon" }],
        },
      },
      clientSecrets: { a: SECRET },
    });
    const hint = "is not a date (an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z)";
    expect(runs.expiry).toMatchObject({
      code: 1,
      lines: [`  - apps.a.credentials[0].expiresOn = "soon": ${hint}`],
    });
    expect(runs.verify).toMatchObject({
      code: 1,
      lines: [`  - apps.a.clientSecretExpiresOn: ${hint}`],
    });
  });

  it("never print a secret found in the wrong place", async () => {
    const runs = await bothOn({
      apps: {
        a: {
          clientId: ["c1"],
          tenantId: SECRET,
          clientSecretExpiresOn: SECRET,
          credentials: [{ kind: SECRET, name: "n", expiresOn: SECRET }],
        },
        [SECRET]: "x",
      },
      clientSecrets: { a: [SECRET], b: 5, c: { value: "hunter2" } },
    });
    const printed = JSON.stringify(runs);
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain("hunter2");
    expect(runs.verify.lines).toEqual([
      "  - apps.a.clientId: must be the app's client ID",
      "  - apps.a.clientSecretExpiresOn: is not a date (an ISO 8601 date such as 2026-11-22 or 2026-11-22T09:30:00Z)",
      `  - apps.[redacted] = "x": must be a map of the app's outputs`,
      "  - clientSecrets.a: must be text",
      "  - clientSecrets.b: must be text",
      "  - clientSecrets.c: must be text",
    ]);
    expect(runs.expiry.code).toBe(2);
    expect(runs.expiry.lines).toContain(
      "  - apps.a.credentials[0].kind: must be one of password, certificate, federated",
    );
  });

  it("stop both with exit 2 on a file that is not JSON, saying how to save it", async () => {
    const runs = await bothOn(`{ "clientSecrets": { "a": "${SECRET}"`);
    const errors = async () => {
      const io = capturedIo({ cwd: dir, env: {} });
      await verify(
        ["node", "verify", "--stack", "test", "--outputs", runs.file, "--now", "2026-11-22"],
        io,
      );
      return io.err.join("");
    };
    expect([runs.expiry.code, runs.verify.code]).toEqual([2, 2]);
    expect(await errors()).toBe(
      `verify: ${runs.file} is not JSON; save the outputs with \`pulumi stack output --json --show-secrets --stack test > ${runs.file}\`\n`,
    );
  });
});
