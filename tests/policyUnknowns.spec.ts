// The stack policy graph-consent-matches-declaration in preview, with resources built exactly as
// the policy runtime builds them: its own deserializer and its own unknown-checking proxy, whose
// property reads throw the real UnknownValueError on a value unknown until the update. Unknowns
// are the engine's wire sentinels, not missing properties. The PolicyPack is never constructed
// (that starts a gRPC server).
import { PolicyResource, UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { known, UNKNOWN } from "../policy/guardrailPolicies";
import { TYPES } from "../program/guardrails/resourceTypes";
import { GRAPH, ROLE, stackViolations } from "./support/policyHarness";

// The runtime's internals (no typings): the deserializer its analyzer calls on each resource's
// properties, and the sentinels the engine sends for unknown values.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties: (
    struct: { toJavaScript(): Record<string, unknown> },
    proxySecrets: boolean,
  ) => Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sentinels = require("@pulumi/policy/proxy") as {
  unknownStringValue: string;
  unknownArrayValue: string;
};

/** The engine's sentinel for an unknown string (pulumi's plugin.UnknownStringValue). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

const GRAPH_SP_OBJECT_ID = "9a9a9a9a-0000-4000-8000-0000000000aa";

/**
 * A resource as the runtime's AnalyzeStack hands it to a stack policy: props deserialized from
 * the wire (a Struct whose toJavaScript gives `wire`) and wrapped in unknownCheckingProxy;
 * propertyDependencies point at the other resource objects.
 */
function previewResource(
  type: string,
  name: string,
  wire: Record<string, unknown>,
  propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
  const props = unknownCheckingProxy(deserializeProperties({ toJavaScript: () => wire }, false));
  return {
    type,
    name,
    props,
    urn: `urn:pulumi:dev::entra-graph-apps::${type}::${name}`,
    opts: {} as PolicyResource["opts"],
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
    isType: () => false,
    asType: () => undefined,
  } as unknown as PolicyResource;
}

const graphAccess = (...roleIds: string[]) => ({
  resourceAppId: GRAPH,
  resourceAccesses: roleIds.map((id) => ({ id, type: "Role" })),
});

/** A new app, its new service principal and an assignment, as `pulumi preview` sees them. */
function newApp(name: string, requiredResourceAccesses: unknown) {
  const app = previewResource(TYPES.application, name, {
    displayName: name,
    clientId: UNKNOWN_STRING,
    objectId: UNKNOWN_STRING,
    requiredResourceAccesses,
  });
  const servicePrincipal = previewResource(
    TYPES.servicePrincipal,
    name,
    { clientId: UNKNOWN_STRING, objectId: UNKNOWN_STRING },
    { clientId: [app] },
  );
  const assignment = (suffix: string, appRoleId: string) =>
    previewResource(
      TYPES.appRoleAssignment,
      `${name}-graph-${suffix}`,
      {
        appRoleId,
        principalObjectId: UNKNOWN_STRING,
        resourceObjectId: GRAPH_SP_OBJECT_ID,
      },
      { principalObjectId: [servicePrincipal] },
    );
  return { app, servicePrincipal, assignment };
}

describe("the policy runtime's unknown values (what the tests below reproduce)", () => {
  it("uses the engine's wire sentinels for unknown values", () => {
    expect(sentinels.unknownStringValue).toBe(UNKNOWN_STRING);
    expect(sentinels.unknownArrayValue).toBe(UNKNOWN_ARRAY);
  });

  it("throws UnknownValueError on reading an unknown property, where a missing one reads undefined", () => {
    const { servicePrincipal } = newApp("alerts", [graphAccess(ROLE.mailSend)]);
    expect(() => servicePrincipal.props.objectId).toThrow(UnknownValueError);
    expect(() => servicePrincipal.props.objectId).toThrow(
      "string value at .objectId can't be known during preview",
    );
    expect(servicePrincipal.props.notes).toBeUndefined();
  });

  it("known() turns only UnknownValueError into UNKNOWN; any other error propagates", () => {
    const { servicePrincipal } = newApp("alerts", [graphAccess(ROLE.mailSend)]);
    expect(known(() => servicePrincipal.props.objectId)).toBe(UNKNOWN);
    expect(known(() => servicePrincipal.props.notes)).toBeUndefined();
    expect(() =>
      known(() => {
        throw new TypeError("a bug in the policy");
      }),
    ).toThrow(TypeError);
  });
});

