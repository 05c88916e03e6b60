// What the workflows check before any pulumi command: the stack's secrets provider (never an
// empty passphrase, never a placeholder or foreign vault), and azure-native's subscription
// (tests/pipelineEnvironments.spec.ts checks the GitHub environments' protection).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeProjectFile } from "./support/projectFolder";
import {
  main as stackPreflightMain,
  secretsProviderFindings,
  stackPreflight,
} from "../tools/pipeline/stackPreflight";
import { planStack } from "../tools/commands/plan/planStack";
import { parseStackFile } from "../tools/stack-files/readStackFile";

const NOW = new Date("2026-11-22T00:00:00Z");
const VAULT = "azurekeyvault://kv-entragraph-c931f92b.vault.azure.net/keys/pulumi-secrets";
const AZBLOB = { PULUMI_BACKEND_URL: "azblob://pulumi-state?storage_account=stentragraphc931f92b" };
const errors = (findings: { level: string; message: string }[]) =>
  findings.filter((finding) => finding.level === "error").map((finding) => finding.message);

const stackFile = (header: string, apps = "    a:\n      displayName: A\n") =>
  `${header}config:\n  entra-graph-apps:apps:\n${apps}`;

describe("the secrets provider of a stack the pipeline runs", () => {
  it("accepts bootstrap's Key Vault key with the data key pulumi stack init wrote", () => {
    expect(
      secretsProviderFindings(
        "dev",
        { secretsprovider: VAULT, encryptedkey: "ZXhhbXBsZQ==" },
        { ...AZBLOB, PULUMI_SECRETS_PROVIDER: VAULT.replace("kv-entragraph", "KV-EntraGraph") },
      ),
    ).toEqual([
      { level: "notice", message: `Pulumi.dev.yaml: secrets use the Key Vault key ${VAULT}` },
    ]);
  });

  it("refuses the passphrase provider with an empty or blank passphrase (what a never-set GitHub secret gives)", () => {
    for (const passphrase of [undefined, "", "   "]) {
      expect(
        errors(
          secretsProviderFindings(
            "dev",
            { encryptionsalt: "v1:abc" },
            { ...AZBLOB, PULUMI_CONFIG_PASSPHRASE: passphrase },
          ),
        ),
      ).toEqual([
        expect.stringMatching(
          /^Pulumi\.dev\.yaml uses the passphrase provider and PULUMI_CONFIG_PASSPHRASE is empty.*Pulumi would accept it/,
        ),
      ]);
    }
    expect(
      secretsProviderFindings(
        "dev",
        { secretsprovider: "passphrase", encryptionsalt: "v1:abc" },
        { ...AZBLOB, PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple" },
      ),
    ).toEqual([
      { level: "notice", message: "Pulumi.dev.yaml: secrets use the passphrase provider" },
    ]);
  });

  it("takes a passphrase file instead, when it is not empty", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "passphrase-"));
    const file = path.join(dir, "passphrase");
    fs.writeFileSync(file, "\n");
    const env = { ...AZBLOB, PULUMI_CONFIG_PASSPHRASE_FILE: file };
    expect(errors(secretsProviderFindings("dev", { encryptionsalt: "v1:abc" }, env))).toHaveLength(
      1,
    );
    fs.writeFileSync(file, "a real passphrase\n");
    expect(errors(secretsProviderFindings("dev", { encryptionsalt: "v1:abc" }, env))).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses a stack file that names no provider on a DIY backend: Pulumi would fall back to a passphrase, empty or not", () => {
    expect(errors(secretsProviderFindings("prod", {}, AZBLOB))).toEqual([
      'Pulumi.prod.yaml names no secrets provider. With the backend azblob://pulumi-state?storage_account=stentragraphc931f92b Pulumi would fall back to the passphrase provider and make a new key from PULUMI_CONFIG_PASSPHRASE, even an empty one. Bind the stack to a real key: pulumi stack init prod --secrets-provider "$(pulumi -C bootstrap stack output secretsProvider)" (an existing stack: pulumi stack change-secrets-provider --stack prod "<the same URL>"), then commit Pulumi.prod.yaml',
    ]);
    expect(
      secretsProviderFindings("prod", {}, { PULUMI_BACKEND_URL: "https://api.pulumi.com" }),
    ).toEqual([
      { level: "notice", message: "Pulumi.prod.yaml: secrets use Pulumi Cloud's per-stack key" },
    ]);
  });

  it("refuses a placeholder, a URL that is not a Key Vault key, a missing data key and a vault other than the pipeline's", () => {
    expect(
      errors(
        secretsProviderFindings(
          "dev",
          { secretsprovider: "azurekeyvault://<your-vault>.vault.azure.net/keys/pulumi-secrets" },
          AZBLOB,
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^Pulumi\.dev\.yaml: secretsprovider ".*" is a placeholder, not a key\./,
      ),
    ]);
    expect(
      errors(
        secretsProviderFindings(
          "dev",
          { secretsprovider: "azurekeyvault://kv.example.com/secrets/x" },
          AZBLOB,
        ),
      ),
    ).toEqual([expect.stringMatching(/is not a Key Vault key URL/)]);
    expect(errors(secretsProviderFindings("dev", { secretsprovider: VAULT }, AZBLOB))).toEqual([
      expect.stringMatching(/names the azurekeyvault secrets provider but has no encryptedkey/),
    ]);
    const foreign = "azurekeyvault://kv-someone-else.vault.azure.net/keys/pulumi-secrets";
    expect(
      errors(
        secretsProviderFindings(
          "dev",
          { secretsprovider: foreign, encryptedkey: "ZXhhbXBsZQ==" },
          { ...AZBLOB, PULUMI_SECRETS_PROVIDER: VAULT },
        ),
      ),
    ).toEqual([
      `Pulumi.dev.yaml encrypts its secrets with ${foreign}, but the pipeline's key (repository variable PULUMI_SECRETS_PROVIDER) is ${VAULT}: the pipeline would decrypt with a vault it does not manage. Move the stack to the pipeline's key (pulumi stack change-secrets-provider --stack dev "${VAULT}") or correct the variable`,
    ]);
  });

  it("fails the committed stack files until they are bound to a key: no placeholder in them deploys against a wrong vault", () => {
    for (const stack of ["dev", "prod"]) {
      const text = fs.readFileSync(path.join(__dirname, "..", `Pulumi.${stack}.yaml`), "utf8");
      expect(text).not.toMatch(/^secretsprovider:/m);
      expect(errors(stackPreflight(stack, text, AZBLOB, NOW))).toEqual([
        expect.stringMatching(new RegExp(`^Pulumi\\.${stack}\\.yaml names no secrets provider`)),
      ]);
    }
  });

  it("a stack file bound to Key Vault still plans offline", async () => {
    const text = stackFile(
      `secretsprovider: ${VAULT}\nencryptedkey: ZXhhbXBsZQ==\n`,
      "    alerts:\n      displayName: Alerts\n      permissions:\n        Microsoft Graph:\n          application: [Mail.Send]\n",
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bound-"));
    const file = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(file, text);
    const plan = await planStack(parseStackFile(text, file), NOW);
    expect(plan.apps.map((app) => app.key)).toEqual(["alerts"]);
    expect(stackPreflight("dev", text, { ...AZBLOB, PULUMI_SECRETS_PROVIDER: VAULT }, NOW)).toEqual(
      [{ level: "notice", message: `Pulumi.dev.yaml: secrets use the Key Vault key ${VAULT}` }],
    );
    fs.rmSync(dir, { recursive: true });
  });
});

