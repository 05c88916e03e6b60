import { Document, isAlias, isMap, isScalar, isSeq, Node, parseAllDocuments, Scalar } from "yaml";
import { resolvePlainScalar } from "./goScalars";
import { GoValue } from "./goValues";

/**
 * Reads a YAML file into the values Pulumi's Go code gets from `gopkg.in/yaml.v3` (v3.0.1,
 * decode.go and resolve.go): plain scalars typed as yaml.v3 types them (`010` is 8, `off` is a
 * string, an unquoted date a timestamp), quoted and block scalars as strings, aliases expanded.
 *
 * Where matching Go would be unsafe or ambiguous the file is refused instead, every place at
 * once: merge keys (`<<`: yaml.v3 v3.0.1 lets a merge override keys written before it, by
 * order), explicit tags, keys that are not strings (Pulumi refuses them too), duplicate keys,
 * several documents (yaml.v3 reads the first and ignores the rest) and directives.
 */

/** A place in a file that cannot be read as Pulumi reads it. */
export interface YamlRefusal {
  /** Dotted path to the node (`config.entra-graph-apps:apps.mail-alerts`), "" for the file. */
  path: string;
  message: string;
}

/** Work limits, counted while decoding, so aliases cannot multiply a small file. */
export const YAML_LIMITS = {
  /** Bytes of YAML text: a 500-app stack is about 300 KB. */
  maxBytes: 1024 * 1024,
  /** Structural characters (`, : - [ ] { } & * ?` and line breaks) before parsing at all. */
  maxStructure: 150_000,
  /** Maps, lists and scalars after alias expansion. */
  maxNodes: 200_000,
  /** Characters of scalar text after alias expansion. */
  maxTextChars: 4 * 1024 * 1024,
  maxAliases: 100,
  maxDepth: 24,
};

export type Decoded =
  | { value: GoValue; refusals: [] }
  | { value?: GoValue; refusals: YamlRefusal[] };

export function decodeYamlAsGo(text: string): Decoded {
  const early = earlyRefusal(text);
  if (early) return { refusals: [{ path: "", message: early }] };
  // yaml.v3 (and Pulumi's readFileStripUTF8BOM) skip a byte-order mark.
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const documents = parseAllDocuments(source, {
    schema: "failsafe",
    merge: false,
    uniqueKeys: false,
  });
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.length > 1)
    return {
      refusals: [
        {
          path: "",
          message: `holds ${list.length} YAML documents (separated by ---); Pulumi reads only the first, so keep one`,
        },
      ],
    };
  const document = list[0];
  if (!document) return { value: { kind: "null" }, refusals: [] };
  const syntax = document.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0].line;
    const what = syntax.code.toLowerCase().replace(/_/g, " ");
    return {
      refusals: [
        { path: "", message: `is not valid YAML${line ? ` (line ${line})` : ""}: ${what}` },
      ],
    };
  }
  if (document.directives.yaml.explicit || Object.keys(document.directives.tags).length > 1)
    return { refusals: [{ path: "", message: "uses a %YAML or %TAG directive; remove it" }] };
  const walker = new Walker(document);
  const value = walker.decode(document.contents as Node | null, "", 0);
  return walker.refusals.length === 0
    ? { value, refusals: [] }
    : { value, refusals: walker.refusals };
}

function earlyRefusal(text: string): string | undefined {
  if (text.includes("\0")) return "is a binary file, not YAML";
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > YAML_LIMITS.maxBytes)
    return `is ${bytes} bytes; at most ${YAML_LIMITS.maxBytes} are read (split the apps into several stacks)`;
  const unreadable = UNREADABLE.exec(text);
  if (unreadable) {
    const code = unreadable[0].charCodeAt(0).toString(16).padStart(4, "0");
    return unreadable[0] === "\uFFFD"
      ? "holds U+FFFD, the mark of bytes that are not UTF-8; save the file as UTF-8"
      : `holds the character U+${code.toUpperCase()}, which Pulumi's YAML reader refuses or reads as a line break; remove it (write it as an escape in double quotes if it is meant)`;
  }
  if (/\r(?!\n)/.test(text))
    return "holds a carriage return not followed by a line feed, which Pulumi's YAML reader takes for a line break and this reader does not (a line after it would be hidden from review); save the file with LF or CRLF line ends";
  if (SURROGATE_ESCAPE.test(text))
    return "holds an escape of a UTF-16 surrogate (\\ud800-\\udfff), which Pulumi's YAML reader refuses; write the character itself";
  let structure = 0;
  for (let i = 0; i < text.length; i++) if (STRUCTURE.has(text.charCodeAt(i))) structure++;
  if (structure > YAML_LIMITS.maxStructure)
    return `holds ${structure} YAML separators and brackets; at most ${YAML_LIMITS.maxStructure} are read (split the apps into several stacks)`;
  return undefined;
}

