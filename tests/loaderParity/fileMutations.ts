/**
 * Mutations around the config entries: the stack file's other keys, its documents and encoding,
 * the project file (config, stackConfigDir, name, extension), links and more stacks.
 */
import { PROJECT, SCALAR_ZOO } from "./baseConfig";
import { Draft, attackerNode } from "./mutations";
import { YamlEntry, flowText, map, scalar } from "./yamlText";

export const FILE_MUTATIONS: Record<string, (draft: Draft) => void> = {
  environment(d) {
    d.top.push([
      "environment",
      scalar(d.rng.pick(["[prod-secrets]", "{imports: [x]}", "[]", "{}", "~"])),
    ]);
  },
  topLevel(d) {
    d.top.push(
      d.rng.pick<YamlEntry>([
        ["secretsprovider", scalar("passphrase")],
        ["encryptionsalt", scalar("v1:abc:def")],
        ["unknownKey", scalar("1")],
        ["config", map([["defaults", attackerNode(d.rng)]])],
        ["<<", map([["config", map([["defaults", attackerNode(d.rng)]])]], { flow: true })],
      ]),
    );
  },
  documents(d) {
    const second = `config:\n  defaults: ${flowText(attackerNode(d.rng))}\n`;
    d.textChanges.push(
      d.rng.pick([
        (text: string) => `${text}---\n${second}`,
        (text: string) => `---\n${text}`,
        (text: string) => `${text}...\n${second}`,
        (text: string) => `\uFEFF${text}`,
        (text: string) => text.replace(/\n/g, "\r\n"),
        (text: string) => `${text}\t\n`,
      ]),
    );
  },
  projectConfig(d) {
    const key = d.rng.pick([
      "defaults",
      `${PROJECT}:defaults`,
      "rotate",
      "azuread:tenantId",
      "defaults.owners",
      `${PROJECT}:apps.evil`,
      `${PROJECT}:config:defaults`,
      "other:setting",
    ]);
    const body = d.rng.pick([
      `value: ${flowText(attackerNode(d.rng))}`,
      `default: ${flowText(attackerNode(d.rng))}`,
      `default: ${d.rng.pick(SCALAR_ZOO) || "x"}`,
      `value: ${d.rng.pick(SCALAR_ZOO) || "x"}`,
      `type: integer\n    default: 90`,
      `type: string`,
      `type: boolean\n    default: true`,
      `secret: true\n    default: s`,
    ]);
    const entry = d.rng.chance(0.3)
      ? `  ${key}: ${d.rng.pick(SCALAR_ZOO) || "x"}\n`
      : `  ${key}:\n    ${body}\n`;
    d.project.extra.push(`config:\n${entry}`);
  },
  stackConfigDir(d) {
    d.project.stackDir = d.rng.pick([
      "stacks",
      "stacks/",
      "./stacks",
      "config/stacks",
      "stacks/../deploy",
    ]);
    d.project.extra.push(
      `${d.rng.chance(0.2) ? "config" : "stackConfigDir"}: ${d.project.stackDir}\n`,
    );
    if (d.rng.chance(0.5)) d.extraFiles["Pulumi.prod.yaml"] = "config:\n  decoy: true\n";
  },
  link(d) {
    d.linkTo = d.rng.pick(["config/prod.yaml", "../shared/prod.yaml", ".prod.yaml"]);
  },
  projectName(d) {
    if (d.rng.chance(0.5)) d.project.ext = ".yml";
    else d.project.name = d.rng.pick(["other-project", "Entra-Graph-Apps", "entra_graph_apps"]);
  },
  moreStacks(d) {
    d.stacks.push(d.rng.pick(["dev", "missing", "prod-eu_1"]));
  },
};
