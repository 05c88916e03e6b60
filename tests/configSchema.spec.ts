import Ajv from "ajv";
import fc from "fast-check";
import { existsSync, readFileSync, readdirSync } from "fs";
import { dirname, join, relative } from "path";
import { parse } from "yaml";
import { z } from "zod";
import { appSchema, appSettingsSchema } from "../program/config/appSettingsSchema";
import { configDocs } from "../tools/config-docs/generateConfigDocs";
import { TABLE_BEGIN, TABLE_END, TABLE_FILES } from "../tools/config-docs/settingsTable";
import { JsonSchema, SCHEMA_FILE } from "../tools/config-docs/stackConfigSchema";
import { validSettings } from "./support/validSettings";

// schema/stack-config.schema.json and the settings table are generated from the zod schemas
// (tools/config-docs/); editors check stack files with the schema through the first line
// `# yaml-language-server: $schema=...`. Ajv (draft-07) is eslint's and only used here.

const ROOT = join(__dirname, "..");
const TODAY = new Date("2026-11-22T09:30:00Z");
const REGENERATE = "run `npm run docs:config` and commit the result";
/** Kept to show that the stack refuses it (Azure AD Graph, a secret that never expires). */
const REFUSED_ON_PURPOSE = "examples/004-dynamics-connector/Pulumi.as-written.yaml";

const generated = configDocs();
const schema = JSON.parse(generated.schemaText) as JsonSchema;
const ajv = new Ajv({ allErrors: true });
ajv.addSchema(schema, "stack");
const validateStackFile = ajv.getSchema("stack")!;
const validateApp = ajv.getSchema("stack#/definitions/app")!;

