// verify --deployer with --stack: DelegatedPermissionGrant.ReadWrite.All is required only for a
// stack that grants delegated permissions, and OwnedBy only covers apps that list the deployer.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { authorityHost } from "../tools/commands/verify/authority";
import {
  checkDeployerRoles,
  DeployerResult,
  deployerPreflight,
  deployerStack,
  formatDeployerReport,
} from "../tools/commands/verify/deployerPreflight";
import { deployerRequirements } from "../program/permissions/deployerPermissions";
import {
  ALL_DEPLOYER_ROLES,
  DEPLOYER_ENV,
  DEPLOYER_OBJECT_ID,
  deployerTokens,
} from "./support/deployerTokens";
import { writeProjectFile } from "./support/projectFolder";

const NOW = new Date("2026-11-22T00:00:00Z");
const WITHOUT_DELEGATED = ALL_DEPLOYER_ROLES.filter(
  (role) => role !== "DelegatedPermissionGrant.ReadWrite.All",
);

describe("DelegatedPermissionGrant.ReadWrite.All, needed only for delegated permissions", () => {
  const project = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "deployer-stack-")));
  /** A stack whose apps all list the deployer as an owner (it holds only OwnedBy below). */
  const write = (stack: string, apps: string) =>
    fs.writeFileSync(
      path.join(project, `Pulumi.${stack}.yaml`),
      `config:\n  entra-graph-apps:defaults:\n    owners: [${DEPLOYER_OBJECT_ID}]\n  entra-graph-apps:apps:\n${apps}`,
    );
  write(
    "daemons",
    "    alerts:\n      displayName: Alerts\n      permissions:\n        Microsoft Graph:\n          application: [Mail.Send]\n",
  );
  write(
    "portal",
    "    portal:\n      displayName: Portal\n      redirectUris: [https://portal.contoso.com/]\n      permissions:\n        Microsoft Graph:\n          delegated: [User.Read]\n",
  );
  write(
    "unconsented",
    "    portal:\n      displayName: Portal\n      adminConsent: false\n      permissions:\n        Microsoft Graph:\n          delegated: [User.Read]\n",
  );
  afterAll(() => fs.rmSync(project, { recursive: true }));

  it("is marked as conditional in the deployer's requirements", () => {
    expect(
      deployerRequirements.filter((requirement) => requirement.onlyFor).map((r) => r.anyOf),
    ).toEqual([["DelegatedPermissionGrant.ReadWrite.All"]]);
  });

  it("reads from the stack file whether pulumi up will grant delegated permissions", () => {
    expect(deployerStack(project, "daemons", NOW)).toEqual({
      name: "daemons",
      needsDelegatedConsent: false,
      owners: { alerts: [DEPLOYER_OBJECT_ID] },
    });
    expect(deployerStack(project, "portal", NOW)).toMatchObject({
      name: "portal",
      needsDelegatedConsent: true,
    });
    // Requested without admin consent: pulumi up makes no grant.
    expect(deployerStack(project, "unconsented", NOW)).toMatchObject({
      name: "unconsented",
      needsDelegatedConsent: false,
    });
    expect(() => deployerStack(project, "missing", NOW)).toThrow(
      /Pulumi\.missing\.yaml does not exist/,
    );
  });

  it("without --stack: not counted as missing, reported as needed only for delegated permissions", async () => {
    const { acquire } = deployerTokens(WITHOUT_DELEGATED);
    const result = await deployerPreflight(
      { ...DEPLOYER_ENV, ARM_CLIENT_SECRET: "s" },
      authorityHost(),
      acquire,
    );
    expect(result.status).toBe("ok");
    const report = formatDeployerReport(result);
    expect(report).toMatch(
      /\nDelegatedPermissionGrant\.ReadWrite\.All +not granted \(needed only for delegated permissions\) +grant admin consent for delegated permissions/,
    );
    expect(report).toContain("\nThe deployer holds every permission pulumi up needs.\n");
    expect(report).toContain(
      "\nWithout --stack, a permission only some stacks need is not counted as missing: pass --stack <name> to check the one you deploy.",
    );
  });

  it("for a stack without delegated permissions: not needed", async () => {
    const { acquire } = deployerTokens(WITHOUT_DELEGATED);
    const result = await deployerPreflight(
      { ...DEPLOYER_ENV, ARM_CLIENT_SECRET: "s" },
      authorityHost(),
      acquire,
      {
        stack: deployerStack(project, "daemons", NOW),
      },
    );
    expect(result.status).toBe("ok");
    const report = formatDeployerReport(result);
    expect(report).toMatch(
      /DelegatedPermissionGrant\.ReadWrite\.All +not granted \(needed only for delegated permissions; stack daemons lists none\)/,
    );
    expect(report).toContain(
      "The deployer holds every permission pulumi up needs for stack daemons.",
    );
    expect(report).not.toContain("Without --stack");
  });

  it("for a stack with delegated permissions: required, MISSING when not granted (exit 6 in the command)", async () => {
    const { acquire } = deployerTokens(WITHOUT_DELEGATED);
    const result: DeployerResult = await deployerPreflight(
      { ...DEPLOYER_ENV, ARM_CLIENT_SECRET: "s" },
      authorityHost(),
      acquire,
      { stack: deployerStack(project, "portal", NOW) },
    );
    expect(result.status).toBe("missing");
    expect(formatDeployerReport(result)).toMatch(
      /DelegatedPermissionGrant\.ReadWrite\.All +MISSING \(stack portal lists delegated permissions\) +grant admin consent/,
    );
    const granted = await deployerPreflight(
      { ...DEPLOYER_ENV, ARM_CLIENT_SECRET: "s" },
      authorityHost(),
      deployerTokens(ALL_DEPLOYER_ROLES).acquire,
      {
        stack: deployerStack(project, "portal", NOW),
      },
    );
    expect(granted.status).toBe("ok");
  });

  it("with only Application.ReadWrite.OwnedBy, names the apps of the stack that do not list the deployer as an owner", async () => {
    const deployer = DEPLOYER_OBJECT_ID;
    fs.writeFileSync(
      path.join(project, "Pulumi.owned.yaml"),
      `config:\n  entra-graph-apps:defaults:\n    owners: [${deployer.toUpperCase()}]\n  entra-graph-apps:apps:\n    a:\n      displayName: A\n`,
    );
    fs.writeFileSync(
      path.join(project, "Pulumi.unowned.yaml"),
      "config:\n  entra-graph-apps:apps:\n    b:\n      displayName: B\n    a:\n      displayName: A\n      owners: [3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091]\n",
    );
    const run = (stack: string, roles = WITHOUT_DELEGATED) =>
      deployerPreflight(
        { ...DEPLOYER_ENV, ARM_CLIENT_SECRET: "s" },
        authorityHost(),
        deployerTokens(roles).acquire,
        {
          stack: deployerStack(project, stack, NOW),
        },
      );
    expect(await run("owned")).toMatchObject({ status: "ok" });
    const unowned = await run("unowned");
    expect(unowned).toMatchObject({ status: "missing", notOwner: ["a", "b"] });
    const report = formatDeployerReport(unowned);
    expect(report).toContain(
      "\nThe deployer holds every permission pulumi up needs for stack unowned.\n",
    );
    expect(report).toContain(
      `\nApplication.ReadWrite.OwnedBy reaches only apps this identity owns, and in stack unowned a, b do not list its object ID (${deployer}): add it to entra-graph-apps:defaults.owners (docs/configuration.md "Owners"), or pulumi up fails with 403 Authorization_RequestDenied once it has created an app.`,
    );
    // Application.ReadWrite.All manages every app, owned or not.
    const all = ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Policy.Read.All"];
    expect(await run("unowned", all)).toMatchObject({ status: "ok" });
  });

  it("every other requirement stays required with or without a stack", () => {
    for (const options of [{}, { stack: { name: "daemons", needsDelegatedConsent: false } }]) {
      const checks = checkDeployerRoles(["Application.ReadWrite.OwnedBy"], options);
      expect(checks.map((check) => [check.anyOf[0], check.required, check.grantedBy])).toEqual([
        ["Application.ReadWrite.OwnedBy", true, "Application.ReadWrite.OwnedBy"],
        ["Application.Read.All", true, undefined],
        ["AppRoleAssignment.ReadWrite.All", true, undefined],
        ["DelegatedPermissionGrant.ReadWrite.All", false, undefined],
        ["Policy.Read.All", true, undefined],
      ]);
    }
  });
});
