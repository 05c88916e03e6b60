import { formatProblem } from "../program/config/configProblem";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { ApiPermissionSet, resolvePermissions } from "../program/permissions/resolvePermissions";

const TODAY = new Date("2026-11-22T00:00:00Z");
const GRAPH = "00000003-0000-0000-c000-000000000000";

/** A small stand-in for Graph's service principal, with its real IDs. */
const graph: ApiPermissionSet = {
  appId: GRAPH,
  displayName: "Microsoft Graph",
  servicePrincipalObjectId: "aaaaaaaa-0000-0000-0000-000000000001",
  appRoles: new Map([
    ["Mail.Send", "b633e1c5-b582-4048-a93e-9f11b44c7e96"],
    ["Mail.Read", "810c84a8-4a9e-49e6-bf7d-12d183f40d01"],
    ["User.Read.All", "df021288-bdef-4463-88db-98f22de89214"],
  ]),
  scopes: new Map([
    ["User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"],
    ["Mail.Send", "e383f46e-2787-4529-855e-0e479a3ffac0"],
  ]),
};

function resolve(application: string[], delegated: string[] = []) {
  const { apps } = validateStackConfig(
    {
      apps: {
        jira: {
          displayName: "Jira",
          permissions: { "Microsoft Graph": { application, delegated } },
        },
      },
    },
    TODAY,
  );
  const result = resolvePermissions(apps, new Map([[GRAPH, graph]]));
  return { apps: result.apps, problems: result.problems.map(formatProblem) };
}

describe("resolvePermissions", () => {
  it("takes each permission's ID from the API's service principal, sorted by name", () => {
    const { apps, problems } = resolve(["User.Read.All", "Mail.Send"], ["User.Read"]);
    expect(problems).toEqual([]);
    expect(apps[0].apis).toEqual([
      {
        request: expect.objectContaining({ configKey: "Microsoft Graph" }),
        resourceServicePrincipalObjectId: "aaaaaaaa-0000-0000-0000-000000000001",
        application: [
          { value: "Mail.Send", id: "b633e1c5-b582-4048-a93e-9f11b44c7e96" },
          { value: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214" },
        ],
        delegated: [{ value: "User.Read", id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d" }],
      },
    ]);
  });

  it("refuses an unknown permission with the closest names", () => {
    expect(resolve(["Mail.Sendd"]).problems).toEqual([
      'apps.jira.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send" or "Mail.Read"?',
    ]);
  });

  it("says when a delegated scope is listed as an application permission, and suggests the app-only one", () => {
    expect(resolve(["User.Read"]).problems).toEqual([
      'apps.jira.permissions.Microsoft Graph.application = "User.Read": is a delegated permission (it acts for a signed-in user; app-only tokens never carry it) of Microsoft Graph, not an application permission. ' +
        'Move it under `delegated:`, or choose the application permission you need. Did you mean "User.Read.All"?',
    ]);
  });

  it("says when an application permission is listed as delegated", () => {
    expect(resolve([], ["User.Read.All"]).problems).toEqual([
      'apps.jira.permissions.Microsoft Graph.delegated = "User.Read.All": is an application permission (app role for app-only access) of Microsoft Graph, not a delegated permission. ' +
        'Move it under `application:`, or choose the delegated permission you need. Did you mean "User.Read"?',
    ]);
  });

  it("points out wrong letter case, since permission names are case-sensitive", () => {
    expect(resolve(["mail.send"]).problems).toEqual([
      'apps.jira.permissions.Microsoft Graph.application = "mail.send": permission names are case-sensitive. Did you mean "Mail.Send"?',
    ]);
  });
});
