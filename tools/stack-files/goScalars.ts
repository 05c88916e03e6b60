import { GoValue } from "./goValues";

/**
 * How `gopkg.in/yaml.v3` v3.0.1 types an untagged plain scalar when it decodes into `any`
 * (resolve.go: resolve, parseTimestamp), which is how Pulumi reads Pulumi.yaml and stack files.
 * Returns a refusal reason for the few forms whose Go value depends on the machine (timestamps
 * with a zone offset: time.Parse picks the Local zone when it matches) or that Pulumi cannot pass
 * on (.inf and .nan fail encoding/json).
 */
export function resolvePlainScalar(text: string): GoValue | { refused: string } {
  const fixed = FIXED.get(text);
  if (fixed) return fixed;
  if (/^[.+-]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(text) || /^[+-]\.(?:inf|Inf|INF)$/.test(text))
    return {
      refused: `${text} is an infinite or not-a-number float, which Pulumi cannot pass on; quote it`,
    };
  const first = text[0];
  if (first === ".") return resolveDotFloat(text);
  if (first !== undefined && /[0-9+-]/.test(first)) return resolveNumeric(text);
  return { kind: "string", value: text };
}

const FIXED = new Map<string, GoValue>([
  ...["true", "True", "TRUE"].map((t) => [t, { kind: "bool", value: true }] as const),
  ...["false", "False", "FALSE"].map((t) => [t, { kind: "bool", value: false }] as const),
  ...["", "~", "null", "Null", "NULL"].map((t) => [t, { kind: "null" }] as const),
]);

/** Hint '.': strconv.ParseFloat of the text as written (underscores and all). */
function resolveDotFloat(text: string): GoValue | { refused: string } {
  if (/^\.[0-9]+(?:[eE][+-]?[0-9]+)?$/.test(text)) return floatOrString(text);
  if (/^\.[0-9_eE+-]*$/.test(text) && /[0-9]/.test(text))
    return { refused: `${text} is a number form whose Go reading is ambiguous; quote it` };
  return { kind: "string", value: text };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Hints 'D' and 'S': timestamp, then int (base prefixes, `_` dropped), uint, float, 0b/0o forms. */
function resolveNumeric(text: string): GoValue | { refused: string } {
  const time = parseTimestamp(text);
  if (time) return time;
  const plain = text.replace(/_/g, "");
  const asInt = parseGoInteger(plain);
  if (asInt !== undefined && asInt >= INT64_MIN && asInt <= UINT64_MAX)
    return { kind: "int", decimal: asInt.toString() };
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return { kind: "float", value };
  }
  // yaml.v3 retries `0b`/`0o` bodies with strconv.ParseInt, which takes a sign after the prefix.
  const prefixed = /^(-?)0([bo])([+-]?)([0-9]+)$/.exec(plain);
  if (prefixed && (prefixed[1] === "" || prefixed[3] === "")) {
    const [, outer, base, inner, digits] = prefixed;
    const radix = base === "b" ? 2 : 8;
    if ([...digits].every((d) => Number(d) < radix)) {
      const negative = (outer === "-") !== (inner === "-");
      const value = (negative ? -1n : 1n) * BigInt(`0${base}${digits}`);
      if (value >= INT64_MIN && value <= (outer === "-" ? INT64_MAX : UINT64_MAX))
        return { kind: "int", decimal: value.toString() };
    }
  }
  return { kind: "string", value: text };
}

/** strconv.ParseInt(s, 0, 64) then ParseUint(s, 0, 64): sign, base prefix or leading-0 octal. */
function parseGoInteger(plain: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(
    plain,
  );
  if (!match) return undefined;
  const [, sign, body] = match;
  const literal = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body.toLowerCase();
  const magnitude = BigInt(literal);
  if (sign === "-") return magnitude <= -INT64_MIN ? -magnitude : undefined;
  // ParseUint refuses a sign: "+x" beyond int64 is no number.
  return sign === "+" && magnitude > INT64_MAX ? undefined : magnitude;
}

function floatOrString(text: string): GoValue {
  const value = Number(text);
  return Number.isFinite(value) ? { kind: "float", value } : { kind: "string", value: text };
}

/**
 * yaml.v3 parseTimestamp: four digits and `-`, then one of `2006-1-2T15:4:5.999999999Z07:00`
 * (also with `t`), `2006-1-2 15:4:5.999999999`, `2006-1-2`, as Go's time.Parse reads them.
 * A zone offset other than `Z` is refused: Go then names the zone from the machine's Local.
 */
function parseTimestamp(text: string): GoValue | { refused: string } | undefined {
  if (!/^[0-9]{4}-/.test(text)) return undefined;
  const match =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])|( ))([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:([.,])([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.exec(
      text,
    );
  if (!match) return undefined;
  const [, year, month, day, t, space, hour, minute, second, separator, fraction, zone] = match;
  if (t !== undefined && zone === undefined) return undefined; // the T form needs a zone
  if (space !== undefined && zone !== undefined) return undefined; // the space form has none
  if (!validDate(Number(year), Number(month), Number(day))) return undefined;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59))
    return undefined;
  if (separator === "," || (fraction !== undefined && fraction.length > 9))
    return { refused: `${text} is a timestamp form whose Go reading is ambiguous; quote it` };
  if (zone !== undefined && zone !== "Z")
    return {
      refused: `${text} has a zone offset, which Go renders from the deploying machine's time zone; use Z (UTC) or a date`,
    };
  const two = (n: string | undefined) => (n ?? "0").padStart(2, "0");
  return {
    kind: "time",
    date: `${year}-${two(month)}-${two(day)}`,
    clock: `${two(hour)}:${two(minute)}:${two(second)}`,
    fraction: (fraction ?? "").replace(/0+$/, ""),
  };
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}
