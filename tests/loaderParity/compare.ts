/**
 * Judging one corpus case: what Pulumi's Go loader printed (tools/engine/cmd/stack-config) against
 * what our loader returned. Ours must give the config the program would get from `pulumi up`, or
 * refuse; anything else is a mismatch.
 */
import { isDeepStrictEqual } from "util";

/** One line of tools/engine/cmd/stack-config. */
export interface GoResult {
  dir: string;
  stack: string;
  config?: Record<string, string>;
  secureKeys?: string[];
  environment?: string;
  warnings?: string;
  error?: string;
}

/** Our loader's answer: the printStackConfig line, or a crash (a throw that is not a refusal). */
export type OurResult =
  | { config: Record<string, string>; secureKeys: string[] }
  | { refused: string[] }
  | { crashed: string };

export type Verdict =
  | { kind: "agreed"; orderOnly: boolean }
  | { kind: "refusedByUs"; pulumi: "config" | "nondeterministic" }
  | { kind: "refusedByBoth" }
  | { kind: "mismatch"; reason: string };

/**
 * `goRuns` are the Go program's answers for the same case run several times: Pulumi resolves
 * some key collisions in Go's random map order, and then only a refusal is right.
 */
export function judge(goRuns: GoResult[], ours: OurResult): Verdict {
  const go = goRuns[0];
  const nondeterministic = goRuns.some((run) => !isDeepStrictEqual(answer(run), answer(go)));
  if ("crashed" in ours) return { kind: "mismatch", reason: `our loader crashed: ${ours.crashed}` };
  if ("refused" in ours) {
    if (go.error !== undefined && !nondeterministic) return { kind: "refusedByBoth" };
    return { kind: "refusedByUs", pulumi: nondeterministic ? "nondeterministic" : "config" };
  }
  if (nondeterministic)
    return {
      kind: "mismatch",
      reason: "Pulumi's answer changes from run to run (Go map order); ours must refuse",
    };
  if (go.error !== undefined)
    return { kind: "mismatch", reason: "pulumi up fails on this project; ours accepted it" };
  if (go.environment !== undefined)
    return {
      kind: "mismatch",
      reason:
        "the stack imports an ESC environment, whose config Pulumi merges in; ours must refuse",
    };
  return compareConfig(go, ours);
}

/** What a run decided, without texts whose order follows Go's map order (warnings, error text). */
function answer(run: GoResult): unknown {
  if (run.error !== undefined) return "error";
  return [run.config, [...(run.secureKeys ?? [])].sort(), run.environment];
}

function compareConfig(
  go: GoResult,
  ours: { config: Record<string, string>; secureKeys: string[] },
): Verdict {
  const goConfig = go.config ?? {};
  const problems: string[] = [];
  const goKeys = Object.keys(goConfig).sort();
  const ourKeys = Object.keys(ours.config).sort();
  const missing = goKeys.filter((key) => !(key in ours.config));
  const extra = ourKeys.filter((key) => !(key in goConfig));
  if (missing.length > 0) problems.push(`keys Pulumi passes and ours lacks: ${missing.join(", ")}`);
  if (extra.length > 0)
    problems.push(`keys ours has and Pulumi does not pass: ${extra.join(", ")}`);
  let orderOnly = false;
  for (const key of goKeys.filter((k) => k in ours.config)) {
    const [theirs, mine] = [goConfig[key], ours.config[key]];
    if (theirs === mine) continue;
    if (sameParsedCollection(theirs, mine)) orderOnly = true;
    else
      problems.push(
        `${key}: Pulumi passes ${JSON.stringify(theirs)}, ours ${JSON.stringify(mine)}`,
      );
  }
  const goSecure = [...(go.secureKeys ?? [])].sort();
  const ourSecure = [...ours.secureKeys].sort();
  if (!isDeepStrictEqual(goSecure, ourSecure))
    problems.push(`secure keys: Pulumi ${goSecure.join(", ")}; ours ${ourSecure.join(", ")}`);
  return problems.length > 0
    ? { kind: "mismatch", reason: problems.join("; ") }
    : { kind: "agreed", orderOnly };
}

/**
 * Two texts the program reads with `getObject` into the same value: both JSON objects or arrays,
 * deep-equal, numbers compared with Object.is (so -0 is not 0). Scalars must match as text:
 * `config.get` hands the program the text itself.
 */
export function sameParsedCollection(a: string, b: string): boolean {
  const parse = (text: string): unknown => {
    if (!/^\s*[[{]/.test(text)) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const [left, right] = [parse(a), parse(b)];
  return left !== undefined && right !== undefined && sameJson(left, right);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).sort();
  const bKeys = Object.keys(b).sort();
  return (
    isDeepStrictEqual(aKeys, bKeys) &&
    aKeys.every((key) =>
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}
