/**
 * Values as Pulumi's Go code holds them after `gopkg.in/yaml.v3` decodes a file into `any`, and
 * the text Pulumi hands the program for each (github.com/pulumi/pulumi/sdk/v3 v3.248.0,
 * go/common/resource/config/object.go: unmarshalObject, MarshalString, MarshalJSON).
 */
export type GoValue =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  /** Go int, int64 or uint64: kept as decimal text, exact beyond 2^53. */
  | { kind: "int"; decimal: string }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string }
  /** A YAML timestamp (time.Time): its fields in UTC; only UTC timestamps are accepted. */
  | { kind: "time"; date: string; clock: string; fraction: string }
  | { kind: "map"; entries: Map<string, GoValue> }
  | { kind: "list"; items: GoValue[] };

const INT64_MAX = 2n ** 63n - 1n;

/** Go's time.Time.String() of a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTimeString(time: Extract<GoValue, { kind: "time" }>): string {
  return `${time.date} ${time.clock}${time.fraction ? `.${time.fraction}` : ""} +0000 UTC`;
}

/** time.Time.MarshalJSON (RFC 3339 with nanoseconds): `2006-01-02T15:04:05.999999999Z`. */
function goTimeRfc3339(time: Extract<GoValue, { kind: "time" }>): string {
  return `${time.date}T${time.clock}${time.fraction ? `.${time.fraction}` : ""}Z`;
}

/** encoding/json's float64 text: JavaScript's shortest form, which agrees, but for -0. */
function goFloatJson(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

/**
 * encoding/json text of a value as `config.object` holds it: map keys sorted (Go sorts them),
 * timestamps as `time.String()` (unmarshalObject turns them into strings first), or as RFC 3339
 * where the value never became a config object (project config: createConfigValue).
 */
export function goJson(value: GoValue, times: "string" | "rfc3339" = "string"): string {
  switch (value.kind) {
    case "null":
      return "null";
    case "bool":
      return String(value.value);
    case "int":
      // Beyond int64, Decrypt's re-read of the JSON (json.Number: Int64, else Float64) makes a float.
      return BigInt(value.decimal) > INT64_MAX ? goFloatJson(Number(value.decimal)) : value.decimal;
    case "float":
      return goFloatJson(value.value);
    case "string":
      return JSON.stringify(value.value);
    case "time":
      return JSON.stringify(times === "string" ? goTimeString(value) : goTimeRfc3339(value));
    case "list":
      return `[${value.items.map((item) => goJson(item, times)).join(",")}]`;
    case "map":
      return `{${[...value.entries.keys()]
        .sort(compareGoStrings)
        .map((key) => `${JSON.stringify(key)}:${goJson(value.entries.get(key)!, times)}`)
        .join(",")}}`;
  }
}

/** Go sorts strings by their UTF-8 bytes; JavaScript's `<` compares UTF-16 units. */
function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The text Pulumi hands the program for a top-level config value (object.MarshalString). */
export function goConfigText(value: GoValue): string {
  switch (value.kind) {
    case "string":
      return value.value;
    case "time":
      return goTimeString(value);
    case "null":
      // A key with no value: Pulumi warns and passes "" (workspace/loaders.go checkForEmptyConfig).
      return "";
    default:
      return goJson(value);
  }
}

/** `{secure: <string>}` and nothing else: Pulumi's ciphertext (object.go isSecureValue). */
export function isSecureValue(value: GoValue): boolean {
  return (
    value.kind === "map" &&
    value.entries.size === 1 &&
    value.entries.get("secure")?.kind === "string"
  );
}

/** Whether a ciphertext sits anywhere inside the value. */
export function holdsSecureValue(value: GoValue): boolean {
  if (isSecureValue(value)) return true;
  if (value.kind === "map") return [...value.entries.values()].some(holdsSecureValue);
  if (value.kind === "list") return value.items.some(holdsSecureValue);
  return false;
}
