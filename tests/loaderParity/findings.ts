/**
 * The corpus cases written by hand: every finding of issue 24 (review bypasses 1-5 and the
 * scalar/namespace findings), each as the attacker wrote it, plus the project-file and
 * file-system forms that the generator only varies.
 */
import { ATTACKER, OWNER_A, PROJECT } from "./baseConfig";
import { PROJECT_DIR, ParityCase, projectYaml, simpleCase } from "./parityCase";

const P = PROJECT_DIR;

const PROD = `config:
  ${PROJECT}:apps:
    mail-alerts:
      displayName: Proxmox Mail Alerts
      permissions:
        Microsoft Graph:
          application: [Mail.Send]
`;

const ATTACKER_CREDENTIAL = `federatedCredentials: { ci: { github: { repository: attacker/pwn, branch: main } } }`;

/** Scalar values, as bytes, written after `entra-graph-apps:x: `. */
const CHARACTER_EDGES: Record<string, Buffer> = {
  "raw-control": Buffer.from("a\u0001b"),
  "escaped-control": Buffer.from('"a\\x01b"'),
  "raw-del": Buffer.from("a\u007fb"),
  "raw-nel": Buffer.from("a\u0085b"),
  "raw-line-separator": Buffer.from("a\u2028b"),
  "escaped-line-separator": Buffer.from('"a\\Lb\\N\\_"'),
  "not-utf8": Buffer.from([0x63, 0x61, 0x66, 0xe9]),
  "replacement-character": Buffer.from("a\ufffdb"),
  "lone-surrogate-escape": Buffer.from('"\\ud800"'),
  "surrogate-pair-escape": Buffer.from('"\\ud83d\\ude00"'),
  "astral-raw": Buffer.from("a\u{1F600}b"),
  "tab-inside-plain": Buffer.from("a\tb"),
  "inner-bom": Buffer.from("\ufeffa"),
  "binary-tag": Buffer.from("!!binary aGVsbG8="),
  "folded-keep": Buffer.from(">+\n    a\n\n"),
};

export function findingCases(): ParityCase[] {
  return [
    // Bypass 1: un-namespaced `defaults:` is entra-graph-apps:defaults to Pulumi.
    simpleCase(
      "finding-1-unnamespaced-defaults",
      `${PROD}  defaults: { ${ATTACKER_CREDENTIAL} }\n`,
    ),
    // Bypass 2: a merge key at the config level.
    simpleCase(
      "finding-2-merge-key-config-level",
      `${PROD}  <<: {"${PROJECT}:defaults": {owners: [${ATTACKER}]}}\n`,
    ),
    // Bypass 3a: stackConfigDir moves the stack file; the root one becomes a decoy.
    {
      name: "finding-3a-stack-config-dir",
      files: {
        [`${P}/Pulumi.yaml`]: projectYaml("stackConfigDir: stacks\n"),
        [`${P}/Pulumi.prod.yaml`]: PROD,
        [`${P}/stacks/Pulumi.prod.yaml`]: `${PROD}  ${PROJECT}:defaults: { owners: [${ATTACKER}] }\n`,
      },
      stacks: ["prod"],
    },
    // Bypass 3b: project-level config applies to every stack.
    simpleCase("finding-3b-project-config", PROD, {
      project: projectYaml(
        `config:\n  ${PROJECT}:defaults:\n    value:\n      owners: [${ATTACKER}]\n`,
      ),
    }),
    // Bypass 4: the stack file is a link; the target is what Pulumi reads.
    {
      name: "finding-4-symlinked-stack-file",
      files: {
        [`${P}/Pulumi.yaml`]: projectYaml(),
        [`${P}/config/prod.yaml`]: `${PROD}  ${PROJECT}:defaults: { owners: [${ATTACKER}] }\n`,
        [`${P}/Pulumi.prod.yaml`]: { symlinkTo: "config/prod.yaml" },
      },
      stacks: ["prod"],
    },
    // Bypass 5: an app keyed `secure` is an app, not a ciphertext.
    simpleCase(
      "finding-5-app-named-secure",
      `${PROD}    secure:\n      displayName: Secure\n      permissions: { Microsoft Graph: { application: [Mail.ReadWrite] } }\n      ${ATTACKER_CREDENTIAL}\n`,
    ),
    simpleCase(
      "finding-rotate-every-days-010",
      `${PROD}      clientSecret: { rotateEveryDays: 010 }\n`,
    ),
    simpleCase("finding-admin-consent-off", `${PROD}      adminConsent: off\n`),
    simpleCase(
      "finding-config-module-key",
      `${PROD}  ${PROJECT}:config:defaults: { owners: [${ATTACKER}] }\n`,
    ),
    ...projectFileCases(),
    ...fileSystemCases(),
  ];
}

