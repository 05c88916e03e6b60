/**
 * The loader-parity corpus: issue 24's findings and hand-picked forms (findings.ts), plus
 * generated project folders, each a realistic stack with one to four mutations (mutations.ts).
 * Deterministic: the same seed and count give the same files, and a case's name says which
 * mutations made it, so a mismatch can be reproduced and read.
 */
import * as path from "path";
import { Rng, baseEntries } from "./baseConfig";
import { findingCases } from "./findings";
import { FILE_MUTATIONS } from "./fileMutations";
import { CONFIG_MUTATIONS, Draft } from "./mutations";
import { PROJECT_DIR, ParityCase, projectYaml } from "./parityCase";
import { YamlEntry, map, yamlDocument } from "./yamlText";

export const DEFAULT_SEED = 24;
export const DEFAULT_GENERATED = 600;

/** Every hand-written case, then `generated` generated ones. */
export function buildCorpus(seed = DEFAULT_SEED, generated = DEFAULT_GENERATED): ParityCase[] {
  const cases = findingCases();
  for (let i = 0; i < generated; i++) cases.push(generatedCase(seed, i));
  return cases;
}

const MUTATIONS = { ...CONFIG_MUTATIONS, ...FILE_MUTATIONS };
const MUTATION_NAMES = Object.keys(MUTATIONS);

export function generatedCase(seed: number, index: number): ParityCase {
  const rng = new Rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const draft: Draft = {
    rng,
    config: baseEntries(rng),
    top: [],
    textChanges: [],
    project: { name: "entra-graph-apps", ext: ".yaml", extra: [] },
    stacks: ["prod"],
    extraFiles: {},
    anchors: 0,
  };
  const applied: string[] = [];
  // Distinct mutations: one applied twice mostly just repeats a key (a duplicate-key refusal).
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const name = rng.pick(MUTATION_NAMES.filter((m) => !applied.includes(m)));
    MUTATIONS[name](draft);
    applied.push(name);
  }
  return {
    name: `gen-${String(index).padStart(4, "0")}-${applied.join("-")}`,
    files: draftFiles(draft),
    stacks: draft.stacks,
  };
}

function draftFiles(draft: Draft): ParityCase["files"] {
  const { rng, project } = draft;
  const configEntry: YamlEntry = ["config", map(draft.config)];
  const top = rng.chance(0.5) ? [...draft.top, configEntry] : [configEntry, ...draft.top];
  let stackText = yamlDocument(map(top));
  for (const change of draft.textChanges) stackText = change(stackText);

  const P = PROJECT_DIR;
  const stackDir = project.stackDir
    ? path.posix.normalize(`${P}/${project.stackDir}`).replace(/\/$/, "")
    : P;
  const stackFile = `${stackDir}/Pulumi.prod${project.ext}`;
  const files: ParityCase["files"] = {
    [`${P}/Pulumi${project.ext}`]: projectYaml(project.extra.join(""), project.name),
  };
  for (const [file, text] of Object.entries(draft.extraFiles)) files[`${P}/${file}`] = text;
  if (draft.linkTo) {
    // The link target, relative to the link's folder, stays inside the case folder.
    files[path.posix.normalize(`${P}/${draft.linkTo}`)] = stackText;
    const depth = stackDir.split("/").length - 1;
    files[stackFile] = { symlinkTo: `${"../".repeat(depth)}${draft.linkTo}` };
  } else {
    files[stackFile] = stackText;
  }
  if (draft.stacks.includes("dev"))
    files[`${stackDir}/Pulumi.dev${project.ext}`] = stackText.replace(/prod/g, "dev");
  return files;
}
