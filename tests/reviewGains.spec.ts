import * as fs from "fs";
import * as path from "path";
import { AppConfig } from "../program/config/appConfig";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { CHANGE_KINDS } from "../tools/commands/review/changeKinds";
import { mergeProblems, reviewStack } from "../tools/commands/review/stackReview";

const NOW = new Date("2026-11-22");

function apps(appsConfig: Record<string, unknown>): AppConfig[] {
  const result = validateStackConfig({ apps: appsConfig }, NOW);
  expect(result.problems).toEqual([]);
  return result.apps;
}

const graph = (...application: string[]) => ({ "Microsoft Graph": { application } });
const mail = { displayName: "Mail", permissions: graph("Mail.Send") };
const review = (before: AppConfig[], after: AppConfig[]) =>
  reviewStack(before, after, "Pulumi.prod.yaml", "origin/main");
const settingsOf = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  review(apps(before), apps(after)).apps.flatMap((app) => app.settings);

describe("what counts as a privilege gain", () => {
  it("is written in docs/review-and-guardrails.md exactly as the table in changeKinds.ts, row by row", () => {
    const readme = fs.readFileSync(
      path.join(__dirname, "..", "docs", "review-and-guardrails.md"),
      "utf8",
    );
    const start = readme.indexOf("### What counts as a privilege gain");
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf("\n## ", start));
    const rows = section.split("\n").filter((line) => /^\| `[a-z-]+` \|/.test(line));
    expect(rows).toEqual(
      Object.entries(CHANGE_KINDS).map(
        ([kind, { gain, why }]) => `| \`${kind}\` | ${gain ? "**yes**" : "no"} | ${why} |`,
      ),
    );
  });
});

describe("folding one app into another with renamedFrom", () => {
  const base = () =>
    apps({ a: mail, b: { displayName: "B", permissions: graph("Directory.ReadWrite.All") } });
  const head = () =>
    apps({ a: { ...mail, renamedFrom: ["b"], permissions: graph("Directory.ReadWrite.All") } });

  it("compares the app with its own base version (Pulumi matches the URN before aliases) and reports a gain", () => {
    const result = review(base(), head());
    expect(result.privilegeGained).toBe(true);
    expect(result.apps.map((app) => [app.key, app.status])).toEqual([
      ["a", "changed"],
      ["b", "removed"],
    ]);
    expect(result.apps[0].settings).toEqual([
      {
        setting: "renamedFrom",
        description:
          "merges apps.b, which still existed beside it: this registration and its secrets take its permissions",
        gain: true,
      },
    ]);
    expect(result.apps[0].permissions.map((p) => [p.change, p.permission, p.gain])).toEqual([
      ["added", "Directory.ReadWrite.All", true],
      ["removed", "Mail.Send", false],
    ]);
  });

  it("is refused, naming the path and the fix", () => {
    expect(mergeProblems(base(), head(), "Pulumi.prod.yaml at origin/main")).toEqual([
      {
        path: "apps.a.renamedFrom",
        value: "b",
        message:
          "names apps.b, which existed beside apps.a in Pulumi.prod.yaml at origin/main. Pulumi matches a resource by its own name before its aliases, so apps.a keeps apps.a's registration and secrets, apps.b's registration is deleted, and its permissions move onto the kept one. Remove \"b\" from renamedFrom; to give apps.a those permissions, list them under its permissions, where review shows them as added",
      },
    ]);
  });

  it("refuses a second old key too: only the first one found keeps its registration", () => {
    const before = apps({ b: mail, c: { displayName: "C", permissions: graph("User.Read.All") } });
    const after = apps({ a: { ...mail, renamedFrom: ["b", "c"] } });
    expect(mergeProblems(before, after, "base").map((p) => [p.path, p.value])).toEqual([
      ["apps.a.renamedFrom", "c"],
    ]);
    expect(review(before, after).apps.map((app) => [app.key, app.status])).toEqual([
      ["a", "renamed"],
      ["c", "removed"],
    ]);
  });

  it("accepts a plain rename: the old key is gone and the new one did not exist", () => {
    const after = apps({ a: { ...mail, renamedFrom: ["b"] } });
    expect(mergeProblems(apps({ b: mail }), after, "base")).toEqual([]);
    expect(review(apps({ b: mail }), after).privilegeGained).toBe(false);
  });
});

describe("owners", () => {
  const alice = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
  const bob = "4a2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8092";

  it("a new owner is a gain (it can add credentials and act as the app), a removed one is not", () => {
    expect(
      settingsOf({ x: { ...mail, owners: [alice] } }, { x: { ...mail, owners: [bob] } }),
    ).toEqual([
      { setting: "owners", description: `owner added: ${bob}`, gain: true },
      { setting: "owners", description: `owner removed: ${alice}`, gain: false },
    ]);
    expect(
      settingsOf({ x: { ...mail, owners: [alice, bob] } }, { x: { ...mail, owners: [bob] } }),
    ).toEqual([{ setting: "owners", description: `owner removed: ${alice}`, gain: false }]);
  });

  it("an owner written in other letter case is the same owner", () => {
    expect(
      settingsOf(
        { x: { ...mail, owners: [alice] } },
        { x: { ...mail, owners: [alice.toUpperCase()] } },
      ),
    ).toEqual([]);
  });
});

