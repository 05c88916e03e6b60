import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { readStackFile } from "../tools/stack-files/readStackFile";
import { keyFromDisplayName } from "../tools/commands/adopt/appKeys";
import { adopt, configOf, projectWith } from "./support/adoptRun";
import { ADMIN, exportOf, portalApp, TENANT } from "./support/portalApps";
import { jiraMail } from "./support/seedExports";

// Where adopt writes: merged into Pulumi.<stack>.yaml (the rest of the file and its comments
// kept, never an existing app overwritten) or a new file (never over an existing one), under
// keys derived from display names, with every string quoted so no name can break the YAML.

const FROM = ["--from-export", "tenant.json"];
const DEV = `# Dev stack: the team's apps.
config:
  azuread:tenantId: ${TENANT} # the contoso tenant
  entra-graph-apps:apps:
    # Server alerts (seed 002).
    mail-alerts:
      displayName: Proxmox Mail Alerts (dev)
      permissions:
        Microsoft Graph:
          application: [Mail.Send] # only this
`;

const read = (dir: string, file = "Pulumi.dev.yaml") =>
  fs.readFileSync(path.join(dir, file), "utf8");
/** The apps as Pulumi hands them to the program (Go's encoding/json: keys sorted). */
const appsIn = (dir: string, file = "Pulumi.dev.yaml") =>
  configOf(path.join(dir, file)).apps as Record<string, Record<string, unknown>>;
/** The apps in the order adopt wrote them into the file. */
const writtenApps = (dir: string, file = "Pulumi.dev.yaml") =>
  (parse(read(dir, file)) as { config: Record<string, Record<string, Record<string, unknown>>> })
    .config["entra-graph-apps:apps"];

