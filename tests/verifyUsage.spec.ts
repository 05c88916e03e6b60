// npm run verify's usage errors, in-process: no network, no emulator.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { main, EXIT } from "../tools/commands/verify/cli";
import { NOW, stackConfig } from "./support/verifyFixtures";
import { writeProjectFile } from "./support/projectFolder";

describe("npm run verify: usage (in-process)", () => {
  async function run(args: string[], projectDir = process.cwd()) {
    const io = capturedIo({ cwd: projectDir, env: {} });
    return { code: await main(["node", "verify", ...args], io), stderr: io.err.join("") };
  }

  it("exits 1 with one line saying what to give", async () => {
    expect(await run([])).toEqual({
      code: EXIT.usage,
      stderr:
        "verify: give one of --stack <name> (with --outputs <file> or --config <file> if needed), --from-env, or --deployer\n",
    });
    // --deployer may name its stack, but reads no outputs.
    expect(await run(["--deployer", "--outputs", "o.json"])).toMatchObject({ code: EXIT.usage });
    expect(await run(["--stack", "dev", "--expect", "Mail.Send"])).toEqual({
      code: EXIT.usage,
      stderr:
        "verify: --expect goes with --from-env; with --stack the config says what to expect\n",
    });
    expect(await run(["--from-env"])).toEqual({
      code: EXIT.usage,
      stderr:
        "verify --from-env: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (the app's tenant ID, client ID and client secret)\n",
    });
    expect(await run(["--stack", "nope"], os.tmpdir())).toEqual({
      code: EXIT.usage,
      stderr:
        "the stack config cannot be read as Pulumi reads it; nothing was planned or reviewed:\n  - Pulumi.yaml does not exist; run the command in the project folder\n",
    });
    expect((await run(["--from-env", "--wait", "soon"])).code).toBe(EXIT.usage);
  });

  it("exits 2 when the outputs file cannot be read, naming it as given", async () => {
    const dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "verify-outputs-")));
    fs.writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      stringify({ config: { "entra-graph-apps:apps": stackConfig } }),
    );
    expect(await run(["--stack", "dev", "--outputs", "missing.json", "--now", NOW], dir)).toEqual({
      code: EXIT.readError,
      stderr:
        "verify: cannot read missing.json: does not exist; save the outputs with `pulumi stack output --json --show-secrets --stack dev > missing.json`\n",
    });
  });

  it("exits 1 with the program's own messages when the stack config is invalid", async () => {
    const dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "verify-config-")));
    fs.writeFileSync(
      path.join(dir, "Pulumi.bad.yaml"),
      stringify({
        config: {
          "entra-graph-apps:apps": {
            a: {
              displayName: "A",
              permissions: { "Microsoft Graph": { application: ["Mail.Sendd"] } },
            },
          },
        },
      }),
    );
    fs.writeFileSync(path.join(dir, "outputs.json"), "{}");
    const { code, stderr } = await run(
      ["--stack", "bad", "--outputs", "outputs.json", "--now", NOW],
      dir,
    );
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(
      '  - apps.a.permissions.Microsoft Graph.application = "Mail.Sendd": is not an application permission of Microsoft Graph. Did you mean "Mail.Send"',
    );
  });
});
