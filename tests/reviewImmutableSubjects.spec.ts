import { DeployedChange } from "../tools/commands/review/deployedChanges";
import { reviewDeployments } from "../tools/commands/review/deployedReview";
import { appsOf, configMap, configReview } from "./support/deployedReviewFixtures";

// The migration to GitHub's immutable subjects, step by step as docs/credentials.md "Migrating to immutable
// subjects" shows it, through review: the added credential is still a listed gain, explained as
// the same repository in the immutable form; removing the old one gains nothing.

const NOW = new Date("2026-11-22T09:30:00Z");
const ISSUER = "https://token.actions.githubusercontent.com";
const AUDIENCE = "(audience api://AzureADTokenExchange)";
const NAMED = { repository: "contoso/payments-api", branch: "main" };
const IMMUTABLE = { ...NAMED, ownerId: 5544123, repositoryId: 821093847 };
const OLD = "repo:contoso/payments-api:ref:refs/heads/main";
const NEW = "repo:contoso@5544123/payments-api@821093847:ref:refs/heads/main";

const stack = (federatedCredentials: Record<string, unknown>) =>
  configMap({
    deploy: {
      displayName: "Deploy",
      clientSecret: false,
      permissions: { "Microsoft Graph": { application: ["Application.Read.All"] } },
      federatedCredentials,
    },
  });
const rows = (changes: DeployedChange[]) =>
  changes.map((c) => `${c.resource}: ${c.description} (gain ${c.gain})`);

async function review(before: Record<string, string>, after: Record<string, string>) {
  const config = configReview(appsOf(before, NOW), appsOf(after, NOW));
  const deployed = await reviewDeployments(before, after, "prod", NOW, config);
  return { config, deployed };
}

describe("review of a migration to immutable subjects", () => {
  const step0 = stack({ main: { github: NAMED } });
  const step1 = stack({ main: { github: NAMED }, "main-immutable": { github: IMMUTABLE } });
  const step4 = stack({ "main-immutable": { github: IMMUTABLE } });

  it("step 1 lists the immutable credential as a gain, explained as the same repository", async () => {
    const { config, deployed } = await review(step0, step1);
    expect(config.apps[0].settings).toEqual([
      {
        setting: "federatedCredentials",
        description: `federated credential added: main-immutable: ${NEW} from ${ISSUER} ${AUDIENCE}; the same repository, immutable form of main`,
        gain: true,
      },
    ]);
    expect(config.privilegeGained).toBe(true);
    expect(rows(deployed.changes)).toEqual([
      `deploy-federated-main-immutable: federated credential added: ${NEW} from ${ISSUER} ${AUDIENCE}; the same repository, immutable form of deploy-federated-main (gain true)`,
    ]);
    // The config diff explains the deployed row: nothing is left unexplained.
    expect(deployed.unexplained).toEqual([]);
  });

  it("step 4 removes the name-based credential, which gains nothing", async () => {
    const { config, deployed } = await review(step1, step4);
    expect(config.apps[0].settings).toEqual([
      {
        setting: "federatedCredentials",
        description: `federated credential removed: main: ${OLD} from ${ISSUER} ${AUDIENCE}`,
        gain: false,
      },
    ]);
    expect(config.privilegeGained).toBe(false);
    expect(deployed.changes.map((c) => c.gain)).toEqual([false]);
  });

  it("explains the reverse (a name-based credential beside an immutable one) and an in-place switch", async () => {
    const reverse = await review(step4, step1);
    expect(reverse.config.apps[0].settings.map((s) => s.description)).toEqual([
      `federated credential added: main: ${OLD} from ${ISSUER} ${AUDIENCE}; the same repository, name-based (mutable) form of main-immutable`,
    ]);
    const inPlace = await review(step0, stack({ main: { github: IMMUTABLE } }));
    expect(inPlace.config.apps[0].settings).toEqual([
      {
        setting: "federatedCredentials",
        description: `federated credential main now trusts ${NEW} from ${ISSUER} (was ${OLD} from ${ISSUER}); the same repository, immutable form`,
        gain: true,
      },
    ]);
    expect(rows(inPlace.deployed.changes)).toEqual([
      `deploy-federated-main: now trusts ${NEW} from ${ISSUER} (was ${OLD} from ${ISSUER}); the same repository, immutable form (gain true)`,
    ]);
  });

  it("says nothing of the kind for another repository, other runs or another issuer", async () => {
    const others = {
      repo: { github: { ...IMMUTABLE, repository: "contoso/payments-api2" } },
      runs: { github: { ...IMMUTABLE, branch: "release" } },
      issuer: { issuer: "https://ghes.contoso.com/_services/token", subject: NEW },
    };
    const { config } = await review(step0, stack({ main: { github: NAMED }, ...others }));
    expect(config.apps[0].settings.map((s) => s.description)).toEqual([
      `federated credential added: repo: repo:contoso@5544123/payments-api2@821093847:ref:refs/heads/main from ${ISSUER} ${AUDIENCE}`,
      `federated credential added: runs: repo:contoso@5544123/payments-api@821093847:ref:refs/heads/release from ${ISSUER} ${AUDIENCE}`,
      `federated credential added: issuer: ${NEW} from https://ghes.contoso.com/_services/token ${AUDIENCE}`,
    ]);
  });
});
