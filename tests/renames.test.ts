import { oneApp, runProgram } from "./support/simulate";

/**
 * The alias specs each resource registration carries, read off the requests Pulumi's mock monitor
 * receives (the mocks interface itself never sees aliases).
 */
function recordAliasSpecs(): {
  records: { type: string; name: string; aliases: string[] }[];
  restore: () => void;
} {
  const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
  const original = MockMonitor.prototype.registerResource;
  const records: { type: string; name: string; aliases: string[] }[] = [];
  MockMonitor.prototype.registerResource = function (req: any, callback: unknown) {
    records.push({
      type: req.getType(),
      name: req.getName(),
      aliases: req
        .getAliasesList()
        .map((alias: any) => alias.getSpec()?.getName() ?? alias.getUrn()),
    });
    return original.call(this, req, callback);
  };
  return { records, restore: () => (MockMonitor.prototype.registerResource = original) };
}

describe("renaming an app key", () => {
  it("keeps the app's resources: the app's component carries an alias to each previous key", async () => {
    const recorder = recordAliasSpecs();
    try {
      await runProgram(
        oneApp("server-alerts", {
          displayName: "Alerts",
          renamedFrom: ["mail-alerts", "alerts"],
          permissions: { "Microsoft Graph": { application: ["Mail.Send"] } },
        }),
      );
    } finally {
      recorder.restore();
    }
    expect(recorder.records.find((r) => r.type === "entra-graph-apps:apps:GraphApp")).toEqual({
      type: "entra-graph-apps:apps:GraphApp",
      name: "server-alerts",
      aliases: ["mail-alerts", "alerts"],
    });
    // Every child is named from the app key, so Pulumi derives each child's old name from the
    // parent's alias ("mail-alerts-graph-Mail.Send" for "server-alerts-graph-Mail.Send").
    const children = recorder.records.filter((r) => r.type !== "entra-graph-apps:apps:GraphApp");
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((r) => r.name.startsWith("server-alerts"))).toBe(true);
  });

  it("registers no alias for an app that was never renamed", async () => {
    const recorder = recordAliasSpecs();
    try {
      await runProgram(oneApp("plain", { displayName: "Plain" }));
    } finally {
      recorder.restore();
    }
    expect(recorder.records.every((r) => r.aliases.length === 0)).toBe(true);
  });
});
