import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo, CommandIo } from "../../tools/commands/commandIo";
import { main } from "../../tools/commands/verify/cli";
import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { trustingFetch } from "./trustingFetch";
import {
  connects,
  GITHUB,
  GRAPH_APP_ID,
  inheritedEnv,
  MadeApp,
  NOW,
  PARTS_ROLES,
  REPLICATION_MS,
  stackConfig,
  TENANT,
  VerifyRun,
  watchOutput,
} from "./verifyFixtures";
import { writeProjectFile } from "./projectFolder";

export * from "./verifyFixtures";

const CLI = path.join(__dirname, "..", "..", "tools", "commands", "verify", "cli.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");
const TSCONFIG = path.join(__dirname, "..", "..", "tsconfig.json");

/**
 * `npm run verify` against the local Entra emulator (real TLS): a project folder with
 * Pulumi.test.yaml, apps made in the tenant as an administrator would, and runs of `main`
 * in-process whose network trusts the emulator's certificate, whose clock is the tenant's and
 * whose waits advance it. Everything a run prints is kept, to check no secret ever is.
 */
export class VerifyEmulator {
  entra!: EntraEmulator;
  dir!: string;
  /** The tenant's clock, also the runs' `io.now`. */
  clock = new Date(`${NOW}T09:00:00Z`);
  /** Every secret any case hands to verify; none may ever be printed. */
  readonly secrets: string[] = [GITHUB.idToken, GITHUB.requestToken];
  /** Everything any run printed: its io, and whatever reached the console or stdout/stderr. */
  readonly printed: string[] = [];
  /** How many runs (in-process or child process) printed into `printed`. */
  runs = 0;
  /** Each wait (ms) a run asked for. */
  readonly sleeps: number[] = [];
  /** The runs' network: fetch trusting the emulator's certificate. */
  fetch!: typeof fetch;
  private clientCounter = 0;

  tick(ms: number): void {
    this.clock = new Date(this.clock.getTime() + ms);
  }

  /**
   * Runs `main` as `npm run verify -- <args>` would, in-process, with `env` over this process's
   * (and `overrides` over the rest of the io).
   */
  async run(
    args: string[],
    env: Record<string, string> = {},
    overrides: Partial<CommandIo> = {},
  ): Promise<VerifyRun> {
    const io = capturedIo({
      env: { ...inheritedEnv(), ...env },
      cwd: this.dir,
      now: () => this.clock,
      sleep: async (ms) => {
        this.sleeps.push(ms);
        this.tick(ms);
      },
      fetch: this.fetch,
      ...overrides,
    });
    const elsewhere = watchOutput();
    let code: number;
    try {
      code = await main(["node", "verify", ...args], io);
    } finally {
      this.printed.push(...elsewhere.stop());
    }
    const run = { code, stdout: io.out.join(""), stderr: io.err.join("") };
    this.printed.push(run.stdout, run.stderr);
    this.runs += 1;
    return run;
  }

