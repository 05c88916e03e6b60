// components/ as a library another Pulumi program installs: it imports nothing else from this
// repository, its package entries resolve, and the main entry never loads @pulumi/azure-native.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { MICROSOFT_GRAPH_APP_ID } from "../components";
import { MICROSOFT_GRAPH_APP_ID as PROGRAM_GRAPH_APP_ID } from "../program/permissions/wellKnownApis";

const ROOT = path.join(__dirname, "..");
const COMPONENTS = path.join(ROOT, "components");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

const sources = () => fs.readdirSync(COMPONENTS).filter((file) => file.endsWith(".ts"));

/** Every module a file imports (import, export from, import(), require), as written. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(COMPONENTS, file), "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
}

describe("the components library", () => {
  it("imports nothing from the repository outside components/, and only packages it depends on", () => {
    const outside: string[] = [];
    const packages = new Set<string>();
    for (const file of sources()) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith(".")) {
          const target = path.resolve(COMPONENTS, specifier);
          if (path.dirname(target) !== COMPONENTS) outside.push(`${file} → ${specifier}`);
        } else {
          packages.add(specifier.split("/").slice(0, 2).join("/"));
        }
      }
    }
    expect(outside).toEqual([]);
    expect([...packages].sort()).toEqual([
      "@pulumi/azure-native",
      "@pulumi/azuread",
      "@pulumi/pulumi",
    ]);
    for (const name of packages) expect(PACKAGE.dependencies[name]).toBeDefined();
  });

  it("declares package entries for the components and the Key Vault copy, built from components/", () => {
    expect(PACKAGE.exports).toEqual({
      "./components": {
        types: "./dist/components/index.d.ts",
        default: "./dist/components/index.js",
      },
      "./components/key-vault": {
        types: "./dist/components/keyVault.d.ts",
        default: "./dist/components/keyVault.js",
      },
      "./package.json": "./package.json",
    });
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.components.json"), "utf8"));
    expect(build.compilerOptions).toMatchObject({
      rootDir: "components",
      outDir: "dist/components",
      declaration: true,
    });
    expect(PACKAGE.scripts.prepack).toBe("npm run build:components");
  });

  it("documents every args field, with a @default for each optional one", () => {
    const barrel = fs.readFileSync(path.join(COMPONENTS, "index.ts"), "utf8");
    const exported = new Set([...barrel.matchAll(/\b([A-Z]\w+)\b/g)].map((m) => m[1]));
    const undocumented: string[] = [];
    const interfaces: string[] = [];
    for (const file of sources()) {
      const source = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(COMPONENTS, file), "utf8"),
        ts.ScriptTarget.ES2022,
        true,
      );
      for (const node of source.statements) {
        // CredentialSummary is an output: its optional fields have no default to state.
        if (!ts.isInterfaceDeclaration(node) || !exported.has(node.name.text)) continue;
        if (node.name.text === "CredentialSummary") continue;
        interfaces.push(node.name.text);
        for (const member of node.members.filter(ts.isPropertySignature)) {
          const field = `${node.name.text}.${member.name.getText(source)}`;
          const docs = ts.getJSDocCommentsAndTags(member);
          if (docs.length === 0) undocumented.push(`${field}: no JSDoc`);
          else if (
            member.questionToken &&
            !ts.getJSDocTags(member).some((t) => t.tagName.text === "default")
          )
            undocumented.push(`${field}: optional without @default`);
        }
      }
    }
    expect(interfaces.sort()).toEqual([
      "AdminConsentArgs",
      "AdminConsentExistingObjects",
      "AppRegistrationArgs",
      "AppRegistrationExistingObjects",
      "CertificateCredentialArgs",
      "ClientSecretArgs",
      "ClientSecretSchedule",
      "ClientSecretSlot",
      "FederatedCredentialArgs",
      "GraphAppApiPermissions",
      "GraphAppArgs",
      "GraphAppExistingObjects",
      "GraphAppPermission",
      "KeyVaultSecretCopyArgs",
      "RequestedApiAccess",
    ]);
    expect(undocumented).toEqual([]);
  });

  it("keeps Microsoft Graph's appId the same as the program's (the policy pack ships its own copy)", () => {
    expect(MICROSOFT_GRAPH_APP_ID).toBe(PROGRAM_GRAPH_APP_ID);
  });
});

describe("the components package, installed in another project", () => {
  let consumer: string;

  beforeAll(() => {
    // What `npm install` of this repository gives a consumer: package.json and the build output
    // (the same JavaScript tsc emits; transpiled here because a full build takes 15 s).
    consumer = fs.mkdtempSync(path.join(os.tmpdir(), "components-consumer-"));
    const installed = path.join(consumer, "node_modules", "entra-graph-apps");
    const dist = path.join(installed, "dist", "components");
    fs.mkdirSync(dist, { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(installed, "package.json"));
    for (const file of sources()) {
      const output = ts.transpileModule(fs.readFileSync(path.join(COMPONENTS, file), "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      });
      fs.writeFileSync(path.join(dist, file.replace(/\.ts$/, ".js")), output.outputText);
    }
    fs.symlinkSync(
      path.join(ROOT, "node_modules", "@pulumi"),
      path.join(consumer, "node_modules", "@pulumi"),
      "dir",
    );
  });

  afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

  it("loads by package name; requiring the components does not load @pulumi/azure-native, the key-vault entry does", () => {
    const script = `
      const loaded = () => Object.keys(require.cache).some((f) => f.includes("@pulumi/azure-native"));
      const components = require("entra-graph-apps/components");
      const afterComponents = loaded();
      const keyVault = require("entra-graph-apps/components/key-vault");
      console.log(JSON.stringify({
        components: Object.keys(components).sort(),
        keyVault: Object.keys(keyVault),
        afterComponents,
        afterKeyVault: loaded(),
      }));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      components: [
        "AdminConsent",
        "AppRegistration",
        "CONSENT_TIMEOUTS",
        "ClientSecret",
        "GraphApp",
        "MICROSOFT_GRAPH_APP_ID",
        "MICROSOFT_GRAPH_DEFAULT_SCOPE",
      ],
      keyVault: ["KeyVaultSecretCopy"],
      afterComponents: false,
      afterKeyVault: true,
    });
  });
});