/** Pulumi.yaml forms: legacy `config: <dir>`, both, .yml/.json, project names, typed config. */
function projectFileCases(): ParityCase[] {
  const withProject = (name: string, project: string, stack = PROD) =>
    simpleCase(`project-${name}`, stack, { project });
  return [
    {
      name: "project-legacy-config-dir",
      files: {
        [`${P}/Pulumi.yaml`]: projectYaml("config: stacks\n"),
        [`${P}/stacks/Pulumi.prod.yaml`]: `${PROD}  ${PROJECT}:defaults: { owners: [${ATTACKER}] }\n`,
      },
      stacks: ["prod"],
    },
    withProject("config-dir-and-stack-config-dir", projectYaml("config: a\nstackConfigDir: b\n")),
    {
      name: "project-yml-extension",
      files: {
        [`${P}/Pulumi.yml`]: projectYaml(),
        [`${P}/Pulumi.prod.yml`]: `${PROD}  defaults: { owners: [${ATTACKER}] }\n`,
        [`${P}/Pulumi.prod.yaml`]: PROD,
      },
      stacks: ["prod"],
    },
    {
      name: "project-json-and-yaml",
      files: {
        [`${P}/Pulumi.json`]: JSON.stringify({ name: PROJECT, runtime: "nodejs" }),
        [`${P}/Pulumi.yaml`]: projectYaml(),
        [`${P}/Pulumi.prod.json`]: JSON.stringify({
          config: { "entra-graph-apps:defaults": { owners: [ATTACKER] }, rotate: 1e21 },
        }),
        [`${P}/Pulumi.prod.yaml`]: PROD,
      },
      stacks: ["prod"],
    },
    withProject("other-name", projectYaml("", "other-project")),
    withProject(
      "shorthand-config",
      projectYaml(`config:\n  rotate: 010\n  azuread:tenantId: x\n  list: [a, 1]\n  ratio: 1.5\n`),
    ),
    withProject(
      "default-and-value",
      projectYaml(`config:\n  defaults:\n    default: {}\n    value: {}\n`),
    ),
    withProject(
      "path-keys",
      projectYaml(
        `config:\n  defaults.owners:\n    value: [${ATTACKER}]\n  ${PROJECT}:apps.evil:\n    default: { displayName: Evil }\n`,
      ),
    ),
    withProject(
      "typed-config",
      projectYaml(
        `config:\n  rotate:\n    type: integer\n    default: 90\n  consent:\n    type: boolean\n  tags:\n    type: array\n    items: { type: string }\n`,
      ),
      `config:\n  rotate: "010"\n  consent: off\n  tags: [a, 1]\n`,
    ),
    withProject(
      "missing-required",
      projectYaml(`config:\n  needed:\n    type: string\n`),
      `config: {}\n`,
    ),
    withProject("bom-project", `\uFEFF${projectYaml()}`),
    withProject("no-name", RUNTIME_ONLY),
  ];
}

const RUNTIME_ONLY = "runtime: nodejs\n";

