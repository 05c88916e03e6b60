import { decodeJwt } from "jose";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { deploySubjects } from "../bootstrap/githubIdentity";
import { EntraEmulator } from "../tools/tenant/emulator/server";
import { config as bootstrapConfig } from "./support/bootstrapMocks";
import { DEPLOYER, GRAPH_APP_ID, TENANT } from "./support/emulatorFixture";
import { httpsJson } from "./support/httpsJson";

// GitHub's immutable subjects against the Entra emulator's token endpoint: GitHub's stand-in
// mints GitHub-shaped tokens, a name-based credential is refused for an immutable-subject token
// with Entra's AADSTS700213 body, and the migration of docs/credentials.md "Migrating to immutable subjects"
// keeps a credential that signs in at every step.

const NAMED = "repo:contoso/payments-api:ref:refs/heads/main";
const IMMUTABLE = "repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main";
const REQUEST_TOKEN = "gh-request-token-immutable";
const ISSUER = "https://token.actions.githubusercontent.com";

describe("GitHub's subject forms at the emulator's token endpoint", () => {
  let emulator: EntraEmulator;
  const clock = new Date("2026-11-22T09:00:00Z");
  const https = (path: string, options: Omit<Parameters<typeof httpsJson>[1], "caFile"> = {}) =>
    httpsJson(`${emulator.origin}${path}`, { caFile: emulator.caFile, ...options });

  beforeAll(async () => {
    emulator = await EntraEmulator.start({
      tenantId: TENANT,
      now: () => clock,
      deployers: [DEPLOYER],
      github: { requestToken: REQUEST_TOKEN, subject: NAMED },
    });
  });
  afterAll(() => emulator.close());

  /** What azure/login does: the job's token for api://AzureADTokenExchange, then the exchange. */
  async function signIn(clientId: string) {
    const minted = await https(
      `/github/token?api-version=2.0&audience=${encodeURIComponent("api://AzureADTokenExchange")}`,
      { token: REQUEST_TOKEN },
    );
    expect(minted.status).toBe(200);
    const answer = await https(`/${TENANT}/oauth2/v2.0/token`, {
      form: {
        client_id: clientId,
        client_assertion: minted.body.value,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        grant_type: "client_credentials",
        scope: `${emulator.origin}/.default`,
      },
    });
    return { status: answer.status, body: answer.body, presented: decodeJwt(minted.body.value) };
  }

  /** An app whose federated credentials are what config builds, added through Graph. */
  async function deployedApp(subjects: Record<string, string>) {
    const token = (
      await https(`/${TENANT}/oauth2/v2.0/token`, {
        form: {
          client_id: DEPLOYER.clientId,
          client_secret: DEPLOYER.secret,
          grant_type: "client_credentials",
          scope: `${emulator.origin}/.default`,
        },
      })
    ).body.access_token;
    const app = emulator.asAdministrator((directory) => {
      const created = directory.applications.create({ displayName: "Deploy" }, "Deploy");
      directory.servicePrincipals.create({ appId: created.appId }, "Deploy");
      return created;
    });
    const fics = `/v1.0/applications/${app.id}/federatedIdentityCredentials`;
    const add = async (name: string, subject: string) => {
      const made = await https(fics, {
        token,
        json: { name, issuer: ISSUER, subject, audiences: ["api://AzureADTokenExchange"] },
      });
      expect(made.status).toBe(201);
      return made.body.id as string;
    };
    const ids: Record<string, string> = {};
    for (const [name, subject] of Object.entries(subjects)) ids[name] = await add(name, subject);
    const remove = async (name: string) =>
      expect((await https(`${fics}/${ids[name]}`, { token, method: "DELETE" })).status).toBe(204);
    return { appId: app.appId, add, remove };
  }

  const subjectsOf = (federatedCredentials: Record<string, unknown>) =>
    Object.fromEntries(
      validateStackConfig(
        { apps: { deploy: { displayName: "Deploy", federatedCredentials } } },
        clock,
      ).apps[0].federatedCredentials.map((f) => [f.name, f.subject]),
    );
  const named = { repository: "contoso/payments-api", branch: "main" };
  const immutable = { ...named, ownerId: 5544123, repositoryId: 821093847 };

  it("mints GitHub-shaped tokens: github.com's issuer, the audience asked for, the subject of the repository's form", async () => {
    emulator.presentGithubSubject(IMMUTABLE);
    const { presented } = await signIn(GRAPH_APP_ID);
    expect(presented).toMatchObject({
      iss: ISSUER,
      aud: "api://AzureADTokenExchange",
      sub: IMMUTABLE,
      repository: "contoso/payments-api",
      repository_id: "821093847",
      repository_owner_id: "5544123",
    });
    expect(presented.exp! - presented.iat!).toBe(300);
  });

  it("refuses an immutable-subject token for a name-based credential with AADSTS700213, then signs in at every step of the migration", async () => {
    // Step 0: today's config, a repository GitHub has not switched.
    emulator.presentGithubSubject(NAMED);
    const app = await deployedApp(subjectsOf({ main: { github: named } }));
    expect((await signIn(app.appId)).status).toBe(200);

    // The repository switched (or was created since 2026-07-15) before the credential was.
    emulator.presentGithubSubject(IMMUTABLE);
    const refused = await signIn(app.appId);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: "invalid_client",
      error_description: `AADSTS700213: No matching federated identity record found for presented assertion subject '${IMMUTABLE}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. Trace ID: 0f6e3a1c-0000-4000-8000-000000000001 Correlation ID: 5b7d9e2f-0000-4000-8000-000000000002 Timestamp: 2026-11-22 09:00:00Z`,
      error_codes: [700213],
      timestamp: "2026-11-22 09:00:00Z",
      trace_id: "0f6e3a1c-0000-4000-8000-000000000001",
      correlation_id: "5b7d9e2f-0000-4000-8000-000000000002",
      error_uri: "https://login.microsoftonline.com/error?code=700213",
    });

    // The migration, from a repository still presenting the name-based subject.
    emulator.presentGithubSubject(NAMED);
    const migrating = await deployedApp(subjectsOf({ main: { github: named } }));
    // 1. Add the immutable credential beside the old one: both forms sign in.
    const step1 = subjectsOf({ main: { github: named }, "main-immutable": { github: immutable } });
    await migrating.add("main-immutable", step1["main-immutable"]);
    expect((await signIn(migrating.appId)).status).toBe(200);
    // 2. Switch GitHub; 3. verify: the immutable token signs in.
    emulator.presentGithubSubject(IMMUTABLE);
    expect((await signIn(migrating.appId)).status).toBe(200);
    // 4. Remove the old credential: the immutable token still signs in, a name-based one no more.
    await migrating.remove("main");
    expect((await signIn(migrating.appId)).status).toBe(200);
    emulator.presentGithubSubject(NAMED);
    expect((await signIn(migrating.appId)).body.error_codes).toEqual([700213]);
  });

  it("signs bootstrap's deploy identity in with the immutable subject its IDs give it", async () => {
    const subjects = deploySubjects(
      bootstrapConfig({
        githubRepository: "contoso/payments-api",
        githubOwnerId: "5544123",
        githubRepositoryId: "821093847",
      }),
    );
    expect(subjects["github-main-immutable"]).toBe(IMMUTABLE);
    const app = await deployedApp(subjects);
    emulator.presentGithubSubject(IMMUTABLE);
    expect((await signIn(app.appId)).status).toBe(200);
  });

  it("tells a subject that differs only in letter case apart (AADSTS7002138)", async () => {
    const app = await deployedApp({ main: IMMUTABLE.replace("contoso@", "Contoso@") });
    emulator.presentGithubSubject(IMMUTABLE);
    const refused = await signIn(app.appId);
    expect(refused.body.error_codes).toEqual([7002138]);
    expect(refused.body.error_description).toContain(
      "The subject matches with case-insensitive comparison, but not with case-sensitive comparison.",
    );
  });
});
