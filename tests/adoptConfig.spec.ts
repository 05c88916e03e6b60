import { formatProblem } from "../program/config/configProblem";
import { validateStackConfig } from "../program/config/validateStackConfig";

// The `existing:` block adopt writes, as the program reads it: import IDs in the provider's
// forms, keys that name what the app declares, and nothing that would import the wrong object.

const TODAY = new Date("2026-11-22T09:30:00Z");
const APP_OBJECT = "3a9e6d2c-41b7-4f0a-8e5d-7c2b1a0f9e63";
const GRAPH_SP = "5b8f2c71-0d3e-4a6b-9c1f-2e7d8a9b0c14";
const ASSIGNMENT = "LnqhwGRM90W3k_fP7aRcqcIkSgXyDm9Hgs2mH0yYUrE";

function jira(existing: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    displayName: "Jira",
    permissions: {
      "Microsoft Graph": { application: ["Mail.Send", "User.Read.All"], delegated: ["User.Read"] },
    },
    federatedCredentials: {
      deploy: {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:c/j:ref:refs/heads/main",
      },
    },
    existing,
    ...extra,
  };
}

function problems(apps: Record<string, unknown>, defaults?: Record<string, unknown>): string[] {
  return validateStackConfig({ apps, defaults }, TODAY).problems.map(formatProblem);
}

describe("apps.<key>.existing", () => {
  it("accepts the import IDs adopt writes and hands them to the program", () => {
    const existing = {
      application: `/applications/${APP_OBJECT}`,
      servicePrincipal: "/servicePrincipals/c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69",
      appRoleAssignments: {
        "graph/Mail.Send": `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/${ASSIGNMENT}`,
      },
      delegatedPermissionGrants: {
        graph: "/oauth2PermissionGrants/8PfxQ2rj8UOVe6wDVjkZcx7oA1XnlNpHtH2vzs0Mf4E",
      },
      federatedCredentials: {
        deploy: `${APP_OBJECT}/federatedIdentityCredential/7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b`,
      },
      permissionOrder: {
        graph: ["delegated User.Read", "application User.Read.All", "application Mail.Send"],
      },
    };
    const result = validateStackConfig({ apps: { jira: jira(existing) } }, TODAY);
    expect(result.problems).toEqual([]);
    expect(result.apps[0].existing).toEqual(existing);
  });

  it("refuses IDs in the wrong form, and object IDs not in lower case, each with the form expected", () => {
    expect(
      problems({
        jira: jira({
          application: `/applications/${APP_OBJECT.toUpperCase()}`,
          servicePrincipal: "c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69",
          appRoleAssignments: {
            "graph/Mail.Send": `/servicePrincipals/${GRAPH_SP}/appRoleAssignment/${ASSIGNMENT}`,
          },
          delegatedPermissionGrants: { graph: "/oauth2PermissionGrants/" },
          federatedCredentials: {
            deploy: `/applications/${APP_OBJECT}/federatedIdentityCredentials/x`,
          },
        }),
      }),
    ).toEqual([
      // A malformed opaque ID is a long random-looking run: the project-wide key-material rule
      // masks it and says so, as for any value that could be a secret.
      "apps.jira.existing.appRoleAssignments.graph/Mail.Send: holds what looks like a private key, client secret or token; keys and secrets never belong in stack config (it is committed, and Entra shows these values to every directory reader). Remove it and keep the key with the service or in a secret store",
      `apps.jira.existing.application = "/applications/${APP_OBJECT.toUpperCase()}": must be written in lower case, as Graph returns object IDs (/applications/{objectId})`,
      'apps.jira.existing.servicePrincipal = "c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69": must be an import ID of the form /servicePrincipals/{objectId}, with object IDs as GUIDs',
      `apps.jira.existing.appRoleAssignments.graph/Mail.Send = "[redacted]": must be an import ID of the form /servicePrincipals/{resourceServicePrincipalId}/appRoleAssignedTo/{assignmentId}, with object IDs as GUIDs`,
      'apps.jira.existing.delegatedPermissionGrants.graph = "/oauth2PermissionGrants/": must be an import ID of the form /oauth2PermissionGrants/{grantId}, with object IDs as GUIDs',
      `apps.jira.existing.federatedCredentials.deploy = "/applications/${APP_OBJECT}/federatedIdentityCredenti...: must be an import ID of the form {applicationObjectId}/federatedIdentityCredential/{credentialId}, with object IDs as GUIDs`,
    ]);
  });

  it("refuses an import ID for a permission, API or credential the app does not declare, with a did-you-mean", () => {
    expect(
      problems({
        jira: jira({
          application: `/applications/${APP_OBJECT}`,
          servicePrincipal: "/servicePrincipals/c41f7a2e-9b3d-4e6a-8c1f-0d2e3f4a5b69",
          appRoleAssignments: {
            "graph/Mail.Sned": `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/${ASSIGNMENT}`,
          },
          delegatedPermissionGrants: {
            exchange: "/oauth2PermissionGrants/8PfxQ2rj8UOVe6wDVjkZcx7oA1XnlNpHtH2vzs0Mf4E",
          },
          federatedCredentials: {
            deplyo: `${APP_OBJECT}/federatedIdentityCredential/7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b`,
          },
          permissionOrder: { graph: ["application Mail.Send", "delegated Mail.Send"] },
        }),
      }),
    ).toEqual([
      'apps.jira.existing.appRoleAssignments = "graph/Mail.Sned": is not an application permission this app declares (keys are <api key>/<permission>, e.g. graph/Mail.Send). Did you mean "graph/Mail.Send"?',
      'apps.jira.existing.delegatedPermissionGrants = "exchange": is not an API this app declares delegated permissions for (keys are API keys, e.g. graph). It declares delegated permissions for: graph.',
      'apps.jira.existing.federatedCredentials = "deplyo": is not a federated credential this app declares. Did you mean "deploy"?',
      'apps.jira.existing.permissionOrder.graph[1] = "delegated Mail.Send": names no permission this app declares for graph. Did you mean "delegated User.Read"?',
    ]);
  });

  it("refuses a federated credential of another application, and consent imported without its principal or with adminConsent false", () => {
    const other = "9d1b3c5e-7f2a-4b6d-8e0c-1a3b5c7d9e2f";
    expect(
      problems({
        jira: jira(
          {
            application: `/applications/${APP_OBJECT}`,
            appRoleAssignments: {
              "graph/Mail.Send": `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/${ASSIGNMENT}`,
            },
            federatedCredentials: {
              deploy: `${other}/federatedIdentityCredential/7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b`,
            },
          },
          { adminConsent: false },
        ),
      }),
    ).toEqual([
      "apps.jira.existing: imports consent (appRoleAssignments or delegatedPermissionGrants) without existing.servicePrincipal, the principal it was granted to; add it",
      "apps.jira.existing: imports consent, but adminConsent is false, so the stack registers no consent to import it into; remove the consent import IDs or set adminConsent: true",
      `apps.jira.existing.federatedCredentials.deploy = "${other}/federatedIdentityCredential/7e8f9a0b-1c...: belongs to application ${other}, but existing.application is /applications/${APP_OBJECT}; a credential can only be taken over with its own application`,
    ]);
  });

  it("is refused under defaults: the objects belong to one app", () => {
    expect(
      problems(
        { jira: { displayName: "Jira" } },
        { existing: { application: `/applications/${APP_OBJECT}` } },
      ),
    ).toEqual([
      "defaults.existing: names the objects one app takes over, so it belongs under that app (apps.<key>.existing), never under defaults",
    ]);
  });
});
