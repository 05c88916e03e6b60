/**
 * Mutations of a realistic stack (and its project), each one of the ways issue 24 found Pulumi
 * and a naive reader disagree: namespaces, merge keys, anchors, tags, scalar typing, keys,
 * duplicates, `secure`, documents, encodings, project config, stackConfigDir, links.
 */
import {
  ATTACKER_SETTINGS,
  KEY_ZOO,
  PROJECT,
  Plain,
  Rng,
  SCALAR_ZOO,
  blockScalar,
  stringText,
  toNode,
} from "./baseConfig";
import { YamlEntry, YamlNode, map, scalar, seq } from "./yamlText";

/** What a generated case is made of, before it is written out. */
export interface Draft {
  rng: Rng;
  /** Entries under `config:`. */
  config: YamlEntry[];
  /** Other top-level entries of the stack file (`environment`, `secretsprovider`...). */
  top: YamlEntry[];
  /** Text changes to the rendered stack file (BOM, more documents). */
  textChanges: ((text: string) => string)[];
  project: { name: string; ext: ".yaml" | ".yml"; extra: string[]; stackDir?: string };
  /** Stack file is a link to this case-relative file, in place of the file itself. */
  linkTo?: string;
  /** Extra stacks to resolve (files of their own, or none). */
  stacks: string[];
  /** Files besides the project file and the stack file (decoys, link targets). */
  extraFiles: Record<string, string>;
  /** Anchors made so far (names a0, a1...). */
  anchors: number;
}

interface Slot {
  get(): YamlNode;
  set(node: YamlNode): void;
}

/** Every node position under the config entries, depth first. */
function slots(entries: YamlEntry[]): Slot[] {
  const found: Slot[] = [];
  const visit = (slot: Slot) => {
    found.push(slot);
    const node = slot.get();
    if (node.kind === "map")
      node.entries.forEach((entry) => visit({ get: () => entry[1], set: (n) => (entry[1] = n) }));
    if (node.kind === "seq")
      node.items.forEach((_, i) =>
        visit({ get: () => node.items[i], set: (n) => (node.items[i] = n) }),
      );
  };
  entries.forEach((entry) => visit({ get: () => entry[1], set: (n) => (entry[1] = n) }));
  return found;
}

function mapsIn(draft: Draft): Extract<YamlNode, { kind: "map" }>[] {
  const maps = slots(draft.config)
    .map((slot) => slot.get())
    .filter((node): node is Extract<YamlNode, { kind: "map" }> => node.kind === "map");
  return maps;
}

function pickMap(draft: Draft): YamlEntry[] {
  const maps = mapsIn(draft);
  return maps.length === 0 || draft.rng.chance(0.3) ? draft.config : draft.rng.pick(maps).entries;
}

export function attackerNode(rng: Rng): YamlNode {
  const chosen: Record<string, Plain> = {};
  for (const key of rng.subset(Object.keys(ATTACKER_SETTINGS)))
    chosen[key] = ATTACKER_SETTINGS[key];
  return toNode(chosen, rng);
}

const NAMESPACE_FORMS = (key: string) => [key, `${PROJECT}:${key}`, `${PROJECT}:config:${key}`];

function keyForm(rng: Rng, name: string): string {
  const form = rng.pick(NAMESPACE_FORMS(name));
  return rng.chance(0.25) ? stringText(form, rng) : form;
}

/** Adds a config entry under a spelling of `name` not used yet (a repeat is duplicateKeys' job). */
function addSetting(d: Draft, name: string, value: YamlNode): void {
  const used = new Set(d.config.map(([key]) => key));
  const free = NAMESPACE_FORMS(name).filter((form) => !used.has(form));
  if (free.length > 0) d.config.push([d.rng.pick(free), value]);
}

/** Anchors a node (or reuses its anchor) and returns the name an alias refers to it by. */
function anchor(d: Draft, node: YamlNode): string {
  const name = `a${d.anchors++}`;
  if (node.kind === "map" || node.kind === "seq") {
    const existing = /&(\w+)/.exec(node.props ?? "");
    if (existing) return existing[1];
    node.props = `&${name}${node.props ? ` ${node.props}` : ""}`;
  } else if (node.kind === "scalar") {
    const existing = /^[&*](\w+)/.exec(node.text);
    if (existing) return existing[1];
    node.text = node.text === "" ? `&${name}` : `&${name} ${node.text}`;
  } else {
    const existing = /^&(\w+)/.exec(node.header);
    if (existing) return existing[1];
    node.header = `&${name} ${node.header}`;
  }
  return name;
}

