import * as fs from "fs";
import * as path from "path";
import {
  buildCatalog,
  formatCatalog,
  GraphServicePrincipalJson,
  levelsFromCatalog,
} from "../tools/catalog/buildCatalog";
import { catalogEntry, offlineCatalogs } from "../program/permissions/catalog";

const servicePrincipal: GraphServicePrincipalJson = {
  appId: "00000003-0000-0000-c000-000000000000",
  displayName: "Microsoft Graph",
  appRoles: [
    {
      id: "b633e1c5-b582-4048-a93e-9f11b44c7e96",
      value: "Mail.Send",
      allowedMemberTypes: ["Application"],
      isEnabled: true,
    },
    {
      id: "00000000-0000-0000-0000-000000000001",
      value: "Old.Role",
      allowedMemberTypes: ["Application"],
      isEnabled: false,
    },
    {
      id: "00000000-0000-0000-0000-000000000002",
      value: "Users.Only",
      allowedMemberTypes: ["User"],
      isEnabled: true,
    },
  ],
  oauth2PermissionScopes: [
    {
      id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
      value: "User.Read",
      type: "User",
      isEnabled: true,
    },
    {
      id: "e383f46e-2787-4529-855e-0e479a3ffac0",
      value: "Mail.Send",
      type: "Admin",
      isEnabled: true,
    },
  ],
};

describe("the permission catalog", () => {
  it("keeps only grantable entries, with kind, admin consent and privilege level, and no descriptions", () => {
    const catalog = buildCatalog(
      {
        ...servicePrincipal,
        appRoles: servicePrincipal.appRoles.map((role) => ({ ...role, description: "long text" })),
      },
      { "Mail.Send": { application: 3, delegated: 2 } },
    );
    expect(catalog).toEqual({
      appId: "00000003-0000-0000-c000-000000000000",
      displayName: "Microsoft Graph",
      permissions: [
        {
          value: "Mail.Send",
          id: "b633e1c5-b582-4048-a93e-9f11b44c7e96",
          kind: "application",
          adminConsentRequired: true,
          privilegeLevel: 3,
        },
        {
          value: "Mail.Send",
          id: "e383f46e-2787-4529-855e-0e479a3ffac0",
          kind: "delegated",
          adminConsentRequired: true,
          privilegeLevel: 2,
        },
        {
          value: "User.Read",
          id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
          kind: "delegated",
          adminConsentRequired: false,
          privilegeLevel: null,
        },
      ],
    });
    expect(JSON.parse(formatCatalog(catalog))).toEqual(catalog);
    expect(formatCatalog(catalog)).not.toContain("long text");
  });

  it("is what the generator produces from the committed Microsoft Graph source data", () => {
    const dataDir = path.join(__dirname, "..", "tools", "catalog", "source", "microsoft-graph");
    if (!fs.existsSync(dataDir)) {
      throw new Error(
        `${dataDir} is missing, so the committed catalog cannot be checked against its source`,
      );
    }
    const generated = formatCatalog(
      buildCatalog(
        JSON.parse(fs.readFileSync(path.join(dataDir, "service-principal.json"), "utf8")),
        JSON.parse(fs.readFileSync(path.join(dataDir, "privilege-levels.json"), "utf8")),
      ),
    );
    const committed = fs.readFileSync(
      path.join(__dirname, "..", "program", "permissions", "catalog", "microsoft-graph.json"),
      "utf8",
    );
    expect(committed).toBe(generated);
  });

  it("keeps the levels a catalog already has when refreshed without a levels file", () => {
    const catalog = buildCatalog(servicePrincipal, {
      "Mail.Send": { application: 3, delegated: 2 },
    });
    expect(levelsFromCatalog(catalog)).toEqual({ "Mail.Send": { application: 3, delegated: 2 } });
    expect(buildCatalog(servicePrincipal, levelsFromCatalog(catalog))).toEqual(catalog);
  });

  it("answers lookups by value or ID, per kind, for Graph and the other well-known APIs", () => {
    expect(
      catalogEntry("00000003-0000-0000-c000-000000000000", "Mail.Send", "application")?.id,
    ).toBe("b633e1c5-b582-4048-a93e-9f11b44c7e96");
    expect(
      catalogEntry(
        "00000003-0000-0000-c000-000000000000",
        "b633e1c5-b582-4048-a93e-9f11b44c7e96",
        "application",
      )?.value,
    ).toBe("Mail.Send");
    expect(
      catalogEntry("00000003-0000-0000-c000-000000000000", "User.Read", "application"),
    ).toBeUndefined();
    expect(
      catalogEntry("00000003-0000-0ff1-ce00-000000000000", "Sites.FullControl.All", "application")
        ?.id,
    ).toBe("678536fe-1083-478a-9c59-b99265e6b0d3");
    expect(
      catalogEntry("00000002-0000-0ff1-ce00-000000000000", "full_access_as_app", "application")?.id,
    ).toBe("dc890d15-9560-4a4c-9b7f-a736ec74ec40");
    expect([...offlineCatalogs().keys()].sort()).toEqual([
      "00000002-0000-0ff1-ce00-000000000000",
      "00000003-0000-0000-c000-000000000000",
      "00000003-0000-0ff1-ce00-000000000000",
      "00000007-0000-0000-c000-000000000000",
    ]);
  });
});