/**
 * Characters yaml.v3 (a libyaml port: is_printable, is_break) refuses in a file, or reads as a
 * line break where YAML 1.2 does not (NEL, U+2028, U+2029); U+FFFD is what Node makes of bytes
 * that are not UTF-8, which yaml.v3 refuses.
 */
const UNREADABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFFFE\uFFFF\uFFFD]/;
/**
 * An escape of a UTF-16 surrogate (`"\ud83d\ude00"`), which JavaScript pairs and yaml.v3 refuses
 * even in pairs ("invalid Unicode character escape code"). Refused wherever it is written.
 */
const SURROGATE_ESCAPE = /\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})/;

const STRUCTURE = new Set([..."\n,:-[]{}&*?"].map((c) => c.charCodeAt(0)));

class Walker {
  readonly refusals: YamlRefusal[] = [];
  private nodes = 0;
  private textChars = 0;
  private aliases = 0;
  private exhausted = false;

  constructor(private readonly document: Document) {}

  decode(node: Node | null, path: string, depth: number): GoValue {
    if (this.exhausted) return { kind: "null" };
    if (++this.nodes > YAML_LIMITS.maxNodes)
      return this.exhaust(path, `expands to more than ${YAML_LIMITS.maxNodes} values`);
    if (depth > YAML_LIMITS.maxDepth)
      return this.exhaust(path, `is nested more than ${YAML_LIMITS.maxDepth} levels deep`);
    if (node === null || node === undefined) return { kind: "null" };
    if (isAlias(node)) {
      if (++this.aliases > YAML_LIMITS.maxAliases)
        return this.exhaust(path, `uses more than ${YAML_LIMITS.maxAliases} aliases (*name)`);
      const target = node.resolve(this.document) as Node | undefined;
      if (!target) return this.refuse(path, `refers to an undefined anchor *${node.source}`);
      return this.decode(target, path, depth + 1);
    }
    if (node.tag)
      return this.refuse(
        path,
        `has the explicit tag ${node.tag.replace("tag:yaml.org,2002:", "!!")}; remove it (quote a value to keep it text)`,
      );
    if (isScalar(node)) return this.scalar(node, path);
    if (isSeq(node))
      return {
        kind: "list",
        items: node.items.map((item, index) =>
          this.decode(item as Node | null, `${path}[${index}]`, depth + 1),
        ),
      };
    if (isMap(node)) {
      const entries = new Map<string, GoValue>();
      for (const pair of node.items) {
        const key = this.key(pair.key as Node | null, path);
        if (key === undefined) continue;
        const inner = path === "" ? key : `${path}.${key}`;
        if (entries.has(key)) {
          this.refuse(inner, `is defined twice in the same map; keep one (Pulumi refuses it too)`);
          continue;
        }
        entries.set(key, this.decode(pair.value as Node | null, inner, depth + 1));
      }
      return { kind: "map", entries };
    }
    return this.refuse(path, "is a YAML construct Pulumi does not read");
  }

  /** A map key: a plain or quoted scalar that yaml.v3 reads as a string. */
  private key(node: Node | null, path: string): string | undefined {
    const where = path === "" ? "(top level)" : path;
    if (!node || !isScalar(node) || node.tag || isAlias(node)) {
      this.refuse(path, `${where} has a key that is not plain text; write keys as plain strings`);
      return undefined;
    }
    const text = String(node.value ?? "");
    if (node.type === "PLAIN" && text === "<<") {
      this.refuse(
        path,
        `uses a YAML merge key (<<); write the keys out, or share settings with entra-graph-apps:defaults`,
      );
      return undefined;
    }
    const value = this.scalar(node, path);
    if (value.kind !== "string") {
      this.refuse(
        path,
        `has the key ${JSON.stringify(text)}, which YAML reads as a ${value.kind}; quote it (Pulumi accepts only text keys)`,
      );
      return undefined;
    }
    return value.value;
  }

  private scalar(node: Scalar, path: string): GoValue {
    const text = node.value === null || node.value === undefined ? "" : String(node.value);
    this.textChars += text.length;
    if (this.textChars > YAML_LIMITS.maxTextChars)
      return this.exhaust(path, `expands to more than ${YAML_LIMITS.maxTextChars} characters`);
    if (node.type !== "PLAIN") return { kind: "string", value: text };
    if (text === "<<") return this.refuse(path, "is a bare <<, which YAML reads as a merge key");
    const resolved = resolvePlainScalar(text);
    return "refused" in resolved ? this.refuse(path, resolved.refused) : resolved;
  }

  private refuse(path: string, message: string): GoValue {
    this.refusals.push({ path, message });
    return { kind: "null" };
  }

  /** A limit reached: one refusal, and no more work on this file. */
  private exhaust(path: string, message: string): GoValue {
    this.exhausted = true;
    return this.refuse(path, `${message}; split the apps into several stacks`);
  }
}
