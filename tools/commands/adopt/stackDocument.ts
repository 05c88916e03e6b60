import * as fs from "fs";
import { Document, isMap, isScalar, parseDocument, Scalar, visit, YAMLMap } from "yaml";
import { parseStackFile, StackFileError } from "../../stack-files/readStackFile";
import { AdoptUsageError } from "./selectApps";

const APPS = "entra-graph-apps:apps";
const TENANT = "azuread:tenantId";
/** Map keys that read the same in every YAML version: names such as `Microsoft Graph`, `main`. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9 ._-]*$/;
/** Words a YAML 1.1 reader (Pulumi's Go YAML) could take for a boolean or null. */
const YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
/** No folding: a long display name stays on its line. */
export const YAML_OPTIONS = { lineWidth: 0 } as const;

/**
 * A stack file being written by adopt, through the `yaml` package's Document API so the rest of
 * the file (other apps, other keys, comments) is kept as it is.
 */
export class StackDocument {
  private constructor(
    readonly doc: Document,
    readonly file: string,
    readonly isNew: boolean,
  ) {}

  /** Reads an existing stack file for merging (its YAML checked as `plan` reads it). */
  static read(file: string): StackDocument {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new StackFileError(
        `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
    parseStackFile(text, file);
    const doc = parseDocument(text);
    const config = doc.get("config", true);
    if (config === undefined || config === null) doc.set("config", doc.createNode({}));
    else if (!isMap(config)) throw new StackFileError(`${file}: \`config:\` must be a map`);
    const apps = doc.getIn(["config", APPS], true);
    if (apps !== undefined && apps !== null && !isMap(apps)) {
      throw new AdoptUsageError(
        `${file}: ${APPS} must be a map of app key to settings to add apps to it`,
      );
    }
    return new StackDocument(doc, file, false);
  }

  /** A new stack file holding only what adopt writes. */
  static create(file: string, header: string): StackDocument {
    const doc = new Document({ config: {} });
    doc.commentBefore = header;
    return new StackDocument(doc, file, true);
  }

  /** Keys already under entra-graph-apps:apps. */
  appKeys(): Set<string> {
    const apps = this.doc.getIn(["config", APPS], true);
    if (!isMap(apps)) return new Set();
    return new Set(
      apps.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)),
    );
  }

  /** The apps already in the file as data (the import IDs they hold, to spot an app adopted twice). */
  appsData(): Record<string, unknown> {
    const apps = this.doc.getIn(["config", APPS]) as YAMLMap | undefined;
    return (apps?.toJSON?.() as Record<string, unknown> | undefined) ?? {};
  }

  /** Sets azuread:tenantId when absent; refuses a different tenant. */
  claimTenant(tenantId: string): void {
    const current = this.doc.getIn(["config", TENANT]);
    if (current === undefined || current === null) {
      const config = this.doc.get("config", true) as YAMLMap;
      config.items.unshift(this.doc.createPair(TENANT, tenantId));
    } else if (String(current).toLowerCase() !== tenantId.toLowerCase()) {
      throw new AdoptUsageError(
        `${this.file} is for tenant ${String(current)}, but the apps are in tenant ${tenantId}; adopt into a stack of the same tenant`,
      );
    }
  }

  /** Adds one app under entra-graph-apps:apps, every string value double-quoted. */
  addApp(key: string, settings: Record<string, unknown>, comment: string): void {
    if (this.appKeys().has(key))
      throw new AdoptUsageError(`apps.${key} already exists in ${this.file}`);
    let apps = this.doc.getIn(["config", APPS], true);
    if (!isMap(apps)) {
      apps = this.doc.createNode({});
      this.doc.setIn(["config", APPS], apps);
    }
    const pair = this.doc.createPair(key, quoted(this.doc.createNode(settings)));
    (pair.key as Scalar).commentBefore = ` ${comment}`;
    (apps as YAMLMap).items.push(pair);
  }

  /** Removes an app added earlier in this run (it failed the stack's checks). */
  removeApp(key: string): void {
    (this.doc.getIn(["config", APPS], true) as YAMLMap).delete(key);
  }

  toString(): string {
    return this.doc.toString(YAML_OPTIONS);
  }

  /** Writes the file; a new one only if nothing is there (never overwrites). */
  write(): void {
    const text = this.toString();
    if (this.isNew) fs.writeFileSync(this.file, text, { flag: "wx" });
    else fs.writeFileSync(this.file, text);
  }
}

/** Just these apps as YAML, as they appear under entra-graph-apps:apps (for printing). */
export function appsYaml(apps: Record<string, Record<string, unknown>>): string {
  const doc = new Document({});
  doc.contents = quoted(doc.createNode({ [APPS]: apps }));
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
