/**
 * The slice of Terraform's schema model the azuread provider's resources use, enough to check
 * inputs the way the provider's Check does at preview (required, MaxItems, ValidateFunc,
 * ConflictsWith) and to diff new inputs against the state Read left (ForceNew → replace,
 * Computed → no diff when unset, sets compared as sets, case-sensitively).
 */

/** A ValidateFunc: the messages it returns for one value, with Terraform's key in them. */
export type Validator = (value: unknown, key: string) => string[];

export interface FieldSpec {
  /** Pulumi property name; `tf` is the provider's own (snake_case) name, used in messages. */
  name: string;
  tf: string;
  kind: "string" | "bool" | "list" | "set" | "map" | "block";
  required?: boolean;
  /** Optional + Computed: when the program leaves it unset, the state's value stands (no diff). */
  computed?: boolean;
  forceNew?: boolean;
  maxItems?: number;
  minItems?: number;
  /** For strings, and for the elements of string lists and sets. */
  validate?: Validator;
  /** Fields of each element of a `block` (or of a list/set of blocks). */
  elem?: FieldSpec[];
  /** Inside a block: a set of blocks (e.g. required_resource_access) rather than a list. */
  blockSet?: boolean;
  conflictsWith?: string[];
  /** Terraform's Default: what an unset field means. */
  default?: unknown;
  /** Diff suppression: values the provider treats as equal (DiffSuppressFunc). */
  same?: (planned: unknown, state: unknown) => boolean;
}

/** Problems with a resource's inputs, in Terraform's words, all of them. */
export function checkInputs(
  fields: FieldSpec[],
  inputs: Record<string, unknown>,
  prefix = "",
): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const value = inputs[field.name];
    const key = `${prefix}${field.tf}`;
    if (value === undefined || value === null) {
      if (field.required) {
        problems.push(
          `Missing required argument: The argument "${key}" is required, but no definition was found.`,
        );
      }
      continue;
    }
    for (const other of field.conflictsWith ?? []) {
      const otherField = fields.find((f) => f.tf === other);
      if (otherField && !isUnset(inputs[otherField.name])) {
        problems.push(`Conflicting configuration arguments: "${key}": conflicts with ${other}`);
      }
    }
    problems.push(...checkValue(field, value, key));
  }
  return problems;
}

function checkValue(field: FieldSpec, value: unknown, key: string): string[] {
  if (field.kind === "string" || field.kind === "bool") {
    return field.validate ? field.validate(value, key) : [];
  }
  if (field.kind === "map") return [];
  const items = Array.isArray(value) ? value : [value];
  const problems: string[] = [];
  if (field.maxItems !== undefined && items.length > field.maxItems) {
    problems.push(
      `Too many ${key} items: Attribute ${key} supports ${field.maxItems} item${field.maxItems === 1 ? "" : "s"} maximum, but config has ${items.length} declared.`,
    );
  }
  if (field.minItems !== undefined && items.length < field.minItems) {
    problems.push(
      `Not enough ${key} items: Attribute ${key} requires ${field.minItems} item minimum, but config has only ${items.length} declared.`,
    );
  }
  items.forEach((item, index) => {
    const itemKey = `${key}.${index}`;
    if (field.elem) {
      problems.push(
        ...checkInputs(field.elem, (item ?? {}) as Record<string, unknown>, `${itemKey}.`),
      );
    } else if (field.validate) {
      problems.push(...field.validate(item, itemKey));
    }
  });
  return problems;
}

export type Change = { field: string; replaces: boolean };

/**
 * What `pulumi up` would change, field by field: new inputs against the state Read produced.
 * Unset Computed fields keep their state; unset plain Optional fields diff when the state holds a
 * value; sets compare as sets (the provider hashes strings case-sensitively).
 */
export function diffInputs(
  fields: FieldSpec[],
  inputs: Record<string, unknown>,
  state: Record<string, unknown>,
): Change[] {
  const changes: Change[] = [];
  for (const field of fields) {
    const planned = isUnset(inputs[field.name]) ? field.default : inputs[field.name];
    const current = state[field.name];
    if (isUnset(planned)) {
      if (field.computed || field.required || isUnset(current)) continue;
      changes.push({ field: field.name, replaces: !!field.forceNew });
      continue;
    }
    if (field.same ? field.same(planned, current) : sameValue(field, planned, current)) continue;
    changes.push({ field: field.name, replaces: !!field.forceNew });
  }
  return changes;
}

function sameValue(field: FieldSpec, planned: unknown, current: unknown): boolean {
  if (field.kind === "set") {
    const a = (planned as unknown[]).map(canonical);
    const b = ((current as unknown[] | undefined) ?? []).map(canonical);
    return a.length === b.length && a.every((item) => b.includes(item));
  }
  if (field.kind === "block" && field.elem && !Array.isArray(planned)) {
    const p = planned as Record<string, unknown>;
    const c = (current ?? {}) as Record<string, unknown>;
    return diffInputs(field.elem, p, c).length === 0;
  }
  return canonical(planned) === canonical(current);
}

/** JSON with sorted keys, treating unset and empty alike. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .filter((k) => !isUnset(v[k]))
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

export function isUnset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" &&
      !Array.isArray(value) &&
      Object.keys(value as object).length === 0)
  );
}
