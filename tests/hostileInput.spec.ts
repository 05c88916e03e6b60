import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { main as plan } from "../tools/commands/plan/cli";
import { hostileCases } from "./hostile/corpus";
import { keySamples, leakedWindow } from "./hostile/keyMaterial";
import { runProgramExpectingError } from "./support/simulate";

// Private keys pasted into a stack file in every wrong place and shape: each is refused with its
// config path and the fix, nothing is registered, and no part of the key reaches any output.
const keys = keySamples();
const cases = keys.flatMap((key) => hostileCases(key).map((entry) => ({ key, ...entry })));
const projectDir = path.join(__dirname, "..");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

it("covers at least 50 cases, with RSA, EC and Ed25519 keys", () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
  expect(new Set(cases.map((entry) => entry.key.kind))).toEqual(
    new Set(["RSA 2048", "EC P-256", "Ed25519"]),
  );
});

describe.each(cases)("$name", ({ key, apps, defaults, path: configPath, says }) => {
  const config = {
    "entra-graph-apps:apps": apps,
    ...(defaults ? { "entra-graph-apps:defaults": defaults } : {}),
  };

  it("plan: exit 1, the path and the fix on stderr, no key material anywhere", async () => {
    const file = path.join(workDir, `Pulumi.${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(file, stringify({ config }));
    const io = capturedIo({ cwd: projectDir });
    const code = await plan(["node", "plan", "--config", file], io);
    const output = [...io.out, ...io.err].join("");
    expect(leakedWindow(key, output)).toBeUndefined();
    expect(code).toBe(1);
    const problem = io.err
      .join("")
      .split("\n")
      .find((line) => line.startsWith(`  - ${configPath}`) && says.test(line));
    expect({ problem, output }).toEqual({ problem: expect.any(String), output });
  });

  it("pulumi up (the program under mocks): refused, nothing registered, no key material in the error", async () => {
    const { error, tenant } = await runProgramExpectingError({ apps, defaults });
    expect(leakedWindow(key, error.message)).toBeUndefined();
    expect(error.message).toContain(`  - ${configPath}`);
    expect(tenant.resources).toEqual([]);
  });
});
