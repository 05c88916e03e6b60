// verify's network: MSAL's client over a fetch function answers as MSAL's own client does, and
// the tests' trusting fetch verifies the emulator's certificate for real (the global fetch of
// this process, without NODE_EXTRA_CA_CERTS, does not trust it).
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import { ConfidentialClientApplication, INetworkModule } from "@azure/msal-node";
import { EXIT } from "../tools/commands/verify/cli";
import { fetchNetworkModule } from "../tools/commands/verify/fetchNetworkModule";
import { makeCertificate } from "./support/testCertificates";
import { trustingFetch } from "./support/trustingFetch";
import { connects, TENANT, useVerifyEmulator } from "./support/verifyEmulator";

/** MSAL's own network client (its HttpClient over the global fetch), as configured by default. */
function msalOwnClient(): INetworkModule {
  const app = new ConfidentialClientApplication({ auth: { clientId: "c", clientSecret: "s" } });
  return (app as unknown as { config: { system: { networkClient: INetworkModule } } }).config.system
    .networkClient;
}

describe("MSAL's network client over a fetch function", () => {
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      response.sendDate = false;
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const reply = (status: number, body: string) => {
          response.writeHead(status, {
            "Content-Type": "application/json",
            "X-Ms-Request-Id": "r1",
          });
          response.end(body);
        };
        if (request.url === "/error") return reply(400, '{"error":"invalid_client"}');
        if (request.url === "/text") return reply(200, "not json");
        if (request.url === "/slow") return void setTimeout(() => reply(200, "{}"), 200);
        const echo = { method: request.method, headers: request.headers };
        reply(200, JSON.stringify({ ...echo, body: Buffer.concat(chunks).toString("utf8") }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends and answers exactly as MSAL's own client: headers, body, status, parsed JSON", async () => {
    const ours = fetchNetworkModule(fetch);
    const msal = msalOwnClient();
    const headers = { "Content-Type": "application/x-www-form-urlencoded;charset=utf-8" };
    const calls = [
      (client: INetworkModule) =>
        client.sendGetRequestAsync(`${origin}/echo?x=1`, { headers: { "x-client-SKU": "a" } }),
      (client: INetworkModule) =>
        client.sendPostRequestAsync(`${origin}/echo`, { headers, body: "grant_type=x&scope=y" }),
      (client: INetworkModule) => client.sendPostRequestAsync(`${origin}/echo`),
      (client: INetworkModule) => client.sendGetRequestAsync(`${origin}/error`),
    ];
    for (const call of calls) expect(await call(ours)).toEqual(await call(msal));
    expect(await calls[2](ours)).toMatchObject({
      status: 200,
      headers: { "content-type": "application/json", "x-ms-request-id": "r1" },
      body: { method: "POST", body: "", headers: { "content-length": "0" } },
    });
    expect(await calls[3](ours)).toMatchObject({ status: 400, body: { error: "invalid_client" } });
  });

  // Compared with MSAL's messages, not its client run here: in Jest's sandbox, errors made by the
  // global fetch are not `instanceof Error`, so MSAL's own client would say "unknown".
  it("fails as MSAL's own client does: timeouts, unreachable hosts, bodies that are not JSON", async () => {
    const ours = fetchNetworkModule(fetch);
    await expect(ours.sendGetRequestAsync(`${origin}/slow`, {}, 20)).rejects.toMatchObject({
      name: "AuthError",
      errorCode: "network_error",
      errorMessage: "Request timeout",
    });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(connects(port)).resolves.toBe(false);
    await expect(
      ours.sendPostRequestAsync(`http://127.0.0.1:${port}/token`, { body: "a=b" }),
    ).rejects.toMatchObject({
      errorCode: "network_error",
      errorMessage:
        "Network request failed: fetch failed, additionalErrorInfo: error.name:TypeError, error.message:fetch failed",
    });
    await expect(ours.sendGetRequestAsync(`${origin}/text`)).rejects.toMatchObject({
      errorCode: "token_parsing_error",
      errorMessage: expect.stringMatching(/^Failed to parse response: Unexpected token/),
    });
  });
});

describe("the tests' trusting fetch", () => {
  const session = useVerifyEmulator();
  const metadata = () => `${session.entra.origin}/${TENANT}/v2.0/.well-known/openid-configuration`;
  const ca = () => fs.readFileSync(session.entra.caFile, "utf8");

  it("trusts the emulator's certificate only when given it, checking it for real", async () => {
    const answer = await trustingFetch(ca())(metadata());
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      token_endpoint: `${session.entra.origin}/${TENANT}/oauth2/v2.0/token`,
    });
    const stranger = makeCertificate(1, "/CN=stranger", "IP:127.0.0.1", undefined, "ecdsa");
    for (const untrusting of [fetch, trustingFetch(), trustingFetch(stranger.certificatePem)]) {
      const error = await untrusting(metadata()).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        name: "TypeError",
        message: "fetch failed",
        cause: { code: "DEPTH_ZERO_SELF_SIGNED_CERT" },
      });
    }
    fs.rmSync(stranger.dir, { recursive: true });
  });

  it("rejects with the signal's reason once aborted", async () => {
    const reason = new Error("stop");
    await expect(
      trustingFetch(ca())(metadata(), { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });

  it("is the only reason an in-process run signs in: with this process's fetch, TLS fails", async () => {
    const mail = session.app({ roles: ["Mail.Send"] });
    const env = { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: mail.clientId };
    const args = ["--from-env", "--authority-host", session.entra.origin, "--expect", "Mail.Send"];
    const trusted = await session.run(args, { ...env, GRAPH_CLIENT_SECRET: mail.secret });
    expect(trusted.code).toBe(EXIT.ok);
    const untrusted = await session.run(
      args,
      { ...env, GRAPH_CLIENT_SECRET: mail.secret },
      { fetch },
    );
    expect(untrusted.code).toBe(EXIT.authFailed);
    expect(untrusted.stdout).toContain(
      `: authentication failed: could not reach ${metadata()}: self-signed certificate\n`,
    );
    session.expectNothingLeaked(2);
  });
});