/** Links, missing files, folders where files should be, documents, encodings, environment. */
function fileSystemCases(): ParityCase[] {
  const link = (name: string, files: ParityCase["files"]): ParityCase => ({
    name: `fs-${name}`,
    files: { [`${P}/Pulumi.yaml`]: projectYaml(), ...files },
    stacks: ["prod"],
  });
  return [
    link("symlink-outside-project", {
      ["outside.yaml"]: `${PROD}  defaults: { owners: [${ATTACKER}] }\n`,
      [`${P}/Pulumi.prod.yaml`]: { symlinkTo: "../outside.yaml" },
    }),
    link("dangling-symlink", { [`${P}/Pulumi.prod.yaml`]: { symlinkTo: "gone.yaml" } }),
    link("stack-file-is-folder", { [`${P}/Pulumi.prod.yaml`]: { directory: true } }),
    link("no-stack-file", {}),
    {
      name: "fs-symlinked-project-file",
      files: {
        ["real/Pulumi.yaml"]: projectYaml(`stackConfigDir: ../real\n`),
        ["real/Pulumi.prod.yaml"]: `config:\n  defaults: { owners: [${ATTACKER}] }\n`,
        [`${P}/Pulumi.yaml`]: { symlinkTo: "../real/Pulumi.yaml" },
        [`${P}/Pulumi.prod.yaml`]: PROD,
      },
      stacks: ["prod"],
    },
    {
      name: "fs-symlinked-stack-dir",
      files: {
        [`${P}/Pulumi.yaml`]: projectYaml("stackConfigDir: stacks\n"),
        ["elsewhere/Pulumi.prod.yaml"]: `config:\n  defaults: { owners: [${ATTACKER}] }\n`,
        [`${P}/stacks`]: { symlinkTo: "../elsewhere" },
      },
      stacks: ["prod"],
    },
    {
      name: "fs-stack-config-dir-outside",
      files: {
        [`${P}/Pulumi.yaml`]: projectYaml("stackConfigDir: ../shared\n"),
        ["shared/Pulumi.prod.yaml"]: `config:\n  defaults: { owners: [${ATTACKER}] }\n`,
      },
      stacks: ["prod"],
    },
    {
      name: "fs-stack-config-dir-absolute",
      files: {
        [`${P}/Pulumi.yaml`]: projectYaml("stackConfigDir: /stacks\n"),
        [`${P}/stacks/Pulumi.prod.yaml`]: `config:\n  defaults: { owners: [${ATTACKER}] }\n`,
      },
      stacks: ["prod"],
    },
    simpleCase(
      "fs-second-document",
      `${PROD}---\nconfig:\n  defaults: { owners: [${ATTACKER}] }\n`,
    ),
    simpleCase("fs-bom", `\uFEFF${PROD}  defaults: { owners: [${OWNER_A}] }\n`),
    simpleCase("fs-double-bom", `\uFEFF\uFEFF${PROD}`),
    simpleCase(
      "fs-utf16",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PROD, "utf16le")]),
    ),
    simpleCase("fs-environment-list", `environment: [prod-secrets]\n${PROD}`),
    simpleCase("fs-environment-imports", `environment:\n  imports: [prod-secrets]\n${PROD}`),
    simpleCase("fs-environment-empty", `environment: []\n${PROD}`),
    simpleCase("fs-yaml-directive", `%YAML 1.1\n---\n${PROD}...\n`),
    simpleCase("fs-empty-file", ""),
    simpleCase("fs-comment-only", "# nothing yet\n"),
    simpleCase("fs-config-null", "config:\n"),
    simpleCase("fs-config-list", "config: [a, b]\n"),
    simpleCase("fs-config-scalar", "config: apps\n"),
    simpleCase("fs-capital-config", `Config:\n  defaults: { owners: [${ATTACKER}] }\n${PROD}`),
    simpleCase("fs-top-level-list", "- config\n"),
    // Characters and escapes YAML 1.2 readers take and yaml.v3 refuses or reads otherwise.
    ...Object.entries(CHARACTER_EDGES).map(([name, value]) =>
      simpleCase(
        `chars-${name}`,
        Buffer.concat([Buffer.from(`${PROD}  ${PROJECT}:x: `), value, Buffer.from("\n")]),
      ),
    ),
    simpleCase("chars-crlf", PROD.replace(/\n/g, "\r\n")),
    simpleCase("chars-crlf-quoted-fold", `config:\r\n  ${PROJECT}:x: "a\r\n  b"\r\n`),
    simpleCase(
      "fs-secrets-provider",
      `secretsprovider: passphrase\nencryptionsalt: v1:abc:def\n${PROD}`,
    ),
  ];
}
