import * as fs from "fs";
import * as path from "path";
import { deploySubjects, previewSubjects } from "../bootstrap/githubIdentity";
import { REPO, config } from "./support/bootstrapMocks";

describe("bootstrap config", () => {
  it("derives stable, valid names from the repository when none are given", () => {
    expect(config()).toEqual({
      location: "westeurope",
      githubRepository: REPO,
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
});