describe("the Key Vault copy of the secret", () => {
  const vault = (vaultName: string, secretName?: string) => ({
    x: {
      ...mail,
      keyVault: { resourceGroupName: "rg", vaultName, ...(secretName ? { secretName } : {}) },
    },
  });
  const moved = (description: string) => [{ setting: "keyVault", description, gain: true }];

  it("moved to another vault or secret name is a gain", () => {
    expect(settingsOf(vault("kv-a"), vault("kv-b"))).toEqual(
      moved(
        "Key Vault copy moved: kv-a/x-client-secret → kv-b/x-client-secret (readable by that vault's secret readers)",
      ),
    );
    expect(settingsOf(vault("kv-a"), vault("kv-a", "shared"))).toEqual(
      moved(
        "Key Vault copy moved: kv-a/x-client-secret → kv-a/shared (readable by that vault's secret readers)",
      ),
    );
  });

  it("names that differ only in case are the same secret; removing the copy is not a gain", () => {
    expect(settingsOf(vault("kv-a"), vault("KV-A"))).toEqual([]);
    expect(settingsOf(vault("kv-a"), { x: mail })).toEqual([
      {
        setting: "keyVault",
        description: "Key Vault copy removed (was kv-a/x-client-secret)",
        gain: false,
      },
    ]);
  });
});

describe("federated credentials", () => {
  const ci = (credential: Record<string, unknown>, name = "main") => ({
    x: { ...mail, federatedCredentials: { [name]: credential } },
  });
  const production = { github: { repository: "contoso/infra", environment: "production" } };

  it("an audience change is reported and is a gain", () => {
    expect(settingsOf(ci(production), ci({ ...production, audiences: ["api://other"] }))).toEqual([
      {
        setting: "federatedCredentials",
        description: "federated credential main audience api://AzureADTokenExchange → api://other",
        gain: true,
      },
    ]);
  });

  it("a changed subject or issuer under the same name is a gain", () => {
    const staging = { github: { repository: "contoso/infra", environment: "staging" } };
    expect(settingsOf(ci(production), ci(staging))).toEqual([
      {
        setting: "federatedCredentials",
        description:
          "federated credential main now trusts repo:contoso/infra:environment:staging from https://token.actions.githubusercontent.com (was repo:contoso/infra:environment:production from https://token.actions.githubusercontent.com)",
        gain: true,
      },
    ]);
    const explicit = (issuer: string) => ci({ issuer, subject: "svc" });
    expect(settingsOf(explicit("https://a.example"), explicit("https://b.example"))[0].gain).toBe(
      true,
    );
  });

  it("a rename with renamedFrom and the same issuer, subject and audience is not", () => {
    const result = review(
      apps(ci(production, "prod")),
      apps(ci({ ...production, renamedFrom: ["prod"] })),
    );
    expect(result.apps[0].settings).toEqual([
      {
        setting: "federatedCredentials",
        description: "federated credential main renamed from prod",
        gain: false,
      },
    ]);
    expect(result.privilegeGained).toBe(false);
  });
});

describe("new ways in on a new app", () => {
  it("a widened audience, a redirect URI, a certificate and a secret are each a gain", () => {
    const [app] = apps({
      x: {
        ...mail,
        signInAudience: "AzureADMultipleOrgs",
        redirectUris: ["https://x.contoso.com/cb"],
      },
    });
    const withCertificate: AppConfig = {
      ...app,
      certificates: [
        {
          name: "signing",
          pem: "",
          startDate: "2026-01-01T00:00:00Z",
          endDate: "2027-01-01T00:00:00Z",
          thumbprint: "AB12",
        },
      ],
    };
    const result = review([], [withCertificate]);
    expect(result.apps[0].settings).toEqual([
      {
        setting: "signInAudience",
        description:
          "sign-in audience widened: AzureADMyOrg → AzureADMultipleOrgs (accounts of any Entra tenant can sign in)",
        gain: true,
      },
      {
        setting: "redirectUris",
        description: "redirect URI added: https://x.contoso.com/cb",
        gain: true,
      },
      {
        setting: "clientSecret",
        description: "client secret added: rotates every 90 days, each secret valid 180 days",
        gain: true,
      },
      {
        setting: "certificates",
        description: "certificate added: signing (thumbprint AB12, until 2027-01-01)",
        gain: true,
      },
    ]);
    const sameKeyNewName = review(
      [withCertificate],
      [
        {
          ...withCertificate,
          certificates: [{ ...withCertificate.certificates[0], name: "renamed" }],
        },
      ],
    );
    expect(sameKeyNewName.apps).toEqual([]);
  });
});
