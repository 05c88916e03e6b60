/**
 * `npm run test:engine`: the deploy job's sign-in (issue 25) through the real azuread provider.
 * The job's GitHub token carries the immutable subject (repo:owner@id/repo@id:...); the provider
 * exchanges it as the deploy workflow has it do (ARM_USE_OIDC with the job's token request URL).
 * Bootstrap's deploy identity without the repository's IDs trusts the name-based subject only:
 * refused with AADSTS700213, nothing created. With githubOwnerId and githubRepositoryId it signs
 * in, and pulumi up deploys the dev stack's mail-alerts app. Skips itself without the binaries.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { bootstrapConfig } from "../../bootstrap/bootstrapConfig";
import { deploySubjects } from "../../bootstrap/githubIdentity";
import { MICROSOFT_GRAPH_APP_ID } from "../../components";
import { DEFAULT_AUDIENCE } from "../../program/credentials/federatedCredential";
import { leastPrivilegedDeployerPermissions } from "../../program/permissions/deployerPermissions";
import { EntraEmulator } from "../../tools/tenant/emulator/server";
import { engineSkipMessage, findEngine } from "./engineBinaries";
import { EngineStack, engineSteps, readableOutput } from "./engineStack";
import { REPO, customResources, expectSuccess, runSummary, tenantObjects } from "./exampleStacks";

const TENANT_ID = "11111111-2222-3333-4444-555555555555";
const TODAY = new Date();
const ISSUER = "https://token.actions.githubusercontent.com";
const IMMUTABLE = "repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main";
const REQUEST_TOKEN = `ghs_${randomBytes(18).toString("hex")}`;

/** Bootstrap's deploy subjects for contoso/payments-api, with the repository's IDs or without. */
function bootstrapSubjects(withIds: boolean): Record<string, string> {
  const values: Record<string, string> = {
    location: "westeurope",
    githubRepository: "contoso/payments-api",
    ...(withIds ? { githubOwnerId: "5544123", githubRepositoryId: "821093847" } : {}),
  };
  return deploySubjects(bootstrapConfig((key) => values[key]));
}

/**
 * Pulumi.dev.yaml with its mail-alerts app only; with `owner`, that service principal in
 * defaults.owners, as README "Owners" requires for a deployer holding Application.ReadWrite.OwnedBy.
 */
function devMailAlerts(owner?: string): string {
  const dev = parse(fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  };
  const apps = dev.config["entra-graph-apps:apps"];
  const defaults = dev.config["entra-graph-apps:defaults"] ?? {};
  return stringify({
    config: {
      ...dev.config,
      "entra-graph-apps:defaults": owner ? { ...defaults, owners: [owner] } : defaults,
      "entra-graph-apps:apps": { "mail-alerts": apps["mail-alerts"] },
    },
  });
}

const lookup = findEngine(process.env);
const describeWithEngine = lookup.ok ? describe : describe.skip;
if (!lookup.ok && lookup.missing.length > 0) {
  describe("the deploy job's GitHub sign-in under the real Pulumi engine", () => {
    it.skip(engineSkipMessage(lookup).replace(/\n\s*/g, " "), () => undefined);
  });
}