describe("graph-consent-matches-declaration in preview (new apps: IDs unknown)", () => {
  it("links a new assignment to its new app through property dependencies and passes a declared grant", async () => {
    const { app, servicePrincipal, assignment } = newApp("alerts", [graphAccess(ROLE.mailSend)]);
    expect(
      await stackViolations([app, servicePrincipal, assignment("Mail.Send", ROLE.mailSend)]),
    ).toEqual([]);
  });

  it("denies an undeclared Graph grant to a new app before it is made (the policy does not go silent)", async () => {
    const { app, servicePrincipal, assignment } = newApp("alerts", [graphAccess(ROLE.mailSend)]);
    const extra = assignment("RoleManagement", ROLE.roleManagement);
    expect(
      await stackViolations([app, servicePrincipal, assignment("Mail.Send", ROLE.mailSend), extra]),
    ).toEqual([
      {
        message:
          "assignment alerts-graph-RoleManagement grants Microsoft Graph RoleManagement.ReadWrite.Directory to app alerts, which does not request it; add it to the app's requiredResourceAccesses or remove the assignment.",
        urn: extra.urn,
      },
    ]);
  });

  it("denies a grant it cannot check because the app's declared permissions are unknown", async () => {
    const { app, servicePrincipal, assignment } = newApp("alerts", UNKNOWN_ARRAY);
    const grant = assignment("Mail.Send", ROLE.mailSend);
    expect(await stackViolations([app, servicePrincipal, grant])).toEqual([
      {
        message:
          "assignment alerts-graph-Mail.Send grants Microsoft Graph Mail.Send to app alerts, whose requiredResourceAccesses are unknown until the update, so the grant cannot be checked before it is made. Declare the app's permissions as known values (not computed from resources of this stack).",
        urn: grant.urn,
      },
    ]);
  });

  it("passes when a known entry declares the role although another entry is unknown, and denies when none can", async () => {
    const partly = newApp("alerts", [
      { resourceAppId: UNKNOWN_STRING, resourceAccesses: [] },
      graphAccess(ROLE.mailSend),
    ]);
    expect(
      await stackViolations([
        partly.app,
        partly.servicePrincipal,
        partly.assignment("Mail.Send", ROLE.mailSend),
      ]),
    ).toEqual([]);
    const undecided = partly.assignment("RoleManagement", ROLE.roleManagement);
    expect(
      (await stackViolations([partly.app, partly.servicePrincipal, undecided])).map(
        (violation) => violation.message.split(",")[0],
      ),
    ).toEqual([
      "assignment alerts-graph-RoleManagement grants Microsoft Graph RoleManagement.ReadWrite.Directory to app alerts",
    ]);
  });

  it("denies an assignment to an app of the stack whose app role ID is unknown and whose API is not one of the stack's", async () => {
    const { app, servicePrincipal, assignment } = newApp("alerts", [graphAccess(ROLE.mailSend)]);
    const opaque = assignment("computed", UNKNOWN_STRING);
    expect(await stackViolations([app, servicePrincipal, opaque])).toEqual([
      {
        message:
          "assignment alerts-graph-computed grants app alerts an app role whose ID is unknown until the update, so whether it is a Microsoft Graph permission the app requests cannot be checked before it is granted. Give appRoleId as a known value (the role's ID from Graph's service principal or the permission catalog).",
        urn: opaque.urn,
      },
    ]);
  });

  it("passes an unknown app role of an API the stack creates itself (not Graph)", async () => {
    const client = newApp("alerts", [graphAccess(ROLE.mailSend)]);
    const api = newApp("orders-api", []);
    const grant = previewResource(
      TYPES.appRoleAssignment,
      "alerts-orders-read",
      {
        appRoleId: UNKNOWN_STRING,
        principalObjectId: UNKNOWN_STRING,
        resourceObjectId: UNKNOWN_STRING,
      },
      { principalObjectId: [client.servicePrincipal], resourceObjectId: [api.servicePrincipal] },
    );
    expect(
      await stackViolations([
        client.app,
        client.servicePrincipal,
        api.app,
        api.servicePrincipal,
        grant,
      ]),
    ).toEqual([]);
  });

  it("leaves alone a grant to a principal outside the stack's apps, even when its ID is unknown", async () => {
    const identity = previewResource(
      "azure-native:managedidentity:UserAssignedIdentity",
      "worker",
      { principalId: UNKNOWN_STRING },
    );
    const grant = previewResource(
      TYPES.appRoleAssignment,
      "worker-graph-RoleManagement",
      {
        appRoleId: ROLE.roleManagement,
        principalObjectId: UNKNOWN_STRING,
        resourceObjectId: GRAPH_SP_OBJECT_ID,
      },
      { principalObjectId: [identity] },
    );
    expect(await stackViolations([identity, grant])).toEqual([]);
  });

  it("still links by value once IDs are known (pulumi up's stack analysis)", async () => {
    const app = previewResource(TYPES.application, "alerts", {
      clientId: "client-1",
      requiredResourceAccesses: [graphAccess(ROLE.mailSend)],
    });
    const servicePrincipal = previewResource(TYPES.servicePrincipal, "alerts", {
      clientId: "client-1",
      objectId: "sp-1",
    });
    const extra = previewResource(TYPES.appRoleAssignment, "alerts-extra", {
      appRoleId: ROLE.roleManagement,
      principalObjectId: "sp-1",
    });
    expect((await stackViolations([app, servicePrincipal, extra])).map((v) => v.urn)).toEqual([
      extra.urn,
    ]);
  });
});
