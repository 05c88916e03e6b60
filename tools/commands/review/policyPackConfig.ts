import { showValue } from "../../../program/config/redaction";

/*
 * A policy pack config file (`pulumi up --policy-pack-config F`) resolved as the Pulumi CLI does
 * it (pulumi/pulumi pkg/resource/analyzer/config.go: parsePolicyPackConfig, applyConfig,
 * ReconcilePolicyPackConfig): an empty file is no config; each top-level key names a policy and
 * holds an enforcement level string or an object of settings with an optional
 * `enforcementLevel`; `all` sets every policy's level first; settings override the schema's
 * defaults one by one; the result is validated against each policy's configSchema.
 */

export const ENFORCEMENT_LEVELS = ["mandatory", "remediate", "advisory", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

export interface JsonSchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** What the pack declares about one policy (its name, default level and configSchema). */
export interface PolicyInfo {
  name: string;
  enforcementLevel?: string;
  configSchema?: { properties?: Record<string, JsonSchema>; required?: string[] };
}

/** Every policy of the pack with the level and settings a run would use. */
export type ResolvedPolicyConfig = Record<
  string,
  { enforcementLevel: EnforcementLevel; settings: Record<string, unknown> }
>;

export type PolicyConfigResult =
  | { ok: true; config: ResolvedPolicyConfig }
  | { ok: false; problems: string[] };

const isLevel = (value: unknown): value is EnforcementLevel =>
  typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `text` (undefined: no file) resolved for `policies`; problems name `file`, the key and the fix. */
export function resolvePolicyPackConfig(
  text: string | undefined,
  policies: PolicyInfo[],
  file: string,
): PolicyConfigResult {
  const problems: string[] = [];
  const given: Record<string, { level?: EnforcementLevel; settings: Record<string, unknown> }> = {};
  if (text !== undefined && text.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return {
        ok: false,
        problems: [
          `${file}: not JSON (${(error as Error).message}); see policy/config.example.json`,
        ],
      };
    }
    if (!isMap(parsed))
      return {
        ok: false,
        problems: [`${file}: must be a JSON object of policy name to settings`],
      };
    for (const [key, value] of Object.entries(parsed)) {
      const levelFix = `use one of ${ENFORCEMENT_LEVELS.join(", ")}`;
      if (typeof value === "string") {
        if (isLevel(value)) given[key] = { level: value, settings: {} };
        else
          problems.push(
            `${file}: ${key} = ${showValue(value)} is not an enforcement level; ${levelFix}`,
          );
      } else if (isMap(value)) {
        const { enforcementLevel, ...settings } = value;
        if (enforcementLevel !== undefined && !isLevel(enforcementLevel))
          problems.push(
            `${file}: ${key}.enforcementLevel = ${showValue(enforcementLevel)} is not an enforcement level; ${levelFix}`,
          );
        else given[key] = { level: enforcementLevel, settings };
      } else {
        problems.push(
          `${file}: ${key} = ${showValue(value)} must be an enforcement level or an object of settings`,
        );
      }
    }
  }
  const config: ResolvedPolicyConfig = {};
  for (const policy of policies) {
    const defaults = Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => schema.default !== undefined)
      .map(([name, schema]) => [name, schema.default]);
    const level =
      given[policy.name]?.level ??
      given.all?.level ??
      (isLevel(policy.enforcementLevel) ? policy.enforcementLevel : "advisory");
    const settings = { ...Object.fromEntries(defaults), ...given[policy.name]?.settings };
    config[policy.name] = { enforcementLevel: level, settings };
    for (const required of policy.configSchema?.required ?? [])
      if (!(required in settings))
        problems.push(`${file}: ${policy.name}.${required} is required by the policy pack`);
    for (const [name, value] of Object.entries(settings)) {
      const schema = policy.configSchema?.properties?.[name];
      if (schema)
        problems.push(...schemaProblems(value, schema, `${file}: ${policy.name}.${name}`));
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** The JSON Schema keywords the pack's schemas use, checked as gojsonschema checks them. */
function schemaProblems(value: unknown, schema: JsonSchema, where: string): string[] {
  const fail = (what: string) => [`${where} = ${showValue(value)}: ${what}`];
  switch (schema.type) {
    case "integer":
    case "number":
      if (typeof value !== "number" || (schema.type === "integer" && !Number.isInteger(value)))
        return fail(`must be ${schema.type === "integer" ? "an integer" : "a number"}`);
      if (schema.minimum !== undefined && value < schema.minimum)
        return fail(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum)
        return fail(`must be at most ${schema.maximum}`);
      return [];
    case "string":
      return typeof value === "string" ? [] : fail("must be a string");
    case "boolean":
      return typeof value === "boolean" ? [] : fail("must be true or false");
    case "array":
      if (!Array.isArray(value)) return fail("must be a list");
      return schema.items
        ? value.flatMap((item, index) => schemaProblems(item, schema.items!, `${where}[${index}]`))
        : [];
    case "object": {
      if (!isMap(value)) return fail("must be an object");
      const missing = (schema.required ?? []).filter((key) => !(key in value));
      return [
        ...missing.map((key) => `${where}.${key} is required`),
        ...Object.entries(schema.properties ?? {}).flatMap(([key, inner]) =>
          key in value ? schemaProblems(value[key], inner, `${where}.${key}`) : [],
        ),
      ];
    }
    default:
      return [];
  }
}
