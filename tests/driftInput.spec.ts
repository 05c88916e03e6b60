import * as fs from "fs";
import * as path from "path";
import { DriftReport } from "../tools/commands/drift/findings";
import { useDriftSession } from "./support/driftRun";

// drift never reports clean on input it could not read: unreadable or empty state, a bad or
// huge export, another tenant; usage mistakes are exit 1, a missing Pulumi CLI exit 7.

const session = useDriftSession();

it("exit 1 without --stack or --state, with both, and with --save-export and --from-export", async () => {
  const live = session.write("live.json", session.live());
  for (const args of [
    ["--from-export", live],
    ["--stack", "dev", "--state", session.stateFile],
    ["--state", session.stateFile, "--from-export", live, "--save-export", "out.json"],
  ]) {
    const run = await session.run(args);
    expect({ args, code: run.code, out: run.out }).toEqual({ args, code: 1, out: "" });
    expect(run.err).toMatch(/^drift: /);
  }
});

it("exit 2 for a state that is not JSON, not a v3 checkpoint, missing, or holds no app", async () => {
  const live = session.write("live.json", session.live());
  const cases: [string, RegExp][] = [
    [
      session.write("state.json", "{ not json"),
      /is not JSON; expected what pulumi stack export prints/,
    ],
    [
      session.write("v2.json", { version: 2, deployment: {} }),
      /\$\.version: only deployment version 3/,
    ],
    [path.join(session.dir, "nowhere.json"), /does not exist/],
    [
      session.write("empty.json", { version: 3, deployment: { resources: [] } }),
      /holds no app registration of this project .* no clean result/,
    ],
  ];
  for (const [state, says] of cases) {
    const run = await session.run(["--state", state, "--from-export", live]);
    expect({ state, code: run.code, out: run.out }).toEqual({ state, code: 2, out: "" });
    expect(run.err).toMatch(says);
  }
});

it("exit 2 for an export that is not a bundle (every problem with its path), too large, or of another tenant", async () => {
  const broken = session.live() as unknown as Record<string, unknown>;
  (broken.applications as { appId: string }[])[0].appId = "not-a-guid";
  delete broken.owners;
  let run = await session.run([
    "--state",
    session.stateFile,
    "--from-export",
    session.write("bad.json", broken),
  ]);
  expect(run.code).toBe(2);
  expect(run.err).toContain("is not an export bundle (Graph v1.0 shapes):");
  expect(run.err).toContain("  - $.applications.0.appId: not a GUID");
  expect(run.err).toContain("  - $.owners:");

  const huge = path.join(session.dir, "huge.json");
  fs.writeFileSync(huge, "");
  fs.truncateSync(huge, 64 * 1024 * 1024 + 1);
  run = await session.run(["--state", session.stateFile, "--from-export", huge]);
  expect(run.code).toBe(2);
  expect(run.err).toBe(
    `drift: ${huge} is 67108865 bytes; an export bundle is at most 67108864 bytes. Export fewer apps: adopt --all --filter <display-name prefix> --save-export, or drift --stack <name> --save-export (it reads only the stack's apps)\n`,
  );

  const elsewhere = { ...session.live(), tenantId: "99999999-8888-4777-8666-555555555555" };
  run = await session.run([
    "--state",
    session.stateFile,
    "--from-export",
    session.write("other.json", elsewhere),
  ]);
  expect(run.code).toBe(2);
  expect(run.err).toMatch(
    /is of tenant 99999999-8888-4777-8666-555555555555, but .* was deployed to tenant 11111111-2222-3333-4444-555555555555/,
  );
});

it("--stack reads the state with pulumi stack export, and exits 7 when the CLI is missing", async () => {
  const live = session.write("live.json", session.live());
  const bin = path.join(session.dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const argsFile = path.join(session.dir, "pulumi-args.txt");
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/bin/sh\necho "$@" > ${argsFile}\ncat ${session.stateFile}\n`,
    { mode: 0o755 },
  );
  let run = await session.run(["--stack", "dev", "--from-export", live, "--format", "json"], {
    env: { PATH: `${bin}:/usr/bin:/bin` },
  });
  expect(run.code).toBe(0);
  expect(fs.readFileSync(argsFile, "utf8").trim()).toBe("stack export --stack dev");
  expect((JSON.parse(run.out) as DriftReport).state).toBe("stack dev");

  run = await session.run(["--stack", "dev", "--from-export", live], {
    env: { PATH: path.join(session.dir, "empty") },
  });
  expect(run.code).toBe(7);
  expect(run.err).toContain(
    "drift: the Pulumi CLI (pulumi) is not on PATH, so the stack's state cannot be read.",
  );
});

it("exit 2 when pulumi stack export fails, with its reason", async () => {
  const bin = path.join(session.dir, "failing-bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    "#!/bin/sh\necho 'error: no stack named dev found' >&2\nexit 255\n",
    { mode: 0o755 },
  );
  const run = await session.run(
    ["--stack", "dev", "--from-export", session.write("live.json", session.live())],
    {
      env: { PATH: `${bin}:/usr/bin:/bin` },
    },
  );
  expect(run.code).toBe(2);
  expect(run.err).toContain(
    "drift: pulumi stack export --stack dev failed (exit 255):\n  error: no stack named dev found",
  );
});