/** Mutations of the stack file's `config:` entries. */
export const CONFIG_MUTATIONS: Record<string, (draft: Draft) => void> = {
  namespaces(d) {
    for (const entry of d.config) {
      const [ns, name] = entry[0].split(":");
      if (ns === PROJECT && name && d.rng.chance(0.6)) entry[0] = keyForm(d.rng, name);
      else if (ns === "azuread" && d.rng.chance(0.4)) entry[0] = `azuread:config:${name}`;
    }
  },
  collision(d) {
    const name = d.rng.pick(["defaults", "apps"]);
    // Two different spellings of one key: `defaults` and `entra-graph-apps:config:defaults`...
    const forms = NAMESPACE_FORMS(name);
    const first = d.rng.int(3);
    const second = (first + 1 + d.rng.int(2)) % 3;
    for (const form of [forms[first], forms[second]])
      if (!d.config.some(([key]) => key === form)) d.config.push([form, attackerNode(d.rng)]);
  },
  mergeTopLevel(d) {
    const value = d.rng.pick([
      () => map([[`"${PROJECT}:defaults"`, attackerNode(d.rng)]], { flow: d.rng.chance(0.5) }),
      () => map([["defaults", attackerNode(d.rng)]], { flow: true }),
      () =>
        seq([map([["apps", map([["evil", attackerNode(d.rng)]])]], { flow: true })], {
          flow: true,
        }),
      () => scalar(`*${anchor(d, d.config[0][1])}`),
    ])();
    d.config.splice(d.rng.int(d.config.length + 1), 0, [
      d.rng.pick(["<<", "<<", '"<<"', "!!merge <<"]),
      value,
    ]);
  },
  mergeNested(d) {
    const maps = mapsIn(d);
    if (maps.length === 0) return;
    const target = d.rng.pick(maps);
    const source = d.rng.chance(0.5) ? d.rng.pick(maps) : undefined;
    const value =
      source && source !== target ? scalar(`*${anchor(d, source)}`) : attackerNode(d.rng);
    const merged: YamlNode = d.rng.chance(0.3)
      ? seq([value, attackerNode(d.rng)], { flow: true })
      : value;
    target.entries.splice(d.rng.int(target.entries.length + 1), 0, ["<<", merged]);
  },
  aliases(d) {
    const all = slots(d.config);
    const source = d.rng.pick(all);
    const name = anchor(d, source.get());
    const alias = scalar(`*${name}`);
    if (d.rng.chance(0.5)) addSetting(d, "copied", alias);
    else pickMap(d).push([`copy${d.anchors}`, alias]);
  },
  scalars(d) {
    const scalarSlots = slots(d.config).filter((slot) => slot.get().kind === "scalar");
    for (let i = 0; i < 1 + d.rng.int(3) && scalarSlots.length > 0; i++)
      d.rng.pick(scalarSlots).set(scalar(d.rng.pick(SCALAR_ZOO)));
  },
  settingScalars(d) {
    const setting = d.rng.pick([
      "rotateEveryDays",
      "adminConsent",
      "expiresOn",
      "displayName",
      "owners",
    ]);
    addSetting(d, "defaults", map([[setting, scalar(d.rng.pick(SCALAR_ZOO))]]));
  },
  keys(d) {
    pickMap(d).push([d.rng.pick(KEY_ZOO), scalar(d.rng.pick(["x", "1", "{}", "[a]"]))]);
  },
  blockScalars(d) {
    const lines = d.rng.pick([
      ["Sends alerts", "through Graph"],
      ["010"],
      ["  indented", "x"],
      ["a: b"],
    ]);
    addSetting(d, "notes", blockScalar(d.rng, lines));
    const strings = slots(d.config).filter((s) => s.get().kind === "scalar");
    if (strings.length > 0) d.rng.pick(strings).set(blockScalar(d.rng, lines));
  },
  flowStyle(d) {
    for (const node of mapsIn(d)) if (d.rng.chance(0.4)) node.flow = true;
  },
  duplicateKeys(d) {
    const entries = pickMap(d);
    if (entries.length === 0) return;
    const [key, value] = d.rng.pick(entries);
    const bare = key.replace(/^["']|["']$/g, "");
    entries.push([
      d.rng.pick([key, `"${bare}"`, `'${bare}'`]),
      d.rng.chance(0.5) ? value : attackerNode(d.rng),
    ]);
  },
  secure(d) {
    const value = d.rng.pick([
      "{secure: v1:abc}",
      "{secure: v1:abc, other: 1}",
      "{secure: 123}",
      "{secure: [a]}",
      "{secure: ~}",
      "{secure: {a: 1}}",
      "{'secure': v1:abc}",
      "{secure: v1:abc, secure: v1:def}",
      "{<<: {secure: v1:abc}}",
    ]);
    const where = d.rng.int(3);
    if (where === 0) addSetting(d, d.rng.pick(["dbPassword", "defaults"]), scalar(value));
    else if (where === 1)
      pickMap(d).push([d.rng.pick(["secure", "notes", "owners"]), scalar(value)]);
    else addSetting(d, "apps", map([["secure", attackerNode(d.rng)]]));
  },
  nulls(d) {
    const entries = pickMap(d);
    entries.push([
      d.rng.pick(["notes", "owners", "clientSecret", "empty"]),
      scalar(d.rng.pick(["", "~", "null", "!!null"])),
    ]);
  },
  collectionTags(d) {
    const maps = mapsIn(d);
    if (maps.length === 0) return;
    const target = d.rng.pick(maps);
    target.props = d.rng.pick(["!!map", "!!omap", "!!set", "!!str", "!custom", "!!seq"]);
  },
};