describe("adopt --stack", () => {
  it("inserts the app after the others and leaves every other byte of the file as it was", async () => {
    const tail = "  pulumi:tags:\n    team: mail # owners of these apps\n# end of file\n";
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": DEV + tail });
    const run = await adopt(dir, ["--app", "Jira Email This Issue", "--stack", "dev", ...FROM]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = read(dir);
    expect(text.startsWith(DEV)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
    const inserted = text.slice(DEV.length, text.length - tail.length).split("\n");
    expect(inserted.slice(0, 3)).toEqual([
      "    # adopted by npm run adopt: b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60 (2026-11-22)",
      "    jira-email-this-issue:",
      '      displayName: "Jira Email This Issue"',
    ]);
    expect(Object.keys(writtenApps(dir))).toEqual(["mail-alerts", "jira-email-this-issue"]);
    expect(appsIn(dir)["mail-alerts"]).toEqual({
      displayName: "Proxmox Mail Alerts (dev)",
      permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
    });
  });

  it("adds the apps map, and the tenant, to a stack file that has neither", async () => {
    const bare = "config:\n  pulumi:tags: {team: mail} # kept\n";
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": bare });
    expect((await adopt(dir, ["--all", "--stack", "dev", ...FROM])).code).toBe(0);
    const text = read(dir);
    expect(text.split("\n").slice(0, 5)).toEqual([
      "config:",
      `  azuread:tenantId: ${TENANT}`,
      "  pulumi:tags: {team: mail} # kept",
      "  entra-graph-apps:apps:",
      "    # adopted by npm run adopt: b7d4e1f2-5a6c-4d8e-9f0a-1b2c3d4e5f60 (2026-11-22)",
    ]);
    expect(readStackFile(path.join(dir, "Pulumi.dev.yaml")).tenantId).toBe(TENANT);
    expect(Object.keys(appsIn(dir))).toEqual(["jira-email-this-issue"]);
  });

  it("creates Pulumi.<stack>.yaml with the export's tenant when the stack has no file yet", async () => {
    const dir = projectWith(exportOf(jiraMail()));
    expect((await adopt(dir, ["--all", "--stack", "staging", ...FROM])).code).toBe(0);
    const file = readStackFile(path.join(dir, "Pulumi.staging.yaml"));
    expect(file.tenantId).toBe(TENANT);
    expect(read(dir, "Pulumi.staging.yaml").split("\n")[0]).toBe(
      "# Written by npm run adopt on 2026-11-22",
    );
  });

  it("never overwrites an app: --key naming an existing one is a usage error, the file untouched", async () => {
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": DEV });
    const run = await adopt(dir, ["--all", "--key", "mail-alerts", "--stack", "dev", ...FROM]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `adopt: apps.mail-alerts already exists in ${path.join(dir, "Pulumi.dev.yaml")}; adopt never overwrites an app (choose another --key, or remove that entry first)\n`,
    );
    expect(read(dir)).toBe(DEV);
  });

  it("gives a derived key that is taken the next free suffix", async () => {
    const taken = DEV.replace("mail-alerts:", "jira-email-this-issue:");
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": taken });
    expect((await adopt(dir, ["--all", "--stack", "dev", ...FROM])).code).toBe(0);
    expect(Object.keys(appsIn(dir))).toEqual(["jira-email-this-issue", "jira-email-this-issue-2"]);
  });

  it("refuses an app the stack already takes over, and a stack of another tenant", async () => {
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": DEV });
    expect((await adopt(dir, ["--all", "--stack", "dev", ...FROM])).code).toBe(0);
    const again = await adopt(dir, ["--all", "--stack", "dev", ...FROM]);
    expect(again.code).toBe(1);
    expect(again.stderr.split("\n")[1]).toBe(
      `  - is already in ${path.join(dir, "Pulumi.dev.yaml")} as apps.jira-email-this-issue (its existing.application); adopt takes an app over once`,
    );
    const other = projectWith(exportOf(jiraMail()), {
      "Pulumi.dev.yaml": DEV.replace(TENANT, "99999999-8888-4777-a666-555555555555"),
    });
    const run = await adopt(other, ["--all", "--stack", "dev", ...FROM]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `adopt: ${path.join(other, "Pulumi.dev.yaml")} is for tenant 99999999-8888-4777-a666-555555555555, but the apps are in tenant ${TENANT}; adopt into a stack of the same tenant\n`,
    );
  });

  it("refuses an app that the stack's defaults would change (defaults.owners added to it)", async () => {
    const withDefaults = `${DEV}  entra-graph-apps:defaults:\n    owners: [2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a3b5c7d]\n`;
    const dir = projectWith(exportOf(jiraMail()), { "Pulumi.dev.yaml": withDefaults });
    const run = await adopt(dir, ["--all", "--stack", "dev", ...FROM]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[1]).toBe(
      "  - defaults.owners in this stack adds 2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a3b5c7d to every app's owners, but the live app is not owned by them, so the first pulumi up would add them to it; adopt into another stack or file (--config-out)",
    );
    expect(read(dir)).toBe(withDefaults);
  });
});

describe("adopt --config-out", () => {
  it("writes a new stack file and refuses to overwrite an existing one", async () => {
    const dir = projectWith(exportOf(jiraMail()), { "taken.yaml": "config: {}\n" });
    const run = await adopt(dir, ["--all", "--config-out", "taken.yaml", ...FROM]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "adopt: taken.yaml already exists; --config-out never overwrites a file (merge into a stack with --stack <name>, or give a new file name)\n",
    );
    expect(read(dir, "taken.yaml")).toBe("config: {}\n");
    expect((await adopt(dir, ["--all", "--config-out", "new.yaml", ...FROM])).code).toBe(0);
    expect(Object.keys(appsIn(dir, "new.yaml"))).toEqual(["jira-email-this-issue"]);
  });
});

describe("hostile display names", () => {
  const named = (displayName: string, n: number) =>
    portalApp({
      objectId: `0000000${n}-1111-4222-8333-444455556666`,
      appId: `a000000${n}-1111-4222-8333-444455556666`,
      spId: `b000000${n}-1111-4222-8333-444455556666`,
      displayName,
      access: [],
      owners: [ADMIN],
    });

  it("cannot break the written YAML: each comes back as exactly the same string", async () => {
    const names = [
      "Evil: {owners: [x]} # \"q\" \\ 's' &anchor *alias !!binary",
      "2027-01-01",
      "yes",
      "null",
      "- [ ] **bold** <img src=x onerror=alert(1)> | a | b |",
      "---\n...",
    ].filter((name) => !name.includes("\n"));
    const dir = projectWith(exportOf(...names.map(named)));
    const run = await adopt(dir, ["--all", "--config-out", "Pulumi.x.yaml", ...FROM]);
    expect(run.code).toBe(0);
    const apps = writtenApps(dir, "Pulumi.x.yaml");
    // Read back as Pulumi reads it: the same strings.
    expect(
      Object.values(appsIn(dir, "Pulumi.x.yaml"))
        .map((app) => app.displayName)
        .sort(),
    ).toEqual([...names].sort());
    expect(
      Object.values(apps).every(
        (app) =>
          Object.keys(app).join() ===
          "displayName,signInAudience,owners,permissions,clientSecret,existing",
      ),
    ).toBe(true);
    expect(Object.keys(apps)).toEqual([
      "evil-owners-x-q-s-anchor-alias-binary",
      "app-2027-01-01",
      "app-yes",
      "app-null",
      "bold-img-src-x-onerror-alert-1-a-b",
    ]);
  });

  it("refuses control characters and over-long names with the config's own messages, printed escaped", async () => {
    const dir = projectWith(
      exportOf(
        named("Jira\n  owners: [evil]\u001b[2J", 1),
        named("A".repeat(300), 2),
        named(" padded ", 3),
      ),
    );
    const run = await adopt(dir, ["--all", "--config-out", "Pulumi.x.yaml", ...FROM]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(run.stderr).toContain(
      '  - the stack\'s rules refuse the config it needs: apps.jira-owners-evil-2j.displayName = "Jira\\n  owners: [evil]\\u001b[2J": must be one line without control characters',
    );
    expect(run.stderr).toContain(
      `apps.${"a".repeat(60)}.displayName = "${"A".repeat(76)}...: must be at most 256 characters (Entra's limit)`,
    );
    expect(run.stderr).toContain(
      `  - displayName = " padded " has leading or trailing spaces, which the stack's config trims, so the first pulumi up would rename the app; rename it in the portal and run adopt again`,
    );
  });

  it("derives keys of lower-case letters, digits and dashes, never empty, at most 60 long", () => {
    expect(keyFromDisplayName("Ünïcödé Äpp (Prod)")).toBe("unicode-app-prod");
    expect(keyFromDisplayName("!!!")).toBe("app");
    expect(keyFromDisplayName("123")).toBe("app-123");
    expect(keyFromDisplayName("x".repeat(80) + " y")).toBe("x".repeat(60));
  });
});
