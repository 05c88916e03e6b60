// A newcomer adds an app with a critical permission: plan names each refused permission once per
// app, names policy/config.json and prints the entry to add; pasting that entry (with a real
// justification) is all it takes for plan to pass. Review says why each high permission matters.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as plan } from "../tools/commands/plan/cli";
import { capturedIo } from "../tools/commands/commandIo";
import { catalogFor } from "../program/permissions/catalog";
import { sensitivityReason } from "../program/permissions/sensitivePermissions";
import { MICROSOFT_GRAPH_APP_ID } from "../program/permissions/wellKnownApis";
import { writeProjectFile } from "./support/projectFolder";

let dir: string;
beforeAll(() => {
  dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "guardrail-fix-")));
  fs.mkdirSync(path.join(dir, "policy"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function planApp(permissions: string[], policyConfig: object) {
  fs.writeFileSync(
    path.join(dir, "Pulumi.dev.yaml"),
    `config:\n  entra-graph-apps:apps:\n    admin:\n      displayName: Admin\n      permissions:\n        Microsoft Graph:\n          application: [${permissions.join(", ")}]\n`,
  );
  fs.writeFileSync(path.join(dir, "policy", "config.json"), JSON.stringify(policyConfig));
  const io = capturedIo({ cwd: dir, now: () => new Date("2026-11-22T09:30:00Z") });
  const code = await plan(["node", "plan", "--stack", "dev"], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join("") };
}

/** The printed section, pasted into `{ }` with each placeholder replaced by a reason. */
function followFix(stdout: string): object {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line === '  "graph-application-permission-privilege": {');
  const section = lines.slice(start, lines.indexOf("  }", start) + 1).join("\n");
  return JSON.parse(
    `{${section.replaceAll("<why the risk is accepted, 10+ characters>", "PIM automation, SEC-42")}}`,
  ) as object;
}

const CRITICAL = [
  "RoleManagement.ReadWrite.Directory",
  "Calendars.Read",
  "Application.ReadWrite.All",
];

it("names each refused permission once for the app (not again for its assignment), names policy/config.json and the entries; the printed fix alone makes plan pass", async () => {
  const refused = await planApp(CRITICAL, {});
  expect(refused.code).toBe(1);
  for (const permission of CRITICAL)
    expect(refused.stdout.split(`Microsoft Graph ${permission} (`).length - 1).toBe(1);
  expect(refused.stdout).toContain(
    '  ✗ graph-application-permission-privilege: app admin requests Microsoft Graph RoleManagement.ReadWrite.Directory (4 critical, tenant takeover: can give any principal any directory role, Global Administrator included: tenant takeover), above the allowed level 3. Remove it, or accept it by adding {"permission": "RoleManagement.ReadWrite.Directory", "justification": "<why the risk is accepted, 10+ characters>"} under "graph-application-permission-privilege" → "allow" in policy/config.json.\n',
  );
  expect(refused.stdout).toContain(
    [
      "To accept these permissions, add inside the outer { } of policy/config.json (create the file as {} if it is missing), replacing each justification with why the risk is accepted (a reviewer reads it):",
      '  "graph-application-permission-privilege": {',
      '    "allow": [',
      '      {"permission": "Application.ReadWrite.All", "justification": "<why the risk is accepted, 10+ characters>"},',
      '      {"permission": "Calendars.Read", "justification": "<why the risk is accepted, 10+ characters>"},',
      '      {"permission": "RoleManagement.ReadWrite.Directory", "justification": "<why the risk is accepted, 10+ characters>"}',
      "    ]",
      "  }",
    ].join("\n"),
  );
  const fixed = await planApp(CRITICAL, followFix(refused.stdout));
  expect(fixed.stdout).toContain("Guardrails: every mandatory policy passes.");
  expect(fixed.code).toBe(0);
});

it("review's reason is never empty for a Graph permission rated 3 or above (Calendars.Read has no listed reason)", () => {
  expect(sensitivityReason("Calendars.Read", "application", 4)).toBe(
    "rated critical: app-only, can change what Calendars.Read covers across the whole tenant, with no signed-in user to limit it",
  );
  expect(sensitivityReason("Mail.Send", "application", 3)).toBe(
    "can send mail as any user in the tenant",
  );
  expect(sensitivityReason("User.Read", "delegated", 1)).toBeUndefined();
  const rated = catalogFor(MICROSOFT_GRAPH_APP_ID)!.permissions.filter(
    (permission) => (permission.privilegeLevel ?? 0) >= 3,
  );
  expect(rated.length).toBeGreaterThan(50);
  for (const permission of rated)
    expect(sensitivityReason(permission.value, permission.kind, permission.privilegeLevel)).toMatch(
      /\w{3}/,
    );
});
