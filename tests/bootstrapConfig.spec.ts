import * as fs from "fs";
import * as path from "path";
import {
  bootstrapSubjectWarnings,
  deploySubjects,
  previewSubjects,
} from "../bootstrap/githubIdentity";
import { REPO, config } from "./support/bootstrapMocks";

describe("bootstrap config", () => {
  it("derives stable, valid names from the repository when none are given", () => {
    expect(config()).toEqual({
      location: "westeurope",
      githubRepository: REPO,
      keepNameBasedSubjects: false,
      resourceGroupName: "rg-entra-graph-apps-state",
      storageAccountName: "stentragraphc931f92b",
      stateContainerName: "pulumi-state",
      keyVaultName: "kv-entragraph-c931f92b",
      secretsKeyName: "pulumi-secrets",
      pipelineDisplayName: `entra-graph-apps pipeline (${REPO})`,
      previewDisplayName: `entra-graph-apps preview (${REPO})`,
      productionEnvironment: "production",
      previewEnvironment: "preview",
      softDeleteRetentionDays: 30,
    });
    expect(config().storageAccountName).toBe(
      config({ githubRepository: "Contoso/Entra-Graph-Apps" }).storageAccountName,
    );
    expect(config({ githubRepository: "fabrikam/infra" }).storageAccountName).not.toBe(
      config().storageAccountName,
    );
  });

  it("reports every problem at once, each with its key and the rule", () => {
    expect(() =>
      config({
        location: "",
        githubRepository: "https://github.com/contoso/x",
        storageAccountName: "State_Store",
        softDeleteRetentionDays: "0",
        keyVaultName: "kv--x",
      }),
    ).toThrow(
      [
        "bootstrap config has 5 problems:",
        "  - entra-graph-apps-bootstrap:location is required: the Azure region, e.g. pulumi config set location westeurope",
        '  - entra-graph-apps-bootstrap:githubRepository = "https://github.com/contoso/x": give the repository as org/repo, e.g. contoso/entra-graph-apps',
        '  - entra-graph-apps-bootstrap:storageAccountName = "State_Store": must be 3-24 lowercase letters and digits, unique across Azure',
        '  - entra-graph-apps-bootstrap:keyVaultName = "kv--x": must be 3-24 letters, digits and single dashes, starting with a letter, unique across Azure',
        '  - entra-graph-apps-bootstrap:softDeleteRetentionDays = "0": must be a whole number of days from 1 to 365',
      ].join("\n"),
    );
  });

  it("refuses a preview environment that is the production one: the preview identity must never share its token subject", () => {
    expect(() => config({ previewEnvironment: "Production" })).toThrow(
      'entra-graph-apps-bootstrap:previewEnvironment = "Production": must be the GitHub environment name, without spaces or quotes (the token subject it makes must stay within 600 characters), other than productionEnvironment (the preview identity must not share the deploy identity\'s environment)',
    );
    expect(config({ previewEnvironment: "pr-preview" }).previewEnvironment).toBe("pr-preview");
  });

  it("imports azure-native by subpath only, never the package root", () => {
    const sources = fs
      .readdirSync(path.join(__dirname, "..", "bootstrap"))
      .filter((file) => file.endsWith(".ts"));
    const imports = sources.flatMap((file) =>
      [
        ...fs
          .readFileSync(path.join(__dirname, "..", "bootstrap", file), "utf8")
          .matchAll(/from "(@pulumi\/azure-native[^"]*)"/g),
      ].map((m) => m[1]),
    );
    expect(imports.sort()).toEqual([
      "@pulumi/azure-native/authorization",
      "@pulumi/azure-native/keyvault",
      "@pulumi/azure-native/resources",
      "@pulumi/azure-native/storage",
    ]);
  });
  it("names the environments from config, so a renamed production environment keeps the deploy identity's credential name", () => {
    const custom = config({
      productionEnvironment: "prod-approval",
      previewEnvironment: "pr-preview",
    });
    expect(deploySubjects(custom)).toEqual({
      "github-main": `repo:${REPO}:ref:refs/heads/main`,
      "github-production-environment": `repo:${REPO}:environment:prod-approval`,
    });
    expect(previewSubjects(custom)).toEqual({
      "github-preview-environment": `repo:${REPO}:environment:pr-preview`,
    });
  });

  describe("immutable subjects (githubOwnerId, githubRepositoryId)", () => {
    const IDS = { githubOwnerId: "5544123", githubRepositoryId: "821093847" };
    const OWNER_REPO = REPO.replace("/", "@5544123/");

    it("give each identity GitHub's immutable subjects under -immutable names, and no warning", () => {
      const immutable = config(IDS);
      expect(deploySubjects(immutable)).toEqual({
        "github-main-immutable": `repo:${OWNER_REPO}@821093847:ref:refs/heads/main`,
        "github-production-environment-immutable": `repo:${OWNER_REPO}@821093847:environment:production`,
      });
      expect(previewSubjects(immutable)).toEqual({
        "github-preview-environment-immutable": `repo:${OWNER_REPO}@821093847:environment:preview`,
      });
      expect(bootstrapSubjectWarnings(immutable)).toEqual([]);
    });

    it("keep the name-based credentials beside them during a migration, and say when to drop them", () => {
      const migrating = config({ ...IDS, keepNameBasedSubjects: "true" });
      expect(Object.keys(deploySubjects(migrating))).toEqual([
        "github-main",
        "github-main-immutable",
        "github-production-environment",
        "github-production-environment-immutable",
      ]);
      expect(bootstrapSubjectWarnings(migrating)).toEqual([
        "entra-graph-apps-bootstrap:keepNameBasedSubjects is true: the name-based credentials stay beside the immutable ones. Once a workflow run has signed in with the immutable subject (verify --deployer says which form its token uses), remove keepNameBasedSubjects and run pulumi up again.",
      ]);
    });

    it("warn about name-based subjects without the IDs, saying how to find them", () => {
      expect(bootstrapSubjectWarnings(config())).toEqual([
        `entra-graph-apps-bootstrap: the pipeline identities trust name-based (mutable) GitHub subjects of ${REPO}: if ${REPO} is renamed, transferred or deleted, whoever takes the name gets tokens that match, and a repository created or renamed since 2026-07-15 presents only the immutable subject, which this never matches. Set githubOwnerId and githubRepositoryId (gh api repos/${REPO} --jq '.id, .owner.id' prints the repository ID, then the owner ID); keep the name-based form only for GitHub Enterprise Server.`,
      ]);
    });

    it("refuse one ID without the other, IDs that are not plain positive integers, and keepNameBasedSubjects without IDs", () => {
      expect(() =>
        config({
          githubOwnerId: "5544123",
          githubRepositoryId: "08",
          keepNameBasedSubjects: "yes",
        }),
      ).toThrow(
        [
          "bootstrap config has 2 problems:",
          `  - entra-graph-apps-bootstrap:githubRepositoryId = "08": must be GitHub's numeric ID, a whole number above 0 without leading zeros (gh api repos/${REPO} --jq '.id, .owner.id' prints the repository ID, then the owner ID)`,
          '  - entra-graph-apps-bootstrap:keepNameBasedSubjects = "yes": must be true or false',
        ].join("\n"),
      );
      expect(() => config({ githubRepositoryId: "821093847" })).toThrow(
        `  - entra-graph-apps-bootstrap:githubRepositoryId is set without githubOwnerId: the immutable subject holds both IDs. Set both (gh api repos/${REPO} --jq '.id, .owner.id' prints the repository ID, then the owner ID), or neither for name-based subjects`,
      );
      expect(() => config({ keepNameBasedSubjects: "true" })).toThrow(
        "  - entra-graph-apps-bootstrap:keepNameBasedSubjects is true without githubOwnerId and githubRepositoryId: it keeps the name-based credentials beside immutable ones, so set the IDs too, or remove it",
      );
    });
  });
});