describe("azure-native's subscription and the backend", () => {
  const bound = `secretsprovider: ${VAULT}\nencryptedkey: ZXhhbXBsZQ==\n`;
  const withVaultCopy = stackFile(
    bound,
    "    alerts:\n      displayName: Alerts\n      keyVault: { resourceGroupName: rg-secrets, vaultName: kv-contoso }\n",
  );

  it("refuses a Key Vault copy with no subscription, and accepts ARM_SUBSCRIPTION_ID or azure-native:subscriptionId", () => {
    expect(errors(stackPreflight("dev", withVaultCopy, AZBLOB, NOW))).toEqual([
      "Pulumi.dev.yaml copies client secrets into Key Vault for alerts (vault kv-contoso); azure-native writes them in a subscription and none is set. Set the repository variable AZURE_SUBSCRIPTION_ID to the vaults' subscription (the workflows pass it as ARM_SUBSCRIPTION_ID), or azure-native:subscriptionId in the stack file",
    ]);
    expect(
      errors(stackPreflight("dev", withVaultCopy, { ...AZBLOB, ARM_SUBSCRIPTION_ID: "" }, NOW)),
    ).toHaveLength(1);
    expect(
      errors(
        stackPreflight(
          "dev",
          withVaultCopy,
          { ...AZBLOB, ARM_SUBSCRIPTION_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
          NOW,
        ),
      ),
    ).toEqual([]);
    const configured = withVaultCopy.replace(
      "config:\n",
      "config:\n  azure-native:subscriptionId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n",
    );
    expect(errors(stackPreflight("dev", configured, AZBLOB, NOW))).toEqual([]);
  });

  it("needs no subscription without a Key Vault copy", () => {
    expect(errors(stackPreflight("dev", stackFile(bound), AZBLOB, NOW))).toEqual([]);
  });

  it("refuses an empty PULUMI_BACKEND_URL without a Pulumi Cloud token", () => {
    expect(
      errors(stackPreflight("dev", stackFile(bound), { PULUMI_BACKEND_URL: "" }, NOW)),
    ).toEqual([
      "PULUMI_BACKEND_URL is empty and there is no PULUMI_ACCESS_TOKEN: set the repository variable PULUMI_BACKEND_URL (bootstrap's githubVariables)",
    ]);
  });

  it("the command prints GitHub annotations and exits 1 on an error, 0 when ready, 2 on usage", () => {
    const output: string[] = [];
    const write = (text: string) => void output.push(text);
    const project = path.join(__dirname, "..");
    expect(stackPreflightMain(["node", "x", "dev"], project, AZBLOB, write, NOW)).toBe(1);
    expect(output.join("")).toMatch(/^::error::Pulumi\.dev\.yaml names no secrets provider/);
    expect(stackPreflightMain(["node", "x"], project, AZBLOB, write, NOW)).toBe(2);
    expect(stackPreflightMain(["node", "x", "nope"], project, AZBLOB, write, NOW)).toBe(2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackFile(bound));
    // No Pulumi.yaml: no project for `pulumi up` to read the stack of.
    expect(stackPreflightMain(["node", "x", "dev"], dir, AZBLOB, write, NOW)).toBe(2);
    expect(output.slice(-2)).toEqual([
      "::error::the stack config cannot be read as Pulumi reads it; nothing was planned or reviewed:\n",
      "::error::- Pulumi.yaml does not exist; run the command in the project folder\n",
    ]);
    writeProjectFile(dir);
    expect(stackPreflightMain(["node", "x", "dev"], dir, AZBLOB, write, NOW)).toBe(0);
    fs.rmSync(dir, { recursive: true });
    expect(output.join("")).not.toContain("ZXhhbXBsZQ==");
  });
});
