import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { adopt, projectWith } from "./support/adoptRun";
import { exportOf, portalApp } from "./support/portalApps";
import { jiraMail, partsConnector } from "./support/seedExports";

// `npm run adopt` as a user meets it: usage mistakes (exit 1), unreadable input (exit 2), and
// what it prints when it writes (exit 0): the YAML, the imports, the secrets it cannot take over
// (never a value) and the next steps.

const FROM = ["--from-export", "tenant.json"];
const project = () => projectWith(exportOf(jiraMail(), partsConnector()));

describe("adopt usage", () => {
  it.each([
    [
      [],
      'name the apps with --app <appId|objectId|displayName> (repeatable) or --all, e.g. npm run adopt -- --app "Jira Email This Issue" --stack dev',
    ],
    [
      ["--all", ...FROM],
      "give exactly one of --stack <name> (merge into Pulumi.<name>.yaml) or --config-out <file> (a new stack file)",
    ],
    [["--app", "x", "--filter", "J", "--stack", "dev", ...FROM], "--filter goes with --all"],
    [
      ["--all", "--stack", "../prod", ...FROM],
      "--stack must be a stack name (letters, digits, - _ .), e.g. --stack dev",
    ],
    [
      ["--all", "--stack", "dev", "--key", "Jira Mail", ...FROM],
      "--key must be lower-case letters, digits and dashes (at most 60), e.g. --key jira-mail",
    ],
    [
      ["--all", "--stack", "dev", "--save-export", "again.json", ...FROM],
      "--save-export writes what was read from Graph; with --from-export there is nothing new to save",
    ],
    [
      ["--all", "--stack", "dev", "--key", "jira", ...FROM],
      "--key names one app, but 2 were chosen",
    ],
  ])("adopt %j: exit 1 and says what to do", async (args, message) => {
    const run = await adopt(project(), args as string[]);
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: `adopt: ${message}\n` });
  });

  it("names an app that is not there with a did-you-mean, and an ambiguous display name with its appIds", async () => {
    const twin = portalApp({ ...jiraTwin(), displayName: "Jira Email This Issue" });
    const dir = projectWith(exportOf(jiraMail(), twin));
    const run = await adopt(dir, [
      "--app",
      "Jira Emial This Issue",
      "--app",
      "Jira Email This Issue",
      "--stack",
      "dev",
      ...FROM,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'adopt: --app Jira Emial This Issue: no application has this appId, object ID or display name. Did you mean "Jira Email This Issue"?\n' +
        "--app Jira Email This Issue: 2 applications have this display name; name one by its appId: b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60, 1e2d3c4b-5a6f-4e7d-8c9b-0a1f2e3d4c5b\n",
    );
    expect(fs.existsSync(path.join(dir, "Pulumi.dev.yaml"))).toBe(false);
  });
});

describe("choosing apps", () => {
  it("takes with --all --filter only the apps whose display name starts with the prefix, in any case", async () => {
    const run = await adopt(project(), ["--all", "--filter", "parts", "--stack", "dev", ...FROM]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[2]).toMatch(
      /^apps\.parts-inventory-connector {2}"Parts Inventory Connector"/,
    );
    expect(run.stdout).not.toContain("Jira");
    const none = await adopt(project(), [
      "--all",
      "--filter",
      "Nothing",
      "--stack",
      "dev",
      ...FROM,
    ]);
    expect(none).toMatchObject({
      code: 1,
      stderr: 'adopt: no application\'s display name starts with "Nothing"\n',
    });
  });
});

describe("adopt with input it cannot read", () => {
  it("exits 2 for a missing export, a file that is not JSON, and one that is not a bundle", async () => {
    const dir = projectWith(exportOf(jiraMail()), { "bad.json": "{ not json", "list.json": "[]" });
    const missing = await adopt(dir, ["--all", "--stack", "dev", "--from-export", "none.json"]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: `adopt: ${path.join(dir, "none.json")} does not exist\n`,
    });
    const bad = await adopt(dir, ["--all", "--stack", "dev", "--from-export", "bad.json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^adopt: .*bad\.json is not JSON: /);
    const list = await adopt(dir, ["--all", "--stack", "dev", "--from-export", "list.json"]);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(
      /^adopt: .*list\.json is not an export bundle \(Graph v1\.0 shapes\):/,
    );
  });

  it("exits 2 for a stack file that is not YAML, and writes nothing", async () => {
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": "config: [unclosed\n" });
    const run = await adopt(dir, ["--all", "--stack", "dev", ...FROM]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^adopt: .*Pulumi\.dev\.yaml is not valid YAML/);
    expect(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")).toBe("config: [unclosed\n");
  });
});

describe("what adopt prints", () => {
  it("lists the imports, the portal secret by name, hint and end date (never a value), and the next steps", async () => {
    const run = await adopt(project(), [
      "--app",
      "b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60",
      "--stack",
      "dev",
      ...FROM,
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "adopt: 1 app written to Pulumi.dev.yaml (read from tenant.json).",
      "",
      'apps.jira-email-this-issue  "Jira Email This Issue"  (client ID b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60, kept)',
      "  Taken over on the first pulumi up (Pulumi's import option, provider IDs):",
    ]);
    expect(lines).toContain(
      '    client secret "Email This Issue" (hint Qv7...), ends 2027-03-14, key ID 6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6',
    );
    expect(lines).toContain("       npm run review -- --stack dev --base HEAD");
    expect(lines).toContain("       npm run plan -- --stack dev --from-export tenant.json");
    expect(lines).toContain(
      "       az ad app credential delete --id b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60 --key-id 6f2d9b1c-8e4a-4c7d-b3f0-a1e2d3c4b5a6",
    );
    expect(run.stdout).toContain(
      'Written under entra-graph-apps:apps in Pulumi.dev.yaml:\n\njira-email-this-issue:\n  displayName: "Jira Email This Issue"\n',
    );
  });

  it("runs as a script the way a user runs it (one spawn): exit code and output", () => {
    const dir = projectWith(exportOf(jiraMail()));
    const result = spawnSync(
      process.execPath,
      [
        require.resolve("ts-node/dist/bin"),
        "--transpile-only",
        path.join(__dirname, "..", "tools/commands/adopt/cli.ts"),
        "--all",
        "--config-out",
        "out.yaml",
        ...FROM,
      ],
      {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, "..", "tsconfig.json") },
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(
      "adopt: 1 app written to out.yaml (read from tenant.json).",
    );
  });
});

function jiraTwin() {
  return {
    objectId: "2f1e0d9c-8b7a-4f6e-9d5c-4b3a2f1e0d9c",
    appId: "1e2d3c4b-5a6f-4e7d-8c9b-0a1f2e3d4c5b",
    spId: "3f2e1d0c-9b8a-4f7e-8d6c-5b4a3f2e1d0c",
    access: [],
  };
}
