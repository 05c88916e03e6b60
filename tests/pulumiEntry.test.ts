import { spawnSync } from "child_process";
import * as path from "path";

describe("the program as `pulumi up` loads it", () => {
  it("compiles index.ts through Pulumi's own ts-node registration (type checking on) and runs it", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(__dirname, "support", "loadProgramLikePulumi.js"), "dev"],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      apps: ["mail-alerts", "parts-connector"],
      resources: 11,
    });
  });
});
