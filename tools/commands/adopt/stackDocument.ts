import * as fs from "fs";
import { Document, isMap, isScalar, parseDocument, visit, YAMLMap } from "yaml";
import { parseStackFile, StackFileError } from "../../stack-files/readStackFile";
import { AdoptUsageError } from "./selectApps";

const APPS = "entra-graph-apps:apps";
const TENANT = "azuread:tenantId";
/** Map keys that read the same in every YAML version: names such as `Microsoft Graph`, `main`. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9 ._-]*$/;
/** Words a YAML 1.1 reader (Pulumi's Go YAML) could take for a boolean or null. */
const YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
/** No folding: a long display name stays on its line. */
export const YAML_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

interface PendingApp {
  key: string;
  settings: Record<string, unknown>;
  comment: string;
  /** Its lines of YAML, unindented: rendered once, however often the file is. */
  lines: string[];
}

/**
 * A stack file being written by adopt. The apps are inserted as text where the file's
 * `entra-graph-apps:apps` map ends, so every other byte (other apps, other keys, comments,
 * formatting) stays as it was; the `yaml` package's Document API finds the place, and writes the
 * whole file only when the file's layout leaves no such place (a flow-style map).
 */
export class StackDocument {
  private readonly pending: PendingApp[] = [];
  private tenantToAdd?: string;
  /** The original file as a Document, parsed once (the text never changes; readers only read). */
  private parsedOriginal?: Document;

  private constructor(
    readonly file: string,
    private readonly original: string | undefined,
    private readonly header: string,
  ) {}

