/**
 * YAML source text for the loader-parity corpus, written by hand rather than by a YAML library:
 * a library would normalise exactly what the corpus is about (scalar spelling, tags, anchors,
 * merge keys, flow vs block style, duplicate and non-string keys).
 */

/** A YAML node as it is to be written. Scalars, keys and properties are exact source text. */
export type YamlNode =
  /** Any scalar or alias as written: `010`, `'off'`, `!!str 1`, `&a x`, `*a`, or "" for an empty value. */
  | { kind: "scalar"; text: string }
  /** A block scalar: header (`|`, `>-`, `|2+`...) and its lines, unindented. */
  | { kind: "block"; header: string; lines: string[] }
  /** `props` is an anchor and/or tag written before the node: `&base`, `!!map`. */
  | { kind: "map"; entries: YamlEntry[]; flow?: boolean; props?: string }
  | { kind: "seq"; items: YamlNode[]; flow?: boolean; props?: string };

/** A mapping entry: the key exactly as written (`apps`, `"entra-graph-apps:apps"`, `<<`, `1`). */
export type YamlEntry = [key: string, value: YamlNode];

export const scalar = (text: string): YamlNode => ({ kind: "scalar", text });
export const map = (entries: YamlEntry[], options: { flow?: boolean; props?: string } = {}) =>
  ({ kind: "map", entries, ...options }) as YamlNode;
export const seq = (items: YamlNode[], options: { flow?: boolean; props?: string } = {}) =>
  ({ kind: "seq", items, ...options }) as YamlNode;

/** A document whose root is `root`, ending in a newline. */
export function yamlDocument(root: YamlNode): string {
  if (root.kind === "map" && !root.flow && !root.props && root.entries.length > 0)
    return mapLines(root.entries, 0).join("\n") + "\n";
  return flowText(root) + "\n";
}

function prefix(props: string | undefined): string {
  return props ? `${props} ` : "";
}

/** Flow style; a block scalar inside a flow collection becomes a double-quoted string. */
export function flowText(node: YamlNode): string {
  switch (node.kind) {
    case "scalar":
      return node.text;
    case "block":
      return JSON.stringify(node.lines.join("\n"));
    case "map":
      return `${prefix(node.props)}{${node.entries
        .map(([key, value]) => `${key}: ${flowText(value)}`)
        .join(", ")}}`;
    case "seq":
      return `${prefix(node.props)}[${node.items.map(flowText).join(", ")}]`;
  }
}

function isBlockCollection(node: YamlNode): node is Extract<YamlNode, { kind: "map" | "seq" }> {
  if (node.kind === "map") return !node.flow && node.entries.length > 0;
  if (node.kind === "seq") return !node.flow && node.items.length > 0;
  return false;
}

function indentBlock(lines: string[], indent: number): string[] {
  return lines.map((line) => (line === "" ? "" : " ".repeat(indent) + line));
}

function entryLines(key: string, value: YamlNode, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (value.kind === "block")
    return [`${pad}${key}: ${value.header}`, ...indentBlock(value.lines, indent + 2)];
  if (!isBlockCollection(value)) {
    const text = flowText(value);
    return [text === "" ? `${pad}${key}:` : `${pad}${key}: ${text}`];
  }
  const head = `${pad}${key}:${value.props ? ` ${value.props}` : ""}`;
  return value.kind === "map"
    ? [head, ...mapLines(value.entries, indent + 2)]
    : [head, ...seqLines(value.items, indent + 2)];
}

function mapLines(entries: YamlEntry[], indent: number): string[] {
  return entries.flatMap(([key, value]) => entryLines(key, value, indent));
}

function seqLines(items: YamlNode[], indent: number): string[] {
  const pad = " ".repeat(indent);
  return items.flatMap((item) => {
    if (item.kind === "block")
      return [`${pad}- ${item.header}`, ...indentBlock(item.lines, indent + 2)];
    if (!isBlockCollection(item)) return [`${pad}- ${flowText(item)}`];
    if (item.props)
      return [
        `${pad}- ${item.props}`,
        ...(item.kind === "map"
          ? mapLines(item.entries, indent + 2)
          : seqLines(item.items, indent + 2)),
      ];
    const inner =
      item.kind === "map" ? mapLines(item.entries, indent + 2) : seqLines(item.items, indent + 2);
    // The first line shares the dash: `- key: value` / `- - item`.
    return [`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1)];
  });
}
