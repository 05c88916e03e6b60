// The stack policy on consent, and every policy on the resources the real program registers
// for each seed example (tests/support/policyHarness.ts).
import * as path from "path";
import { planStack } from "../tools/commands/plan/planStack";
import { readStackFile } from "../tools/stack-files/readStackFile";
import { TYPES } from "../program/guardrails/resourceTypes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  NOW,
  ROLE,
  graphApp,
  policies,
  policyResource,
  resourceArgs,
  stackViolations,
  violations,
} from "./support/policyHarness";

describe("graph-consent-matches-declaration (stack)", () => {
  it("denies an assignment of a Graph role the app does not request, linking by values", async () => {
    const app = policyResource(TYPES.application, "alerts", {
      ...graphApp([ROLE.mailSend]),
      clientId: "client-1",
    });
    const sp = policyResource(TYPES.servicePrincipal, "alerts", {
      clientId: "client-1",
      objectId: "sp-1",
    });
    const declared = policyResource(TYPES.appRoleAssignment, "alerts-graph-Mail.Send", {
      appRoleId: ROLE.mailSend,
      principalObjectId: "sp-1",
    });
    const extra = policyResource(TYPES.appRoleAssignment, "alerts-graph-RoleManagement", {
      appRoleId: ROLE.roleManagement,
      principalObjectId: "sp-1",
    });
    expect(await stackViolations([app, sp, declared])).toEqual([]);
    expect(await stackViolations([app, sp, declared, extra])).toEqual([
      {
        message:
          "assignment alerts-graph-RoleManagement grants Microsoft Graph RoleManagement.ReadWrite.Directory to app alerts, which does not request it; add it to the app's requiredResourceAccesses or remove the assignment.",
        urn: extra.urn,
      },
    ]);
  });

  it("links through property dependencies when IDs are still unknown (preview)", async () => {
    const app = policyResource(TYPES.application, "alerts", graphApp([ROLE.mailSend]));
    const sp = policyResource(TYPES.servicePrincipal, "alerts", {}, { clientId: [app] });
    const extra = policyResource(
      TYPES.appRoleAssignment,
      "alerts-extra",
      { appRoleId: ROLE.roleManagement },
      { principalObjectId: [sp] },
    );
    expect((await stackViolations([app, sp, extra])).map((v) => v.urn)).toEqual([extra.urn]);
  });
});

describe("the program's own resources for each seed example", () => {
  const examples = [
    "000-search-connector",
    "001-directory-export",
    "002-mail-alerts",
    "003-jira-mail",
    "004-dynamics-connector",
  ];
  // Seed 004 asks for takeover-class permissions: the pack rightly denies them unless an
  // organisation records why it accepts the risk.
  const exceptions: Record<string, object> = {
    "004-dynamics-connector": {
      allow: [
        {
          permission: "Application.ReadWrite.All",
          justification: "connector provisions its own apps (SEC-1234)",
        },
        {
          permission: "Device.ReadWrite.All",
          justification: "connector manages device records (SEC-1234)",
        },
        {
          permission: "Directory.ReadWrite.All",
          justification: "connector writes back directory data (SEC-1234)",
        },
        {
          permission: "Domain.ReadWrite.All",
          justification: "connector manages domains (SEC-1234)",
        },
      ],
    },
  };

  // Advisory findings do not block a deployment; these are expected and explained.
  // The examples name no owners: they deploy as they stand, and the advisory says what to add.
  const noOwners = (app: string) =>
    `minimum-owners: app ${app} has 0 owner(s); add owners so at least 1 people or identities can manage it.`;
  const expectedAdvisories: Record<string, string[]> = {
    "000-search-connector": [noOwners("search-connector")],
    "001-directory-export": [noOwners("directory-export")],
    "002-mail-alerts": [noOwners("mail-alerts")],
    // The Jira integration's OAuth flow needs the product's redirect URI (seed 003).
    "003-jira-mail": [
      noOwners("jira-mail"),
      "daemon-no-redirect-uris: app jira-mail only has application permissions but declares redirect URIs (https://jira.contoso.com/plugins/servlet/oauth/callback); remove them unless a user signs in.",
    ],
    "004-dynamics-connector": [noOwners("dynamics-connector")],
  };

  it.each(examples)(
    "%s passes every mandatory policy (with its documented exceptions)",
    async (example) => {
      const plan = await planStack(
        readStackFile(path.join(__dirname, "..", "examples", example, "Pulumi.example.yaml")),
        NOW,
      );
      const resources = plan.apps.flatMap((app) => app.resources);
      const mandatory: string[] = [];
      const advisory: string[] = [];
      for (const resource of resources) {
        for (const p of policies.filter(
          (candidate): candidate is ResourceValidationPolicy => "validateResource" in candidate,
        )) {
          const config =
            p.name === "graph-application-permission-privilege" ? (exceptions[example] ?? {}) : {};
          const sink = p.enforcementLevel === "advisory" ? advisory : mandatory;
          const validate = p.validateResource!;
          for (const fn of Array.isArray(validate) ? validate : [validate]) {
            await fn(
              resourceArgs(resource.type, resource.name, resource.inputs, config),
              (message) => sink.push(`${p.name}: ${message}`),
            );
          }
        }
      }
      mandatory.push(
        ...(
          await stackViolations(resources.map((r) => policyResource(r.type, r.name, r.state)))
        ).map((v) => v.message),
      );
      expect(mandatory).toEqual([]);
      expect(advisory).toEqual(expectedAdvisories[example] ?? []);
    },
  );

  it("denies seed 004's level-4 and takeover permissions without exceptions", async () => {
    const plan = await planStack(
      readStackFile(
        path.join(__dirname, "..", "examples", "004-dynamics-connector", "Pulumi.example.yaml"),
      ),
      NOW,
    );
    const app = plan.apps[0].resources.find((r) => r.type === TYPES.application)!;
    const denied = await violations(
      "graph-application-permission-privilege",
      app.type,
      app.name,
      app.inputs,
    );
    // In the app's (sorted by role ID) order.
    expect(denied.map((message) => message.split(" (")[0])).toEqual([
      "app dynamics-connector requests Microsoft Graph Device.ReadWrite.All",
      "app dynamics-connector requests Microsoft Graph Directory.ReadWrite.All",
      "app dynamics-connector requests Microsoft Graph Application.ReadWrite.All",
      "app dynamics-connector requests Microsoft Graph Domain.ReadWrite.All",
    ]);
  });
});
