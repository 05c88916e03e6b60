import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { main as plan } from "../tools/commands/plan/cli";
import { HostileCase, hostileCases, issue24Cases } from "./hostile/corpus";
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
  it("plan: exit 1, the path and the fix on stderr, no key material anywhere", async () => {
    const { code, output, problem } = await planRefusal({ apps, defaults, path: configPath, says });
    expect(leakedWindow(key, output)).toBeUndefined();
    expect(code).toBe(1);
    expect({ problem, output }).toEqual({ problem: expect.any(String), output });
  });

  it("pulumi up (the program under mocks): refused, nothing registered, no key material in the error", async () => {
    const { error, tenant } = await runProgramExpectingError({ apps, defaults });
    expect(leakedWindow(key, error.message)).toBeUndefined();
    expect(error.message).toContain(`  - ${configPath}`);
    expect(tenant.resources).toEqual([]);
  });
});

// Issue 24's new classes (findings 8, 9 and 12): input that made redaction quadratic or
// did-you-mean unbounded, and secrets in shapes config used to accept and print.
describe.each(issue24Cases())("$name", ({ apps, defaults, path: configPath, says, secret }) => {
  const leaked = (output: string) =>
    secret && secretPieces(secret).find((piece) => output.includes(piece));

  it("plan: exit 1 within seconds, the path and the fix on stderr, no part of a secret", async () => {
    const { code, output, problem } = await planRefusal({ apps, defaults, path: configPath, says });
    expect(leaked(output)).toBeFalsy();
    expect(code).toBe(1);
    expect({ problem, output: output.slice(0, 2000) }).toEqual({
      problem: expect.any(String),
      output: output.slice(0, 2000),
    });
  });

  it("pulumi up (the program under mocks): refused, nothing registered, no part of a secret", async () => {
    const { error, tenant } = await runProgramExpectingError({ apps, defaults });
    expect(leaked(error.message)).toBeFalsy();
    expect(error.message).toContain(`  - ${configPath}`);
    expect(tenant.resources).toEqual([]);
  });
});

/** Runs plan on a stack file holding the case; the problem line naming its path and fix. */
async function planRefusal({ apps, defaults, path: configPath, says }: Omit<HostileCase, "name">) {
  const config = {
    "entra-graph-apps:apps": apps,
    ...(defaults ? { "entra-graph-apps:defaults": defaults } : {}),
  };
  const file = path.join(workDir, `Pulumi.${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, stringify({ config }, { lineWidth: 0 }));
  const io = capturedIo({ cwd: projectDir });
  const code = await plan(["node", "plan", "--config", file], io);
  const problem = io.err
    .join("")
    .split("\n")
    .find((line) => line.startsWith(`  - ${configPath}`) && says.test(line));
  return { code, output: [...io.out, ...io.err].join(""), problem };
}

/** Every 12-character piece of a secret (12 base64 characters are 9 bytes of it). */
function secretPieces(secret: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at + 12 <= secret.length; at += 3) pieces.push(secret.slice(at, at + 12));
  return pieces;
}