function stackFiles(): string[] {
  const named = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => /^Pulumi\..+\.yaml$/.test(name))
      .map((name) => join(dir, name).replace(/^\.\//, ""));
  const examples = readdirSync(join(ROOT, "examples")).map((name) => `examples/${name}`);
  return ["./", ...examples].flatMap(named).sort();
}

function errorsOf(validate: Ajv.ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message}`);
}

describe("config schema and settings table", () => {
  it("the committed schema and settings table are what the generator writes now", () => {
    const stale: string[] = [];
    if (readFileSync(join(ROOT, SCHEMA_FILE), "utf8") !== generated.schemaText)
      stale.push(SCHEMA_FILE);
    const holders = TABLE_FILES.filter((file) => existsSync(join(ROOT, file))).flatMap((file) => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const begin = text.indexOf(TABLE_BEGIN);
      if (begin < 0) return [];
      const table = text.slice(begin + TABLE_BEGIN.length, text.indexOf(TABLE_END));
      if (table !== `\n${generated.table}\n`) stale.push(`the settings table in ${file}`);
      return [file];
    });
    expect(holders).toHaveLength(1);
    expect(stale.map((what) => `${what} is stale: ${REGENERATE}`)).toEqual([]);
  });

  it("is a draft-07 schema whose patterns editors can compile", () => {
    expect(ajv.validateSchema(schema)).toBe(true);
    const patterns = JSON.stringify(schema).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(10);
    for (const entry of patterns) {
      const pattern = JSON.parse(`{${entry}}`).pattern as string;
      expect(() => new RegExp(pattern, "u")).not.toThrow();
    }
  });

  it("every committed stack file names the schema on its first line and passes it", () => {
    const files = stackFiles();
    expect(files).toContain("Pulumi.dev.yaml");
    expect(files).toContain("examples/002-mail-alerts/Pulumi.example.yaml");
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), "utf8");
      const schemaPath = relative(dirname(file), SCHEMA_FILE);
      const expected = `# yaml-language-server: $schema=${schemaPath.startsWith(".") ? "" : "./"}${schemaPath}`;
      expect({ file, firstLine: text.split("\n")[0] }).toEqual({ file, firstLine: expected });
      const errors = errorsOf(validateStackFile, parse(text));
      if (file === REFUSED_ON_PURPOSE) {
        expect(errors).toContain(
          ".config['entra-graph-apps:apps']['dynamics-connector'].clientSecret.expiresOn should match pattern \"^\\d{4}-\\d{2}-\\d{2}$\"",
        );
      } else expect({ file, errors }).toEqual({ file, errors: [] });
    }
  });

  it("takes each spelling of the config keys Pulumi reads, and refuses others of the namespace", () => {
    const app = { displayName: "Mail Alerts" };
    for (const key of ["entra-graph-apps:apps", "apps", "entra-graph-apps:config:apps"]) {
      expect(errorsOf(validateStackFile, { config: { [key]: { "mail-alerts": app } } })).toEqual(
        [],
      );
    }
    const file = {
      config: {
        "azuread:tenantId": "00000000-0000-0000-0000-000000000001",
        "entra-graph-apps:app": { "mail-alerts": app },
        "entra-graph-apps:defaults": { displayName: "Shared", owners: "nobody" },
        "entra-graph-apps:apps": { Mail_Alerts: app, "no-name": {} },
      },
      environment: ["shared"],
    };
    expect(errorsOf(validateStackFile, file)).toEqual([
      ".config['entra-graph-apps:apps'] should match pattern \"^[a-z0-9-]+$\"",
      ".config['entra-graph-apps:apps'] property name 'Mail_Alerts' is invalid",
      ".config['entra-graph-apps:apps']['no-name'] should have required property 'displayName'",
      ".config['entra-graph-apps:defaults'] should NOT have additional properties",
      ".config['entra-graph-apps:defaults'].owners should be array",
      ".config['entra-graph-apps:app'] should NOT be valid",
      ".environment should NOT be valid",
    ]);
  });

  it("describes every key the zod schema takes, and refuses those it refuses", () => {
    const missing: string[] = [];
    walkKeys(appSettingsSchema(TODAY), { $ref: "#/definitions/app" }, "app", missing);
    expect(missing).toEqual([]);
  });

  it("accepts any settings zod accepts (generated), and an unknown key as zod refuses it", () => {
    const settingsSchema = appSettingsSchema(TODAY);
    const zodApp = appSchema(settingsSchema, "some-app");
    fc.assert(
      fc.property(validSettings(), fc.string({ minLength: 1, maxLength: 12 }), (app, stray) => {
        expect(zodApp.safeParse(app).error?.issues).toBeUndefined();
        expect(errorsOf(validateApp, app)).toEqual([]);
        const file = { config: { "entra-graph-apps:apps": { "some-app": app } } };
        expect(errorsOf(validateStackFile, file)).toEqual([]);
        fc.pre(!(stray in settingsSchema.shape));
        expect(zodApp.safeParse({ ...app, [stray]: 1 }).success).toBe(false);
        expect(validateApp({ ...app, [stray]: 1 })).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

/** Walks zod's maps beside the JSON Schema's, recording each key zod takes that it lacks. */
function walkKeys(zod: z.ZodType, json: JsonSchema, path: string, missing: string[]): void {
  const inner = unwrap(zod);
  const node = resolve(json);
  if (inner instanceof z.ZodObject) {
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    if (node.additionalProperties !== false) missing.push(`${path}: takes unknown keys`);
    for (const [key, value] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      if (properties[key]) walkKeys(value, properties[key], `${path}.${key}`, missing);
      else missing.push(`${path}.${key}`);
    }
  } else if (inner instanceof z.ZodRecord) {
    walkKeys(
      inner.valueType as z.ZodType,
      node.additionalProperties as JsonSchema,
      `${path}.*`,
      missing,
    );
  } else if (inner instanceof z.ZodArray) {
    walkKeys(inner.element as z.ZodType, node.items as JsonSchema, `${path}[]`, missing);
  } else if (inner instanceof z.ZodUnion) {
    const branches = node.anyOf as JsonSchema[];
    inner.options.forEach((option, index) =>
      walkKeys(option as z.ZodType, branches[index], `${path}|${index}`, missing),
    );
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType);
  return schema;
}

function resolve(json: JsonSchema): JsonSchema {
  const ref = json.$ref as string | undefined;
  if (!ref) return json;
  const definitions = schema.definitions as Record<string, JsonSchema>;
  return resolve(definitions[ref.replace("#/definitions/", "")]);
}
