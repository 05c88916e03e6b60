import * as fs from "fs";
import * as path from "path";
import { useDriftSession } from "./support/driftRun";
import { READER, useGraphEmulator } from "./support/graphEmulator";

// drift reading Graph live: the emulator starts from the tenant the stack was deployed to
// (examples/003 through the real program), signs the reader in and answers its reads.

const stack = useDriftSession();
const session = useGraphEmulator(
  (s) => s.entra.asAdministrator((d) => d.seed(stack.deployed.tenant.directory.export())),
  { tenantId: "11111111-2222-3333-4444-555555555555" },
);

/** The emulator's network, clock and waits, for a run that prints into its own io. */
function network(env?: Record<string, string>) {
  const { now, sleep, fetch } = session.io();
  return { env: env ?? session.env(), now, sleep, fetch };
}

it("reads Graph, finds no drift (exit 0), saves the export; then exit 3 for a secret added in the portal", async () => {
  const saved = path.join(stack.dir, "live-export.json");
  const args = ["--state", stack.stateFile, ...session.cloudArgs(), "--format", "text"];
  let run = await stack.run([...args, "--save-export", saved], network());
  expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: "" });
  expect(run.out).toContain(`compared with Microsoft Graph (${session.entra.origin})`);
  expect(run.out).toContain("  no drift");
  expect(JSON.parse(fs.readFileSync(saved, "utf8")).applications).toHaveLength(1);

  const appId = stack.deployed.tenant.directory.applications.list()[0].id;
  session.entra.asAdministrator((d) =>
    d.applications.passwords.add(appId, { displayName: "backdoor" }),
  );
  run = await stack.run(args, network());
  expect(run.code).toBe(3);
  expect(run.out).toMatch(
    /! +outside the code +client secret +backdoor +hint .{3}, ends \d{4}-\d\d-\d\d: not managed by the stack/,
  );
  const printed = run.out + run.err;
  for (const token of session.entra.issuedTokens)
    expect(printed).not.toContain(token.split(".")[2]);
  expect(printed).not.toContain(READER.secret);
});

it("a 403 on one read is exit 2 with the permission named, never a clean result", async () => {
  const noGrants = {
    clientId: "0000aaaa-0000-4000-8000-000000000009",
    secret: "apps-only",
    roles: ["Application.Read.All"],
  };
  session.entra.addDeployer(noGrants);
  const run = await stack.run(
    ["--state", stack.stateFile, ...session.cloudArgs()],
    network(session.env(noGrants)),
  );
  expect(run.code).toBe(2);
  expect(run.out).toBe("");
  expect(run.err).toContain("DelegatedPermissionGrant.Read.All");
});
