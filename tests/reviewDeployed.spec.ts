import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { capturedIo } from "../tools/commands/commandIo";
import { EXIT, main } from "../tools/commands/review/cli";
import {
  compareDeployments,
  DeployedChange,
  deployedResources,
} from "../tools/commands/review/deployedChanges";
import {
  DeployRefusedError,
  namesValue,
  reviewDeployments,
  withDeployedReview,
} from "../tools/commands/review/deployedReview";
import { reviewJson, reviewMarkdown, reviewText } from "../tools/commands/review/formatReview";
import { SIMULATED_TENANT_ID } from "../tools/tenant/simulatedTenant";
import { appsOf, configMap, configReview } from "./support/deployedReviewFixtures";

const NOW = new Date("2026-11-22T09:30:00Z");
const ATTACKER = "3f2b6c1e-8d4a-4b7e-9c2f-1a5d6e7f8091";
const graph = (...application: string[]) => ({ "Microsoft Graph": { application } });
const PROD = {
  "mail-alerts": { displayName: "Mail Alerts", permissions: graph("Mail.Send") },
  "directory-export": {
    displayName: "Directory Export",
    permissions: graph("Directory.Read.All"),
    clientSecret: { rotateEveryDays: 90 },
  },
};
const rows = (changes: DeployedChange[]) =>
  changes.map((c) => `${c.appKey} ${c.resourceType} ${c.resource}: ${c.description}`);

describe("review by what each side would deploy, where the config-level review is blind", () => {
  // A config-level reader that misses a key (here: it reads apps only, not defaults).
  const base = configMap(PROD);
  const head = configMap(PROD, {
    "entra-graph-apps:defaults": {
      owners: [ATTACKER],
      federatedCredentials: {
        ci: { issuer: "https://token.example", subject: "repo:attacker/pwn:ref:refs/heads/main" },
      },
    },
  });
  const blind = configReview(appsOf(configMap(PROD), NOW), appsOf(configMap(PROD), NOW));

  it("reports the owner and the federated credential on every app, unexplained, and gains privilege (exit 3)", async () => {
    expect(blind.apps).toEqual([]);
    const deployed = await reviewDeployments(base, head, "prod", NOW, blind);
    const expected = ["directory-export", "mail-alerts"].flatMap((app) => [
      `${app} Application ${app}: owner added: ${ATTACKER}`,
      `${app} ServicePrincipal ${app}: owner added: ${ATTACKER}`,
      `${app} ApplicationFederatedIdentityCredential ${app}-federated-ci: federated credential added: repo:attacker/pwn:ref:refs/heads/main from https://token.example (audience api://AzureADTokenExchange)`,
    ]);
    expect(rows(deployed.unexplained)).toEqual(expected);
    expect(deployed.changes).toEqual(deployed.unexplained);
    const reviewed = await withDeployedReview(blind, base, head, "Pulumi.prod.yaml", NOW);
    // review's cli exits 3 when any stack review gained privilege.
    expect(reviewed.privilegeGained).toBe(true);
    const markdown = reviewMarkdown(reviewed).split("\n");
    expect(markdown).toEqual(
      expect.arrayContaining([
        "#### What each side would deploy",
        "> [!CAUTION]",
        `- ⚠️ \`mail-alerts\` · Application \`mail-alerts\` \`owners\`: owner added: ${ATTACKER}`,
      ]),
    );
    expect(reviewText(reviewed, false)).toContain(
      `  DEPLOYED BUT NOT EXPLAINED BY THE CONFIG DIFF (6):\n  ! directory-export · Application directory-export owners: owner added: ${ATTACKER}\n  ! directory-export · ServicePrincipal directory-export owners: owner added: ${ATTACKER}`,
    );
    expect(JSON.parse(reviewJson([reviewed])).privilegeGained).toBe(true);
  });

  it("finds nothing unexplained when the config review reads the key too", async () => {
    const review = configReview(appsOf(base, NOW), appsOf(head, NOW));
    expect(review.privilegeGained).toBe(true);
    expect((await reviewDeployments(base, head, "prod", NOW, review)).unexplained).toEqual([]);
  });
});

describe("what explains a deployed gain", () => {
  it("is a config change naming the same value, not one whose value only starts with it", async () => {
    const cb = "https://app.contoso.com/cb";
    const app = (redirectUris: string[]) => ({ x: { ...PROD["mail-alerts"], redirectUris } });
    // The config reader saw only cb2; the head deploys cb as well.
    const seen = configReview(
      appsOf(configMap(app([])), NOW),
      appsOf(configMap(app([`${cb}2`])), NOW),
    );
    const deployed = await reviewDeployments(
      configMap(app([])),
      configMap(app([cb, `${cb}2`])),
      "prod",
      NOW,
      seen,
    );
    expect(rows(deployed.unexplained)).toEqual([`x Application x: redirect URI added: ${cb}`]);
  });

  it("names a value whole: after a space or (, before a space, a comma, ) or the end", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((v) => !/[\s,()]/.test(v)),
        fc.string({ minLength: 1 }).filter((v) => !/^[\s,)]/.test(v)),
        (value, more) => {
          expect(namesValue(`owner added: ${value}`, value)).toBe(true);
          expect(namesValue(`scope added: roles on ${value}, other`, value)).toBe(true);
          expect(namesValue(`(audience ${value})`, value)).toBe(true);
          expect(namesValue(`owner added: ${value}${more}`, value)).toBe(false);
          expect(namesValue(`owner added: x${value}`, value)).toBe(false);
        },
      ),
    );
  });
});

