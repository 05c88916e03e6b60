/**
 * `npm run test:engine`: every stack file of the project (Pulumi.dev.yaml and each
 * examples/NNN/Pulumi.example.yaml) through the real `pulumi` CLI, nodejs language host and
 * azuread provider binaries, against one local Entra emulator: create, no change, a later day,
 * a rotation window change, the policy pack, destroy. Skips itself, saying why, when the
 * binaries are not there (tests/engine/engineBinaries.ts).
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { planStack, PlanResult } from "../../tools/commands/plan/planStack";
import { StackConfigError } from "../../program/stackConfigError";
import { ConfigProblemsError } from "../../program/config/configProblem";
import { DEPLOYER_FULL_ROLES } from "../../tools/tenant/directory/directory";
import { DirectoryExport } from "../../tools/tenant/directory/graphTypes";
import { directoryGuid } from "../../tools/tenant/directory/ids";
import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { readStackFile } from "../../tools/stack-files/readStackFile";
import { engineSkipMessage, findEngine } from "./engineBinaries";
import { EngineStack, engineSteps, jsonResult, readableOutput } from "./engineStack";
import { isoDay, rotationDates, slotsOn } from "./rotationDates";
import {
  REFUSED_FILE,
  REPO,
  STACK_FILES,
  changes,
  customResources,
  expectSuccess,
  policyConfigFor,
  runSummary,
  stackNameFor,
  tenantObjects,
} from "./exampleStacks";

const TENANT_ID = "11111111-2222-3333-4444-555555555555";
const PASSWORD_TYPE = "azuread:index/applicationPassword:ApplicationPassword";
/** One clock for the whole suite, so a run across midnight does not change windows mid-stack. */
const TODAY = new Date();

const lookup = findEngine(process.env);
const describeWithEngine = lookup.ok ? describe : describe.skip;

if (!lookup.ok) {
  if (lookup.missing.length > 0) {
    // Shown as the skipped test's name too, so the reason is in every report.
    describe("the program under the real Pulumi engine, against the local Entra emulator", () => {
      it.skip(engineSkipMessage(lookup).replace(/\n\s*/g, " "), () => undefined);
    });
  } else {
    describe("the engine binaries", () => {
      it("are the versions this project pins", () => {
        throw new Error(engineSkipMessage(lookup));
      });
    });
  }
}

