import { execFile } from "child_process";
import * as path from "path";
import { findOnPath } from "../support/commandPath";
import { integrationPrerequisites, skipMessage } from "./prerequisites";
import { createThrowawayStack, ThrowawayStack } from "./throwawayStack";

const missing = integrationPrerequisites(process.env, (command) =>
  findOnPath(command, process.env.PATH),
);
const describeWithTenant = missing.length === 0 ? describe : describe.skip;

const CLI = path.resolve(__dirname, "..", "..", "tools", "commands", "verify", "cli.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");
const TSCONFIG = path.resolve(__dirname, "..", "..", "tsconfig.json");
/** Consent and new credentials take minutes to replicate; verify retries this long. */
const REPLICATION_WAIT_SECONDS = "600";

/** Runs `npm run verify` as a child process against the throwaway stack's backend. */
function verify(
  throwaway: ThrowawayStack,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", TS_NODE, CLI, ...args],
      {
        cwd: throwaway.programDir,
        env: { ...process.env, ...throwaway.env, TS_NODE_PROJECT: TSCONFIG },
        encoding: "utf8",
        timeout: 15 * 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** One app, secret valid a week, with these Graph application permissions. */
function oneApp(key: string, permissions: string[]): Record<string, unknown> {
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  return {
    [key]: {
      displayName: `entra-graph-apps integration test ${key}`,
      notes: "Throwaway app of tests/integration; destroyed at the end of the run. Safe to delete.",
      permissions: { "Microsoft Graph": { application: permissions } },
      clientSecret: { expiresOn: inAWeek },
    },
  };
}

describeWithTenant(
  "a throwaway stack against a real tenant: up, verify, change, up, destroy",
  () => {
    let throwaway: ThrowawayStack;
    const appKey = `it-${Date.now().toString(36)}`;

    beforeAll(async () => {
      throwaway = await createThrowawayStack(process.env.ARM_TENANT_ID!);
    });

    afterAll(async () => {
      if (!throwaway) return;
      try {
        await throwaway.stack.destroy({ onOutput: (line) => process.stdout.write(line) });
        await throwaway.stack.workspace.removeStack(throwaway.stackName);
      } finally {
        throwaway.removeFiles();
      }
    });

    it("has a deployer allowed to do the work (verify --deployer passes or is skipped)", async () => {
      const { code, stdout } = await verify(throwaway, ["--deployer"]);
      expect({ code, stdout }).toEqual({
        code: 0,
        stdout: expect.stringMatching(/every permission pulumi up needs|skipped/),
      });
    });

    it("creates the app with pulumi up, and verify finds exactly its roles in a real token", async () => {
      throwaway.setApps(oneApp(appKey, ["Organization.Read.All"]));
      const up = await throwaway.stack.up({ onOutput: (line) => process.stdout.write(line) });
      expect(up.summary.result).toBe("succeeded");
      expect(Object.keys(up.outputs.apps.value)).toEqual([appKey]);
      expect(up.outputs.clientSecrets.secret).toBe(true);

      const result = await verify(throwaway, [
        "--stack",
        throwaway.stackName,
        "--wait",
        REPLICATION_WAIT_SECONDS,
        "--retry-interval",
        "20",
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(
          `\\n${appKey} +ok +Organization\\.Read\\.All +Organization\\.Read\\.All +- +- +`,
        ),
      );
    });

    it("re-previews the same config with no changes: what Graph read back matches what was sent", async () => {
      const preview = await throwaway.stack.preview();
      expect(Object.keys(preview.changeSummary).filter((op) => op !== "same")).toEqual([]);
    });

    it("applies a permission change with a second pulumi up, and verify sees the new role", async () => {
      throwaway.setApps(oneApp(appKey, ["Organization.Read.All", "Domain.Read.All"]));
      const preview = await throwaway.stack.preview();
      expect(preview.changeSummary).toMatchObject({ create: 1 });
      const up = await throwaway.stack.up({ onOutput: (line) => process.stdout.write(line) });
      expect(up.summary.resourceChanges).toMatchObject({ create: 1 });

      const result = await verify(throwaway, [
        "--stack",
        throwaway.stackName,
        "--wait",
        REPLICATION_WAIT_SECONDS,
        "--retry-interval",
        "20",
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Domain.Read.All, Organization.Read.All");
    });

    it("rotates a secret at a window change: exactly one password replaced, the previous still listed", async () => {
      const rotating = `${appKey}-r`;
      throwaway.setApps({
        ...oneApp(appKey, ["Organization.Read.All", "Domain.Read.All"]),
        [rotating]: {
          displayName: `entra-graph-apps integration test ${rotating}`,
          notes:
            "Throwaway app of tests/integration; destroyed at the end of the run. Safe to delete.",
          clientSecret: { rotateEveryDays: 7 },
        },
      });
      const created = await throwaway.stack.up({ onOutput: (line) => process.stdout.write(line) });
      expect(created.summary.result).toBe("succeeded");
      const again = await throwaway.stack.preview();
      expect(Object.keys(again.changeSummary).filter((op) => op !== "same")).toEqual([]);

      // The same stack as a run a week later would see it: the next window starts.
      const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
      throwaway.stack.workspace.envVars.ENTRA_GRAPH_APPS_NOW = nextWeek;
      try {
        const rotated = await throwaway.stack.up({
          onOutput: (line) => process.stdout.write(line),
        });
        expect(rotated.summary.resourceChanges).toMatchObject({ replace: 1 });
        const state = await throwaway.stack.exportStack();
        const passwords = (state.deployment.resources ?? []).filter(
          (resource: { type: string; urn: string }) =>
            resource.type === "azuread:index/applicationPassword:ApplicationPassword" &&
            resource.urn.includes(rotating),
        );
        expect(passwords).toHaveLength(2);
      } finally {
        delete throwaway.stack.workspace.envVars.ENTRA_GRAPH_APPS_NOW;
      }
    });

    it("destroys everything it created", async () => {
      const destroy = await throwaway.stack.destroy({
        onOutput: (line) => process.stdout.write(line),
      });
      expect(destroy.summary.result).toBe("succeeded");
      expect(destroy.summary.resourceChanges?.delete).toBeGreaterThan(0);
      expect((await throwaway.stack.exportStack()).deployment.resources ?? []).toEqual([]);
    });
  },
);

if (missing.length > 0) {
  // Shown as the skipped test's name too, so the reason is in every report.
  describe("integration test against a real tenant", () => {
    it.skip(skipMessage(missing).replace(/\n\s*/g, " "), () => undefined);
  });
}
