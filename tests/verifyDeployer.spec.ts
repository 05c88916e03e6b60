// verify --deployer reads the environment as the azuread provider does: an OIDC token counts only
// with ARM_USE_OIDC, and ARM_ENVIRONMENT picks the cloud the token comes from.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AuthorityError, authorityHost } from "../tools/commands/verify/authority";
import {
  armCloud,
  armFlag,
  deployerAuthority,
  deployerIdentity,
} from "../tools/commands/verify/deployerIdentity";
import {
  deployerPreflight,
  formatDeployerReport,
} from "../tools/commands/verify/deployerPreflight";
import {
  ALL_DEPLOYER_ROLES,
  DEPLOYER_CLIENT_ID,
  DEPLOYER_ENV,
  DEPLOYER_TENANT_ID,
  deployerTokens,
} from "./support/deployerTokens";

describe("which credential the deployer signs in with", () => {
  it("ignores ARM_OIDC_TOKEN without ARM_USE_OIDC=true, as the provider does, and says so", () => {
    expect(deployerIdentity({ ...DEPLOYER_ENV, ARM_OIDC_TOKEN: "jwt" })).toEqual({
      skip: "ARM_OIDC_TOKEN is set but ARM_USE_OIDC is not true: the azuread provider ignores an OIDC token without it (and signs in some other way, such as the Azure CLI's account). Set ARM_USE_OIDC=true",
    });
    expect(
      deployerIdentity({
        ...DEPLOYER_ENV,
        ARM_OIDC_TOKEN: "jwt",
        ARM_OIDC_TOKEN_FILE_PATH: "/t",
        ARM_USE_OIDC: "false",
      }),
    ).toEqual({
      skip: expect.stringMatching(
        /^ARM_OIDC_TOKEN and ARM_OIDC_TOKEN_FILE_PATH are set but ARM_USE_OIDC is not true/,
      ),
    });
  });

  it("uses ARM_OIDC_TOKEN, then ARM_OIDC_TOKEN_FILE_PATH, once ARM_USE_OIDC is true", async () => {
    const token = deployerIdentity({
      ...DEPLOYER_ENV,
      ARM_USE_OIDC: "true",
      ARM_OIDC_TOKEN: "jwt",
    });
    expect(token).toMatchObject({ source: "ARM_OIDC_TOKEN", credential: { kind: "assertion" } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oidc-"));
    fs.writeFileSync(path.join(dir, "token"), "file-jwt\n");
    const file = deployerIdentity({
      ...DEPLOYER_ENV,
      ARM_USE_OIDC: "1",
      ARM_OIDC_TOKEN_FILE_PATH: path.join(dir, "token"),
    });
    expect(file).toMatchObject({ source: "ARM_OIDC_TOKEN_FILE_PATH" });
    if (!("credential" in file) || file.credential.kind !== "assertion")
      throw new Error("no assertion");
    expect(await file.credential.assertion()).toBe("file-jwt");
    fs.rmSync(dir, { recursive: true });
  });

  it("reads ARM_USE_OIDC as Go's ParseBool does", () => {
    expect(["1", "t", "T", "true", "True", "TRUE"].map(armFlag)).toEqual(Array(6).fill(true));
    expect(["", "yes", "on", "0", "false", " true", undefined].map(armFlag)).toEqual(
      Array(7).fill(false),
    );
  });

  it("prefers a client secret, and says what to set when there is no credential", () => {
    expect(
      deployerIdentity({
        ...DEPLOYER_ENV,
        ARM_CLIENT_SECRET: "s",
        ARM_USE_OIDC: "true",
        ARM_OIDC_TOKEN: "jwt",
      }),
    ).toMatchObject({ source: "ARM_CLIENT_SECRET" });
    expect(deployerIdentity(DEPLOYER_ENV)).toEqual({
      skip: "ARM_CLIENT_ID is set without a credential: set ARM_CLIENT_SECRET, or ARM_USE_OIDC=true with ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or a GitHub Actions job token (id-token: write)",
    });
  });
});

describe("which cloud the token comes from (ARM_ENVIRONMENT)", () => {
  it("maps every name the providers accept to its login host and Graph scope", () => {
    const cloud = (value: string) => {
      const found = armCloud({ ARM_ENVIRONMENT: value })!;
      return `${found.name} ${found.loginOrigin} ${found.graphScope}`;
    };
    expect(["public", "global", "Public"].map(cloud)).toEqual(
      Array(3).fill(
        "public https://login.microsoftonline.com https://graph.microsoft.com/.default",
      ),
    );
    expect(["usgovernment", "usgovernmentl4", "USGovernment"].map(cloud)).toEqual(
      Array(3).fill(
        "usgovernment https://login.microsoftonline.us https://graph.microsoft.us/.default",
      ),
    );
    expect(["usgovernmentl5", "dod"].map(cloud)).toEqual(
      Array(2).fill("dod https://login.microsoftonline.us https://dod-graph.microsoft.us/.default"),
    );
    expect(cloud("china")).toBe(
      "china https://login.chinacloudapi.cn https://microsoftgraph.chinacloudapi.cn/.default",
    );
    expect(armCloud({})).toBeUndefined();
    expect(armCloud({ ARM_ENVIRONMENT: "" })).toBeUndefined();
    expect(() => armCloud({ ARM_ENVIRONMENT: "germany" })).toThrow(AuthorityError);
    expect(() => armCloud({ ARM_ENVIRONMENT: "germany" })).toThrow(
      'verify: ARM_ENVIRONMENT="germany" is not a cloud the providers know; use public, usgovernment or china (azuread also takes global, usgovernmentl4, usgovernmentl5 and dod)',
    );
  });

  it("overrides the default authority, agrees with a matching --authority-host, and refuses a contradicting one", () => {
    const china = { ARM_ENVIRONMENT: "china" };
    expect(deployerAuthority({}, authorityHost()).authority).toEqual(authorityHost());
    expect(deployerAuthority(china, authorityHost()).authority).toEqual({
      origin: "https://login.chinacloudapi.cn",
      graphScope: "https://microsoftgraph.chinacloudapi.cn/.default",
      knownAuthorities: ["login.chinacloudapi.cn"],
    });
    expect(
      deployerAuthority(
        { ARM_ENVIRONMENT: "dod" },
        authorityHost("https://login.microsoftonline.us"),
      ).authority.graphScope,
    ).toBe("https://dod-graph.microsoft.us/.default");
    expect(() =>
      deployerAuthority(china, authorityHost("https://login.microsoftonline.us")),
    ).toThrow(
      "verify: --authority-host https://login.microsoftonline.us contradicts ARM_ENVIRONMENT=china, whose tokens come from https://login.chinacloudapi.cn (where the provider signs in); drop --authority-host or correct ARM_ENVIRONMENT",
    );
  });

  it("asks the cloud's login host for a token scoped to that cloud's Graph, and reports it", async () => {
    const { requests, acquire } = deployerTokens(ALL_DEPLOYER_ROLES);
    const result = await deployerPreflight(
      { ...DEPLOYER_ENV, ARM_CLIENT_SECRET: "s", ARM_ENVIRONMENT: "usgovernment" },
      authorityHost(),
      acquire,
    );
    expect(
      requests.map((request) => [request.authority.origin, request.authority.graphScope]),
    ).toEqual([["https://login.microsoftonline.us", "https://graph.microsoft.us/.default"]]);
    expect(formatDeployerReport(result).split("\n").slice(0, 2)).toEqual([
      `verify --deployer: client ${DEPLOYER_CLIENT_ID} in tenant ${DEPLOYER_TENANT_ID} (credential from ARM_CLIENT_SECRET)`,
      "cloud usgovernment (ARM_ENVIRONMENT): token from https://login.microsoftonline.us, scope https://graph.microsoft.us/.default",
    ]);
  });
});