describeWithEngine(
  "the program under the real Pulumi engine and azuread provider, against the local Entra emulator",
  () => {
    const deployer = {
      clientId: directoryGuid(TENANT_ID, "deployer", "engine-test"),
      secret: `eng8Q~${randomBytes(24).toString("base64url").slice(0, 34)}`,
    };
    let emulator: EntraEmulator;
    let initialObjects: Partial<DirectoryExport>;
    const stacks: EngineStack[] = [];

    beforeAll(async () => {
      emulator = await EntraEmulator.start({
        tenantId: TENANT_ID,
        deployers: [
          {
            ...deployer,
            displayName: "engine test deployer",
            roles: [...DEPLOYER_FULL_ROLES, "Application.Read.All"],
          },
        ],
      });
      initialObjects = tenantObjects(emulator);
    });

    afterAll(async () => {
      const log = process.env.ENTRA_ENGINE_REQUEST_LOG;
      if (log && emulator) fs.writeFileSync(log, JSON.stringify(emulator.requests, null, 1));
      await emulator?.close();
      if (stacks.length > 0) process.stdout.write(runSummary(stacks));
    });

    /** A fresh stack of `stackFile` in its own copy of the program and backend. */
    function newStack(stackFile: string): Promise<EngineStack> {
      if (!lookup.ok) throw new Error("unreachable");
      return EngineStack.create(stackNameFor(stackFile), path.join(REPO, stackFile), {
        path: lookup.binaries.path,
        provider: {
          ARM_TENANT_ID: TENANT_ID,
          ARM_CLIENT_ID: deployer.clientId,
          ARM_CLIENT_SECRET: deployer.secret,
          ARM_METADATA_HOSTNAME: emulator.metadataHost,
          SSL_CERT_FILE: emulator.caFile,
          NODE_EXTRA_CA_CERTS: emulator.caFile,
        },
      });
    }

    describe(REFUSED_FILE, () => {
      it("is refused by pulumi preview with the program's config errors, registering nothing", async () => {
        const expected = await planStack(readStackFile(path.join(REPO, REFUSED_FILE)), TODAY).then(
          () => undefined,
          (error: unknown) =>
            error instanceof StackConfigError || error instanceof ConfigProblemsError
              ? error.message
              : undefined,
        );
        expect(expected).toMatch(/^entra-graph-apps: stack config has \d+ problems?/);

        const stack = await newStack(REFUSED_FILE);
        stacks.push(stack);
        const before = tenantObjects(emulator);
        const firstRequest = emulator.requests.length;
        try {
          const preview = await stack.preview([], { now: TODAY });
          expect(preview.code).not.toBe(0);
          const printed = readableOutput(preview);
          for (const line of expected!.split("\n")) expect(printed).toContain(line);
          // Only the stack itself: no app, service principal, grant or password was registered.
          expect(engineSteps(preview).map((step) => step.type)).toEqual(["pulumi:pulumi:Stack"]);
          // Graph was only read (the program's API lookups); the token request is the one POST.
          const writes = emulator.requests
            .slice(firstRequest)
            .filter((r) => r.method !== "GET" && !r.path.endsWith("/oauth2/v2.0/token"));
          expect(writes).toEqual([]);
          expect(tenantObjects(emulator)).toEqual(before);
          expect((await stack.exportState()).resources ?? []).toEqual([]);
        } finally {
          await stack.remove();
        }
      });
    });

    describe.each(STACK_FILES)("%s", (stackFile) => {
      const file = readStackFile(path.join(REPO, stackFile));
      const dates = rotationDates(file, TODAY);
      const policyConfig = policyConfigFor(stackFile);
      let stack: EngineStack;
      let plan: PlanResult;
      let before: Partial<DirectoryExport>;
      let destroyed = false;

      beforeAll(async () => {
        plan = await planStack(file, TODAY);
        before = tenantObjects(emulator);
        stack = await newStack(stackFile);
        stacks.push(stack);
      });

      afterAll(async () => {
        if (!stack) return;
        if (!destroyed) await stack.destroy();
        await stack.remove();
      });

      it("pulumi up creates exactly the resources npm run plan lists", async () => {
        const up = await stack.up({ now: TODAY });
        expectSuccess(up);
        const planned = plan.apps
          .flatMap((app) => app.resources)
          .map((resource) => `${resource.type} ${resource.name}`)
          .sort();
        const steps = engineSteps(up);
        expect(customResources(steps, "create")).toEqual(planned);
        expect(customResources(steps, "create")).toHaveLength(planned.length);
        expect(changes(steps)).toEqual({ create: steps.length });
        expect(jsonResult(up)?.summary?.resourceChanges).toEqual({ create: steps.length });
      });

      it("pulumi preview --expect-no-changes, also with --refresh (what the provider reads back from Graph matches)", async () => {
        const preview = await stack.preview(["--expect-no-changes"], { now: TODAY });
        expectSuccess(preview);
        expect(changes(engineSteps(preview))).toEqual({});
        // Without --refresh the engine only compares the program with its state; with it, every
        // resource is read from the emulator first, as the simulated tenant's model assumes.
        const refreshed = await stack.preview(["--refresh", "--expect-no-changes"], { now: TODAY });
        expectSuccess(refreshed);
        expect(changes(engineSteps(refreshed))).toEqual({});
      });

      it(`pulumi preview --policy-pack policy --policy-pack-config ${policyConfig} passes`, async () => {
        // Plain output: `preview --json` leaves policy violations out (only "preview failed").
        const preview = await stack.pulumi(
          [
            "preview",
            "--expect-no-changes",
            "--policy-pack",
            path.join(stack.programDir, "policy"),
            "--policy-pack-config",
            path.join(stack.programDir, policyConfig),
          ],
          { now: TODAY },
        );
        expectSuccess(preview);
        // ✅ when nothing is found, ⚠️ with advisories only (the examples name no owners), ❌ never.
        expect(preview.stdout).toMatch(/Policies:\n\s+(✅|⚠️) entra-graph-apps-guardrails@/);
        expect(preview.stdout).not.toContain("[mandatory]");
      });

      it(`a later day inside the rotation window (${isoDay(dates.insideWindow)}) changes nothing`, async () => {
        const preview = await stack.preview(["--expect-no-changes"], { now: dates.insideWindow });
        expectSuccess(preview);
        expect(changes(engineSteps(preview))).toEqual({});
      });

      const windowChange = dates.afterWindowChange;
      (windowChange ? it : it.skip)(
        windowChange
          ? `the window change (${isoDay(windowChange)}) replaces exactly one password per rotating app (${dates.rotating.map((app) => `${app.key} every ${app.rotateEveryDays} days`).join(", ")}); the previous one stays valid`
          : "has no rotating client secret: no window change to test",
        async () => {
          const up = await stack.up({ now: windowChange });
          expectSuccess(up);
          const steps = engineSteps(up);
          const expected = dates.rotating
            .map(
              (app) =>
                `${PASSWORD_TYPE} ${app.key}-secret-${slotsOn(app, windowChange!).current.slot}`,
            )
            .sort();
          expect(customResources(steps, "replace")).toEqual(expected);
          expect(changes(steps)).toEqual({
            "create-replacement": expected.length,
            replace: expected.length,
            "delete-replaced": expected.length,
          });
          expect(jsonResult(up)?.summary?.resourceChanges).toMatchObject({
            replace: expected.length,
          });

          for (const app of dates.rotating) {
            const { current, previous } = slotsOn(app, windowChange!);
            const [registration] = emulator.directory.applications
              .list()
              .filter((candidate) => candidate.displayName === app.displayName);
            const ends = registration.passwordCredentials
              .map((password) => new Date(password.endDateTime).toISOString())
              .sort();
            expect({ app: app.key, ends }).toEqual({
              app: app.key,
              ends: [previous.endDate, current.endDate]
                .map((end) => new Date(end).toISOString())
                .sort(),
            });
            // The secret handed out before the change is still valid after it.
            expect(new Date(previous.endDate).getTime()).toBeGreaterThan(windowChange!.getTime());
          }

          const again = await stack.preview(["--expect-no-changes"], { now: windowChange });
          expectSuccess(again);
        },
      );

      it("pulumi destroy leaves the emulator's directory as it was before the stack", async () => {
        const destroy = await stack.destroy();
        destroyed = true;
        expectSuccess(destroy);
        const steps = engineSteps(destroy);
        expect(steps.length).toBeGreaterThan(0);
        expect(changes(steps)).toEqual({ delete: steps.length });
        expect((await stack.exportState()).resources ?? []).toEqual([]);
        expect(tenantObjects(emulator)).toEqual(before);
      });
    });

    it("leaves the directory as it started, and no run printed a secret", () => {
      expect(tenantObjects(emulator)).toEqual(initialObjects);
      const secrets = [
        deployer.secret,
        ...emulator.issuedTokens,
        ...stacks.map((s) => s.passphrase),
      ];
      for (const stack of stacks) {
        for (const run of stack.runs) {
          const printed = `${run.stdout}\n${run.stderr}`;
          const leaked = secrets.filter((secret) => printed.includes(secret)).length;
          const shaped = printed.match(/[A-Za-z0-9_-]{3}8Q~[A-Za-z0-9_.~-]{20,}/g) ?? [];
          expect({ run: run.args.join(" "), leaked, shaped: shaped.length }).toEqual({
            run: run.args.join(" "),
            leaked: 0,
            shaped: 0,
          });
        }
      }
    });
  },
);
