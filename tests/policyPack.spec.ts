// The guardrail policy pack runs once published, not only from this checkout: staging copies
// what policy/ imports from outside its folder (and the catalog it reads) into one folder, and
// that folder type-checks and evaluates with nothing of the project around it.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packModules, stagePolicyPack } from "../policy/stagePack";

const PROJECT = path.join(__dirname, "..");

describe("the staged policy pack", () => {
  let staged: string;
  let files: string[];

  beforeAll(() => {
    // Outside the project: a `../guardrails` that escaped the staged folder would not resolve.
    staged = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-")), "pack");
    files = stagePolicyPack(PROJECT, staged);
    // What `npm install` in the published pack provides.
    fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(staged, "node_modules"), "dir");
  });

  afterAll(() => fs.rmSync(path.dirname(staged), { recursive: true, force: true }));

  it("holds the pack, the modules it imports from outside policy/, and the permission catalog", () => {
    expect(packModules(PROJECT)).toEqual([
      "policy/guardrailPolicies.ts",
      "policy/index.ts",
      "policy/policies/appRegistrationShape.ts",
      "policy/policies/clientSecretLifetime.ts",
      "policy/policies/consentMatchesDeclaration.ts",
      "policy/policies/githubImmutableSubject.ts",
      "policy/policies/graphPermissionPrivilege.ts",
      "policy/policies/keyVaultSecretExpires.ts",
      "policy/policies/policyProps.ts",
      "program/credentials/githubSubject.ts",
      "program/guardrails/resourceTypes.ts",
      "program/guardrails/rules.ts",
      "program/permissions/catalog.ts",
      "program/permissions/catalogTypes.ts",
      "program/permissions/privilegeLevel.ts",
      "program/permissions/sensitivePermissions.ts",
      "program/permissions/wellKnownApis.ts",
    ]);
    expect(files).toEqual(
      [
        "PulumiPolicy.yaml",
        "package.json",
        "tsconfig.json",
        ...packModules(PROJECT),
        ...fs
          .readdirSync(path.join(PROJECT, "program", "permissions", "catalog"))
          .map((f) => `program/permissions/catalog/${f}`),
      ].sort(),
    );
    for (const file of files.filter(
      (f) => f.endsWith(".ts") || f.startsWith("permission-catalog/"),
    ))
      expect(fs.readFileSync(path.join(staged, file))).toEqual(
        fs.readFileSync(path.join(PROJECT, file)),
      );
  });

  it("is self-contained: every import of the staged modules resolves inside it", () => {
    expect(packModules(staged)).toEqual(packModules(PROJECT));
  });

  it("names its entry and dependencies, and stands alone (no tsconfig extends, no staging script)", () => {
    const pack = JSON.parse(fs.readFileSync(path.join(staged, "package.json"), "utf8"));
    expect(pack).toMatchObject({ name: "entra-graph-apps-guardrails", main: "policy/index.ts" });
    expect(pack.scripts).toBeUndefined();
    expect(Object.keys(pack.dependencies).sort()).toEqual([
      "@pulumi/policy",
      "@pulumi/pulumi",
      "@types/node",
      "ts-node",
      "typescript",
    ]);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(staged, "tsconfig.json"), "utf8"));
    expect(tsconfig.extends).toBeUndefined();
    expect(tsconfig.compilerOptions.types).toEqual(["node"]);
    expect(fs.readFileSync(path.join(staged, "PulumiPolicy.yaml"), "utf8")).toBe(
      fs.readFileSync(path.join(PROJECT, "policy", "PulumiPolicy.yaml"), "utf8"),
    );
  });

  it("type-checks on its own", () => {
    const tsc = spawnSync(
      process.execPath,
      [
        path.join(PROJECT, "node_modules", "typescript", "bin", "tsc"),
        "-p",
        staged,
        "--noCheck",
        "false",
      ],
      { encoding: "utf8" },
    );
    expect({ status: tsc.status, output: tsc.stdout + tsc.stderr }).toEqual({
      status: 0,
      output: "",
    });
  }, 60_000);

  it("evaluates its policies from the staged files alone, reading the staged catalog", () => {
    // A separate node process: no module of the project is loaded, only the staged folder's.
    const script = `
      const { guardrailPolicies } = require("./policy/guardrailPolicies.ts");
      const policy = guardrailPolicies(() => new Date("2026-11-22T00:00:00Z"))
        .find((p) => p.name === "graph-application-permission-privilege");
      const found = [];
      policy.validateResource({
        type: "azuread:index/appRoleAssignment:AppRoleAssignment",
        name: "admin-graph-RoleManagement",
        props: { appRoleId: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" },
        getConfig: () => ({}),
      }, (message) => found.push(message));
      const loaded = Object.keys(require.cache).filter((file) => !file.includes("node_modules"));
      process.stdout.write(JSON.stringify({ found, loaded }));
    `;
    const run = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", script],
      {
        cwd: staged,
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    const { found, loaded } = JSON.parse(run.stdout) as { found: string[]; loaded: string[] };
    expect(found).toEqual([
      expect.stringMatching(
        /^assignment admin-graph-RoleManagement grants Microsoft Graph RoleManagement\.ReadWrite\.Directory/,
      ),
    ]);
    const realStaged = fs.realpathSync(staged);
    expect(loaded.length).toBeGreaterThan(5);
    expect(
      loaded.filter((file) => !file.startsWith(realStaged) && !file.startsWith(staged)),
    ).toEqual([]);
  }, 60_000);
});
