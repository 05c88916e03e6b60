import * as path from "path";
import { create } from "ts-node";

/**
 * Each Pulumi project here is loaded by a Pulumi runner that registers ts-node its own way:
 * the nodejs host (cmd/run/run.js) transpiles only when tsconfig says noCheck; the policy pack
 * runner (cmd/run-policy-pack/run.js) always type-checks. The project's tsconfig turns swc on
 * for ts-node, which ts-node accepts only without type checking: a project a runner type-checks
 * must turn it off again, or `pulumi up --policy-pack policy` fails before any policy runs
 * ("Custom transpiler can only be used when transpileOnly is enabled", found by the engine suite).
 */

const root = path.join(__dirname, "..");

describe("ts-node as Pulumi's runners register it", () => {
  it("the policy pack type-checks: its runner's registration is accepted", () => {
    expect(() => create({ cwd: path.join(root, "policy"), typeCheck: true })).not.toThrow();
  });

  it.each(["", "bootstrap"])(
    "the Pulumi program in ./%s transpiles only, as noCheck tells the host",
    (dir) => {
      expect(() => create({ cwd: path.join(root, dir), transpileOnly: true })).not.toThrow();
    },
  );
});
