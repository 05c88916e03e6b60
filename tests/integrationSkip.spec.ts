import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runScript, scriptEnv, scriptsToRun } from "../tools/check/runScripts";
import { pathWithout } from "./support/commandPath";
import { integrationPrerequisites } from "./integration/prerequisites";
import { copyProgram } from "./integration/throwawayStack";

const PROJECT = path.join(__dirname, "..");
const found = (command: string) => `/opt/bin/${command}`;
const notFound = () => undefined;

describe("integrationPrerequisites", () => {
  it("names the missing Pulumi CLI and every missing Azure variable", () => {
    expect(integrationPrerequisites({}, notFound)).toEqual([
      "the Pulumi CLI (pulumi) is not on PATH: install it from https://www.pulumi.com/docs/install/",
      'Azure credentials: ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET (or ARM_USE_OIDC=true) not set (a service principal allowed to manage app registrations; see docs/deploying.md "Deployer permissions")',
    ]);
    expect(integrationPrerequisites({ ARM_TENANT_ID: "t", ARM_CLIENT_SECRET: "s" }, found)).toEqual(
      [
        'Azure credentials: ARM_CLIENT_ID not set (a service principal allowed to manage app registrations; see docs/deploying.md "Deployer permissions")',
      ],
    );
    expect(
      integrationPrerequisites(
        { ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_USE_OIDC: "false" },
        found,
      ),
    ).toEqual([
      'Azure credentials: ARM_CLIENT_SECRET (or ARM_USE_OIDC=true) not set (a service principal allowed to manage app registrations; see docs/deploying.md "Deployer permissions")',
    ]);
  });

  it("is satisfied by the CLI plus a client secret or OIDC", () => {
    expect(
      integrationPrerequisites(
        { ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_CLIENT_SECRET: "s" },
        found,
      ),
    ).toEqual([]);
    expect(
      integrationPrerequisites(
        { ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_USE_OIDC: "true" },
        found,
      ),
    ).toEqual([]);
    expect(
      integrationPrerequisites(
        { ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_CLIENT_SECRET: "s" },
        notFound,
      ),
    ).toEqual([
      "the Pulumi CLI (pulumi) is not on PATH: install it from https://www.pulumi.com/docs/install/",
    ]);
  });
});

describe("npm run test:integration without the Pulumi CLI or Azure credentials", () => {
  it("prints exactly what is missing, skips the real-tenant test and exits 0", async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("ARM_")),
    );
    env.PATH = pathWithout("pulumi", process.env.PATH);
    // The script's own command, run as npm runs it (its shell, node_modules/.bin first on PATH)
    // but without npm's start-up, as `npm test` runs its scripts.
    const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT, "package.json"), "utf8"));
    const [script] = scriptsToRun(packageJson, ["test:integration"]);
    const result = await runScript(script, { cwd: PROJECT, env: scriptEnv(PROJECT, env) });
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
    expect(result.output).toContain(
      [
        "Integration test against a real tenant skipped; missing:",
        "  - the Pulumi CLI (pulumi) is not on PATH: install it from https://www.pulumi.com/docs/install/",
        '  - Azure credentials: ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET (or ARM_USE_OIDC=true) not set (a service principal allowed to manage app registrations; see docs/deploying.md "Deployer permissions")',
      ].join("\n"),
    );
    expect(result.output).toMatch(
      /Test Suites: 1 skipped, 0 of 1 total\nTests: +7 skipped, 7 total/,
    );
  }, 150_000);
});

describe("the integration test's throwaway copy of the project", () => {
  it("holds the program and links node_modules, but none of the repository's stacks, tests or git data", () => {
    const to = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "copy-program-")), "program");
    copyProgram(path.join(__dirname, ".."), to);
    const entries = fs.readdirSync(to);
    expect(entries).toEqual(
      expect.arrayContaining([
        "Pulumi.yaml",
        "index.ts",
        "package.json",
        "tsconfig.json",
        "program",
        "components",
        "tools",
      ]),
    );
    expect(
      entries.filter(
        (entry) =>
          /^Pulumi\..+\.yaml$/.test(entry) ||
          [".git", "tests", "bootstrap", ".github"].includes(entry),
      ),
    ).toEqual([]);
    expect(fs.realpathSync(path.join(to, "node_modules"))).toBe(
      fs.realpathSync(path.join(__dirname, "..", "node_modules")),
    );
    expect(fs.existsSync(path.join(to, "examples", "002-mail-alerts", "Pulumi.example.yaml"))).toBe(
      true,
    );
    fs.rmSync(path.dirname(to), { recursive: true, force: true });
  });
});