describe("npm run review, end to end", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-deployed-"));
  const write = (name: string, apps: Record<string, unknown>) => {
    const file = path.join(dir, name);
    const config = { "azuread:tenantId": SIMULATED_TENANT_ID, "entra-graph-apps:apps": apps };
    fs.writeFileSync(file, stringify({ config }));
    return file;
  };
  async function review(before: string, after: string, format = "text") {
    const io = capturedIo({ cwd: dir, env: { PATH: process.env.PATH } });
    const args = ["--before", before, "--after", after, "--now", "2026-11-22", "--format", format];
    const code = await main(["node", "review", ...args], io);
    return { code, stdout: io.out.join(""), stderr: io.err.join("") };
  }
  const vault = (resourceGroupName: string) => ({
    "mail-alerts": {
      ...PROD["mail-alerts"],
      keyVault: { resourceGroupName, vaultName: "kv-prod", secretName: "mail" },
    },
  });

  it("exits 3 for a Key Vault copy moved to another resource group, which the config diff does not compare", async () => {
    const run = await review(write("a.yaml", vault("rg-one")), write("b.yaml", vault("rg-two")));
    expect(run.code).toBe(EXIT.privilegeGained);
    expect(run.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "  no app registration changes",
        "  ! mail-alerts · Secret mail-alerts-vault-copy: client secret copied to rg-two/kv-prod/mail (was rg-one/kv-prod/mail)",
      ]),
    );
  });

  it("never prints a client secret, in any format", async () => {
    const before = write("c.yaml", PROD);
    const after = write("d.yaml", vault("rg-one"));
    for (const format of ["text", "markdown", "json"]) {
      const run = await review(before, after, format);
      expect(run.code).toBe(EXIT.privilegeGained);
      // Simulated client secrets have the shape of real ones: three characters, then 8Q~.
      expect(run.stdout).not.toMatch(/8Q~/);
    }
    const json = JSON.parse((await review(before, after, "json")).stdout);
    const copy = json.stacks[0].deployed.changes.find(
      (c: DeployedChange) => c.kind === "key-vault-copy-added",
    );
    expect(copy).toMatchObject({ appKey: "mail-alerts", gain: true, after: "rg-one/kv-prod/mail" });
  });

  it("exits 1 when the program refuses the head; says so when it refuses the base", async () => {
    const bad = { x: { displayName: "X", permissions: graph("No.Such.Permission") } };
    const good = { x: { displayName: "X", permissions: graph("Mail.Send") } };
    const review = configReview([], appsOf(configMap(good), NOW));
    await expect(
      reviewDeployments(configMap(good), configMap(bad), "prod", NOW, review),
    ).rejects.toThrow(DeployRefusedError);
    const fromBroken = await reviewDeployments(
      configMap(bad),
      configMap(good),
      "prod",
      NOW,
      review,
    );
    expect(fromBroken.changes).toEqual([]);
    expect(fromBroken.baseRefused).toContain("apps.x.permissions.Microsoft Graph.application");
  });
});

describe("matching resources as the engine does", () => {
  const deploy = (apps: Record<string, unknown>) => deployedResources(configMap(apps), "prod", NOW);

  it("keeps an app renamed with renamedFrom: its resources continue by alias, a new mailbox is the one change", async () => {
    const app = (mailboxes: string[]) => ({
      displayName: "Mail",
      exchange: { mailboxes, roles: ["Application Mail.Send"] },
    });
    const before = await deploy({ old: app(["a@contoso.com"]) });
    const after = await deploy({
      new: { ...app(["a@contoso.com", "b@contoso.com"]), renamedFrom: ["old"] },
    });
    expect(rows(compareDeployments(before, after))).toEqual([
      "new exchangeScopeScript new: Exchange mailbox added: b@contoso.com",
    ]);
  });

  it("calls a certificate kept under a new name no gain, and a new key a gain", async () => {
    const { certificatesAndDay } = await import("./support/deployedReviewFixtures");
    const { certificates, now } = certificatesAndDay();
    const run = (certs: Record<string, string>) =>
      deployedResources(
        configMap({
          x: {
            displayName: "X",
            clientSecret: false,
            certificates: Object.fromEntries(Object.entries(certs).map(([n, pem]) => [n, { pem }])),
          },
        }),
        "prod",
        now,
      );
    const one = await run({ signing: certificates[0] });
    const kinds = async (certs: Record<string, string>) =>
      compareDeployments(one, await run(certs)).map((c) => `${c.kind} ${c.resource}`);
    expect(await kinds({ renamed: certificates[0] })).toEqual([
      "certificate-renamed x-cert-renamed",
      "resource-removed x-cert-signing",
    ]);
    expect(await kinds({ signing: certificates[1] })).toEqual(["certificate-added x-cert-signing"]);
  });
});