  /** Reads an existing stack file for merging (its YAML checked as `plan` reads it). */
  static read(file: string): StackDocument {
    let text: string;
    try {
      if (fs.lstatSync(file).isSymbolicLink())
        throw new StackFileError(
          `${file} is a symbolic link; a stack file is read only as a regular file, so that review sees every change to it`,
        );
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      if (error instanceof StackFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new StackFileError(`${file} cannot be read (${code})`);
    }
    parseStackFile(text, file);
    const doc = parseDocument(text);
    const config = doc.get("config", true);
    if (config !== undefined && config !== null && !isMap(config)) {
      throw new StackFileError(`${file}: \`config:\` must be a map`);
    }
    const apps = doc.getIn(["config", APPS], true);
    if (apps !== undefined && apps !== null && !isMap(apps)) {
      throw new AdoptUsageError(`${file}: ${APPS} must be a map of app key to settings`);
    }
    return new StackDocument(file, text, "");
  }

  /** A new stack file holding only what adopt writes. */
  static create(file: string, header: string): StackDocument {
    return new StackDocument(file, undefined, header);
  }

  /** Keys under entra-graph-apps:apps, those added in this run included. */
  appKeys(): Set<string> {
    const apps = this.parsed()?.getIn(["config", APPS], true);
    const present = isMap(apps)
      ? apps.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
      : [];
    return new Set([...present, ...this.pending.map((app) => app.key)]);
  }

  /** The apps already in the file, as data (to spot an app adopted twice). */
  appsData(): Record<string, unknown> {
    const apps = this.parsed()?.getIn(["config", APPS]) as YAMLMap | undefined;
    return (apps?.toJSON?.() as Record<string, unknown> | undefined) ?? {};
  }

  /** Sets azuread:tenantId when absent; refuses a different tenant. */
  claimTenant(tenantId: string): void {
    const current = this.parsed()?.getIn(["config", TENANT]);
    if (current === undefined || current === null) this.tenantToAdd = tenantId;
    else if (String(current).toLowerCase() !== tenantId.toLowerCase()) {
      throw new AdoptUsageError(
        `${this.file} is for tenant ${String(current)}, but the apps are in tenant ${tenantId}; adopt into a stack of the same tenant`,
      );
    }
  }

  addApp(key: string, settings: Record<string, unknown>, comment: string): void {
    if (this.appKeys().has(key)) {
      throw new AdoptUsageError(`apps.${key} already exists in ${this.file}`);
    }
    const lines = appsYaml({ [key]: settings })
      .trimEnd()
      .split("\n");
    this.pending.push({ key, settings, comment, lines });
  }

  /** Takes back an app added in this run (it failed the stack's checks). */
  removeApp(key: string): void {
    const index = this.pending.findIndex((app) => app.key === key);
    if (index >= 0) this.pending.splice(index, 1);
  }

  /**
   * The file's size without the apps added in this run, and each added app's (as written at an
   * indent of at most 8, so the sum never falls short), in the units the stack-file reader
   * limits (tools/stack-files/goYaml.ts): a file past them is one no command reads.
   */
  sizes(): { file: YamlSize; apps: Map<string, YamlSize> } {
    const pending = this.pending.splice(0);
    const file = yamlSize(this.toString());
    this.pending.push(...pending);
    const apps = new Map(
      pending.map((app) => {
        const size = yamlSize([`# ${app.comment}`, ...app.lines].join("\n"));
        const lines = app.lines.length + 1;
        return [app.key, { bytes: size.bytes + lines * 9, structure: size.structure + lines }];
      }),
    );
    return { file, apps };
  }

  toString(): string {
    if (this.original === undefined) return this.newFile();
    return this.spliced() ?? this.rewritten();
  }

  /** Writes the file; a new one only if nothing is there (never overwrites). */
  write(): void {
    fs.writeFileSync(this.file, this.toString(), {
      flag: this.original === undefined ? "wx" : "w",
    });
  }

  private parsed(): Document | undefined {
    if (this.original === undefined) return undefined;
    this.parsedOriginal ??= parseDocument(this.original);
    return this.parsedOriginal;
  }

  private newFile(): string {
    const lines = [`#${this.header}`, "config:"];
    if (this.tenantToAdd) lines.push(`  ${TENANT}: ${this.tenantToAdd}`);
    lines.push(`  ${APPS}:`);
    return `${lines.join("\n")}\n${this.appBlocks(4)}`;
  }

  /** The original text with the apps (and the tenant) inserted; undefined when there is no place. */
  private spliced(): string | undefined {
    const text = this.original!;
    const doc = parseDocument(text);
    const config = doc.get("config", true);
    if (!isMap(config) || config.flow || config.items.length === 0 || !config.range) return;
    const apps = doc.getIn(["config", APPS], true);
    const configIndent = columnOf(text, (config.items[0].key as { range: number[] }).range[0]);
    const inserts: [number, string][] = [];
    if (this.tenantToAdd) {
      const at = lineStart(text, (config.items[0].key as { range: number[] }).range[0]);
      inserts.push([at, `${" ".repeat(configIndent)}${TENANT}: ${this.tenantToAdd}\n`]);
    }
    if (isMap(apps) && apps.items.length > 0 && !apps.flow && apps.range) {
      const indent = columnOf(text, (apps.items[0].key as { range: number[] }).range[0]);
      inserts.push([apps.range[1], this.appBlocks(indent)]);
    } else if (apps === undefined || apps === null) {
      const block = `${" ".repeat(configIndent)}${APPS}:\n${this.appBlocks(configIndent + 2)}`;
      inserts.push([config.range[1], block]);
    } else return;
    let result = text;
    for (const [at, insert] of inserts.sort((a, b) => b[0] - a[0])) {
      const before = result.slice(0, at);
      result = `${before}${before === "" || before.endsWith("\n") ? "" : "\n"}${insert}${result.slice(at)}`;
    }
    return result;
  }

  /** The whole file through the Document API (a layout the apps cannot be spliced into). */
  private rewritten(): string {
    const doc = parseDocument(this.original!);
    if (!isMap(doc.get("config", true))) doc.set("config", doc.createNode({}));
    if (this.tenantToAdd) doc.setIn(["config", TENANT], this.tenantToAdd);
    if (!isMap(doc.getIn(["config", APPS], true))) doc.setIn(["config", APPS], doc.createNode({}));
    const apps = doc.getIn(["config", APPS], true) as YAMLMap;
    for (const app of this.pending) {
      const pair = doc.createPair(app.key, quoted(doc.createNode(app.settings)));
      (pair.key as { commentBefore?: string }).commentBefore = ` ${app.comment}`;
      apps.items.push(pair);
    }
    return doc.toString(YAML_OPTIONS);
  }

  private appBlocks(indent: number): string {
    const pad = " ".repeat(indent);
    return this.pending
      .map((app) => [`# ${app.comment}`, ...app.lines].map((line) => `${pad}${line}\n`).join(""))
      .join("");
  }
}

export interface YamlSize {
  bytes: number;
  /** Separators, brackets and line breaks: what goYaml.ts counts before parsing (STRUCTURE). */
  structure: number;
}

const STRUCTURE = new Set([..."\n,:-[]{}&*?"].map((c) => c.charCodeAt(0)));

export function yamlSize(text: string): YamlSize {
  let structure = 0;
  for (let i = 0; i < text.length; i++) if (STRUCTURE.has(text.charCodeAt(i))) structure++;
  return { bytes: Buffer.byteLength(text, "utf8"), structure };
}

/** Apps as YAML, as they are written under entra-graph-apps:apps. */
export function appsYaml(apps: Record<string, Record<string, unknown>>): string {
  const doc = new Document({});
  doc.contents = quoted(doc.createNode(apps));
  return doc.toString(YAML_OPTIONS);
}

/**
 * Double-quotes every string value, escaping control characters: a display name such as
 * `2027-01-01`, `yes` or `a: b` stays a string for Pulumi's Go YAML reader (YAML 1.1 would
 * read the first as a date and the second as a boolean), and nothing in it can end the scalar.
 */
function quoted<T>(node: T): T {
  visit(node as never, {
    Scalar(key, scalar) {
      if (typeof scalar.value !== "string") return;
      const plainKey = SAFE_KEY.test(scalar.value) && !YAML_WORDS.test(scalar.value);
      if (key !== "key" || !plainKey) scalar.type = "QUOTE_DOUBLE";
    },
  });
  return node;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}
