import * as http from "http";
import { AddressInfo } from "net";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/verify/cli";
import { entraFailure } from "../tools/commands/verify/entraErrors";
import { main as tokenSubjectStep } from "../tools/pipeline/githubTokenSubject";

// verify --deployer in GitHub Actions says which subject form the job's token carries, asking a
// local stand-in of GitHub's token endpoint (127.0.0.1) as azure/login asks GitHub: only `sub` is
// read, and the token is never printed.

const REQUEST_TOKEN = "gh-request-token-verify-0001";
const SKIPPED =
  "verify --deployer: skipped: no service principal in the environment (ARM_TENANT_ID and ARM_CLIENT_ID not set). Set ARM_TENANT_ID and ARM_CLIENT_ID with ARM_CLIENT_SECRET, or with ARM_USE_OIDC=true (in GitHub Actions, or with ARM_OIDC_TOKEN). A person signed in with az login needs the Cloud Application Administrator or Privileged Role Administrator role instead, which a token's roles claim does not show";

const jwt = (claims: Record<string, unknown>) =>
  [{ alg: "RS256", typ: "JWT" }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
    .concat("c2lnbmF0dXJl")
    .join(".");

describe("verify --deployer: the subject form of the GitHub Actions token", () => {
  let server: http.Server;
  let origin: string;
  let issued = "";
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const requests: { url: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      requests.push({ url: request.url ?? "", authorization: request.headers.authorization });
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function verifyWith(sub: string | undefined, status = 200) {
    issued = jwt({ iss: "https://token.actions.githubusercontent.com", sub, secret: "s3cr3t" });
    answer = { status, body: status === 200 ? { count: 1, value: issued } : { message: "no" } };
    const io = capturedIo({
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      },
      fetch,
    });
    const code = await main(["node", "verify", "--deployer"], io);
    const stdout = io.out.join("");
    expect(stdout).not.toContain(issued);
    expect(stdout).not.toContain("s3cr3t");
    expect(stdout).not.toContain(REQUEST_TOKEN);
    return { code, lines: stdout.split("\n") };
  }

  it("reports an immutable subject: the repository, its IDs and the runs, asking as azure/login does", async () => {
    const subject = "repo:contoso@5544123/payments-api@821093847:environment:production";
    const { code, lines } = await verifyWith(subject);
    expect(code).toBe(EXIT.ok);
    expect(lines).toEqual([
      SKIPPED,
      "",
      `GitHub Actions token subject: ${subject}`,
      "  form: immutable; repository contoso/payments-api (owner ID 5544123, repository ID 821093847); environment production",
      "  federated credentials for these runs need github: { repository: contoso/payments-api, ownerId: 5544123, repositoryId: 821093847, ... } (issuer https://token.actions.githubusercontent.com); a name-based one never matches (AADSTS700213)",
      "",
    ]);
    expect(requests.at(-1)).toEqual({
      url: "/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange",
      authorization: `bearer ${REQUEST_TOKEN}`,
    });
  });

  it("reports a name-based subject, a customized one, and a token it could not get", async () => {
    expect((await verifyWith("repo:contoso/infra:ref:refs/heads/main")).lines.slice(2, 5)).toEqual([
      "GitHub Actions token subject: repo:contoso/infra:ref:refs/heads/main",
      "  form: name-based (mutable); repository contoso/infra; branch main",
      '  this repository has not switched to immutable subjects: keep the name-based credential until it has (docs/credentials.md "Migrating to immutable subjects")',
    ]);
    const custom =
      "repo:contoso/infra:environment:prod:job_workflow_ref:contoso/t/.github/x.yml@main";
    expect((await verifyWith(custom)).lines.slice(3, 4)).toEqual([
      "  form: a customized subject template (not GitHub's default); federated credentials must match it exactly",
    ]);
    expect((await verifyWith(undefined)).lines[2]).toBe(
      "GitHub Actions token: not read (GitHub's token has no sub claim)",
    );
    expect((await verifyWith("x", 401)).lines[2]).toBe(
      "GitHub Actions token: not read (GitHub Actions did not issue an OIDC token (HTTP 401); does the job have id-token: write?)",
    );
  });

  it("says nothing of a token outside GitHub Actions", async () => {
    const io = capturedIo({ env: {}, fetch });
    expect(await main(["node", "verify", "--deployer"], io)).toBe(EXIT.ok);
    expect(io.out.join("")).toBe(`${SKIPPED}\n`);
  });
});

describe("verify's words for Entra's federated refusals", () => {
  const context = {
    tenantId: "t",
    clientId: "c",
    authorityOrigin: "https://login.microsoftonline.com",
  };

  it("explains AADSTS700213 by GitHub's two subject forms, and 7002138 by letter case", () => {
    expect(entraFailure("700213", undefined, context).explanation).toBe(
      'no federated identity credential of app c has the token\'s subject (Entra names it above, and matches it exactly): GitHub presents the immutable subject repo:OWNER@ID/REPO@ID:... for repositories created, renamed or transferred since 2026-07-15 and those switched by their admins, the name-based one otherwise. Add a credential in the form the token uses (ownerId and repositoryId under github:, docs/credentials.md "GitHub subjects")',
    );
    expect(entraFailure("7002138", undefined, context).explanation).toMatch(
      /^a federated identity credential of app c has the token's subject in other letter case/,
    );
  });
});

describe("the workflows' token-subject step before azure/login", () => {
  it("prints the form of the job's token, never the token, and exits 0 even where there is none", async () => {
    const subject = "repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main";
    const token = jwt({ iss: "https://token.actions.githubusercontent.com", sub: subject });
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ count: 1, value: token }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out: string[] = [];
    try {
      const env = {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      };
      expect(await tokenSubjectStep(env, (text) => void out.push(text))).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(out.join("")).toContain(`GitHub Actions token subject: ${subject}\n`);
    expect(out.join("")).toContain(
      "  form: immutable; repository contoso/payments-api (owner ID 5544123, repository ID 821093847)",
    );
    expect(out.join("")).not.toContain(token);
    const none: string[] = [];
    expect(await tokenSubjectStep({}, (text) => void none.push(text))).toBe(0);
    expect(none).toEqual([
      "GitHub Actions token: not available here (no id-token: write, or not in GitHub Actions)\n",
    ]);
  });
});