  /**
   * Runs the real script in a child process, as `npm run verify` does, trusting the emulator's
   * certificate through NODE_EXTRA_CA_CERTS with the global fetch and MSAL's own defaults. Slow
   * (ts-node): keep to the one or two cases that prove the script end to end.
   */
  spawn(args: string[], env: Record<string, string> = {}): Promise<VerifyRun> {
    const childEnv = {
      ...inheritedEnv(),
      NODE_EXTRA_CA_CERTS: this.entra.caFile,
      TS_NODE_PROJECT: TSCONFIG,
      ...env,
    };
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ["-r", TS_NODE, CLI, ...args],
        { cwd: this.dir, env: childEnv, encoding: "utf8", timeout: 60_000 },
        (error, stdout, stderr) => {
          this.printed.push(stdout, stderr);
          this.runs += 1;
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** `--stack test --outputs <file> --authority-host <emulator> --now <now>`. */
  stackArgs(outputs: string, now = NOW): string[] {
    return [
      ...["--stack", "test", "--outputs", outputs],
      ...["--authority-host", this.entra.origin, "--now", now],
    ];
  }

  /**
   * An app made in the tenant as an administrator would: registration, service principal, a
   * client secret (or one that expired yesterday), and admin consent for `roles` (app role
   * assignments on Microsoft Graph's service principal), all replicated unless
   * `consentReplicating`, in which case the consent reaches tokens REPLICATION_MS later.
   */
  app(settings: {
    roles: string[];
    secretExpired?: boolean;
    consentReplicating?: boolean;
  }): MadeApp {
    this.clientCounter += 1;
    const name = `verify app ${this.clientCounter}`;
    const made = this.entra.asAdministrator((directory) => {
      const registration = directory.applications.create({ displayName: name }, name);
      directory.servicePrincipals.create({ appId: registration.appId }, name);
      const today = this.clock;
      if (settings.secretExpired) this.tick(-3 * 86_400_000);
      const password = directory.applications.passwords.add(registration.id, {
        displayName: "verify",
        ...(settings.secretExpired
          ? { endDateTime: new Date(today.getTime() - 86_400_000).toISOString() }
          : {}),
      });
      this.clock = today;
      return {
        clientId: registration.appId,
        secret: password.secretText!,
        objectId: directory.servicePrincipals.byAppId(registration.appId)!.id,
      };
    });
    this.tick(REPLICATION_MS);
    this.entra.asAdministrator((directory) => {
      const graph = directory.servicePrincipals.byAppId(GRAPH_APP_ID)!;
      const principal = directory.servicePrincipals.byAppId(made.clientId)!;
      for (const value of settings.roles) {
        const role = graph.appRoles.find((candidate) => candidate.value === value);
        if (!role) throw new Error(`Microsoft Graph has no app role ${value}`);
        directory.consent.assign(graph.id, {
          principalId: principal.id,
          resourceId: graph.id,
          appRoleId: role.id,
        });
      }
    });
    if (!settings.consentReplicating) this.tick(REPLICATION_MS);
    this.secrets.push(made.secret);
    return made;
  }

  healthyApps(): Record<"mail-alerts" | "parts-connector", MadeApp> {
    return {
      "mail-alerts": this.app({ roles: ["Mail.Send"] }),
      "parts-connector": this.app({ roles: PARTS_ROLES }),
    };
  }

  /** A deployer registered with the emulator itself, signing in with a federated token. */
  federatedDeployer(roles: string[], assertion: string): { clientId: string } {
    this.clientCounter += 1;
    const clientId = `00000000-0000-4000-8000-${String(this.clientCounter).padStart(12, "0")}`;
    this.entra.addDeployer({ clientId, assertion, roles });
    return { clientId };
  }

  /** Writes outputs.json as `pulumi stack output --json --show-secrets` would print it. */
  writeOutputs(
    apps: Record<string, { clientId: string; secret: string; tenantId?: string }>,
    name = "outputs.json",
  ): string {
    const expires: Record<string, string> = {
      "mail-alerts": "2027-06-30T00:00:00Z",
      "parts-connector": "2027-01-06T00:00:00Z",
    };
    const entries = Object.entries(apps);
    const outputs = {
      apps: Object.fromEntries(
        entries.map(([key, value]) => [
          key,
          {
            displayName: key,
            clientId: value.clientId,
            tenantId: value.tenantId ?? TENANT,
            clientSecretExpiresOn: expires[key],
          },
        ]),
      ),
      clientSecrets: Object.fromEntries(entries.map(([key, value]) => [key, value.secret])),
    };
    fs.writeFileSync(path.join(this.dir, name), JSON.stringify(outputs, null, 2));
    return name;
  }

  /** The secrets and tokens (whole, or a token's payload or signature on its own) in `text`. */
  leaks(text: string): string[] {
    return [
      ...this.secrets.filter((secret) => text.includes(secret)),
      // The header is the same for every token, so only the payload and signature count.
      ...this.entra.issuedTokens.filter((token) =>
        [token, ...token.split(".").slice(1)].some((part) => text.includes(part)),
      ),
    ];
  }

  /**
   * No run printed a secret or an access token, and the emulator's request log holds none
   * (fingerprints only); `runs` runs were checked, and the check does find a leak.
   */
  expectNothingLeaked(runs: number): void {
    expect(this.runs).toBe(runs);
    expect(this.entra.issuedTokens.length).toBeGreaterThan(0);
    expect(this.printed.flatMap((text) => this.leaks(text))).toEqual([]);
    expect(this.leaks(JSON.stringify(this.entra.requests))).toEqual([]);
    const planted = `oops ${this.secrets[0]} and ${this.entra.issuedTokens[0]}`;
    expect(this.leaks(planted)).toHaveLength(2);
  }
}

/**
 * A VerifyEmulator for the enclosing `describe` (or file): started before its tests with
 * Pulumi.test.yaml in a fresh folder, closed after them (and checked to be closed).
 */
export function useVerifyEmulator(): VerifyEmulator {
  const session = new VerifyEmulator();
  beforeAll(async () => {
    session.entra = await EntraEmulator.start({
      tenantId: TENANT,
      now: () => session.clock,
      replicationDelayMs: REPLICATION_MS,
      github: GITHUB,
    });
    session.fetch = trustingFetch(fs.readFileSync(session.entra.caFile, "utf8"));
    session.dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "verify-e2e-")));
    fs.writeFileSync(
      path.join(session.dir, "Pulumi.test.yaml"),
      stringify({ config: { "azuread:tenantId": TENANT, "entra-graph-apps:apps": stackConfig } }),
    );
  });
  afterAll(async () => {
    const port = Number(new URL(session.entra.origin).port);
    await session.entra.close();
    expect(session.entra.listening).toBe(false);
    await expect(connects(port)).resolves.toBe(false);
    fs.rmSync(session.dir, { recursive: true, force: true });
  });
  return session;
}