describeWithEngine("the deploy job's GitHub sign-in through the real azuread provider", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-graph-apps-oidc-"));
  let emulator: EntraEmulator;
  let stack: EngineStack | undefined;
  let initialObjects: ReturnType<typeof tenantObjects>;

  /** A deploy identity as bootstrap makes it: the least privileged Graph roles, `subjects`. */
  function deployIdentity(
    name: string,
    subjects: Record<string, string>,
  ): { appId: string; servicePrincipalId: string } {
    return emulator.asAdministrator((directory) => {
      const app = directory.applications.create({ displayName: name }, name);
      const sp = directory.servicePrincipals.create({ appId: app.appId }, name);
      for (const [credential, subject] of Object.entries(subjects))
        directory.applications.federated.create(
          app.id,
          {
            name: credential,
            issuer: ISSUER,
            subject,
            audiences: [DEFAULT_AUDIENCE],
            description: null,
          },
          credential,
        );
      const graph = directory.servicePrincipals.byAppId(MICROSOFT_GRAPH_APP_ID)!;
      for (const value of leastPrivilegedDeployerPermissions()) {
        const role = graph.appRoles.find((candidate) => candidate.value === value)!;
        directory.consent.assign(graph.id, {
          principalId: sp.id,
          resourceId: graph.id,
          appRoleId: role.id,
        });
      }
      return { appId: app.appId, servicePrincipalId: sp.id };
    });
  }

  beforeAll(async () => {
    emulator = await EntraEmulator.start({
      tenantId: TENANT_ID,
      github: { requestToken: REQUEST_TOKEN, subject: IMMUTABLE },
    });
    const file = path.join(scratch, "Pulumi.dev.yaml");
    fs.writeFileSync(file, devMailAlerts());
    // The deploy job's variables (deploy.yml): OIDC, no secret; the token request URL and
    // token are what GitHub gives a job with `id-token: write`.
    stack = await EngineStack.create("dev", file, {
      path: lookup.ok ? lookup.binaries.path : "",
      provider: {
        ARM_USE_OIDC: "true",
        ARM_OIDC_REQUEST_URL: `${emulator.origin}/github/token?api-version=2.0`,
        ARM_OIDC_REQUEST_TOKEN: REQUEST_TOKEN,
        ARM_TENANT_ID: TENANT_ID,
        ARM_METADATA_HOSTNAME: emulator.metadataHost,
        SSL_CERT_FILE: emulator.caFile,
        NODE_EXTRA_CA_CERTS: emulator.caFile,
      },
    });
    initialObjects = tenantObjects(emulator);
  });

  afterAll(async () => {
    if (stack) {
      process.stdout.write(runSummary([stack]));
      await stack.remove();
    }
    await emulator?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("a name-based deploy identity (bootstrap without the repository's IDs) is refused at Entra's token exchange (400, AADSTS700213): Graph is never reached, nothing is created", async () => {
    const named = bootstrapSubjects(false);
    expect(named["github-main"]).toBe("repo:contoso/payments-api:ref:refs/heads/main");
    const identity = deployIdentity("deploy (name-based)", named);
    stack!.env.ARM_CLIENT_ID = identity.appId;
    stack!.replaceConfig(devMailAlerts(identity.servicePrincipalId));
    const before = tenantObjects(emulator);
    const first = emulator.requests.length;
    const up = await stack!.up({ now: TODAY });
    expect(up.code).not.toBe(0);
    // The provider fetched the job's token and Entra refused the exchange every time; Graph was
    // never reached. The program names the refused sign-in with Entra's own AADSTS line
    // (program/permissions/apiLookupProblem.ts).
    const requests = emulator.requests.slice(first);
    const exchanges = requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token"));
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.map((r) => [r.status, r.form?.client_id])).toEqual(
      exchanges.map(() => [400, identity.appId]),
    );
    expect(requests.filter((r) => r.path.startsWith("/v1.0/"))).toEqual([]);
    expect(readableOutput(up)).toContain(
      `apps.mail-alerts.permissions.Microsoft Graph = "00000003-0000-0000-c000-000000000000": the API's service principal could not be looked up: signing in to the tenant failed (AADSTS700213: No matching federated identity record found for presented assertion subject '${IMMUTABLE}'.`,
    );
    expect(customResources(engineSteps(up), "create")).toEqual([]);
    expect(tenantObjects(emulator)).toEqual(before);
  });

  it("bootstrap's deploy identity with githubOwnerId and githubRepositoryId signs in with the immutable subject; pulumi up deploys, destroy undoes it", async () => {
    const subjects = bootstrapSubjects(true);
    expect(subjects["github-main-immutable"]).toBe(IMMUTABLE);
    const identity = deployIdentity("deploy (immutable)", subjects);
    stack!.env.ARM_CLIENT_ID = identity.appId;
    stack!.replaceConfig(devMailAlerts(identity.servicePrincipalId));
    const before = tenantObjects(emulator);
    const up = await stack!.up({ now: TODAY });
    expectSuccess(up);
    expect(customResources(engineSteps(up), "create")).toContain(
      "azuread:index/application:Application mail-alerts",
    );
    const made = emulator.directory.applications
      .list()
      .filter((app) => app.displayName === "Proxmox Mail Alerts (dev)");
    expect(made).toHaveLength(1);

    expectSuccess(await stack!.destroy());
    expect(tenantObjects(emulator)).toEqual(before);
    expect(before).not.toEqual(initialObjects); // the two deploy identities, made by the test
    for (const run of stack!.runs)
      expect(`${run.stdout}${run.stderr}`.includes(REQUEST_TOKEN)).toBe(false);
  });
});
