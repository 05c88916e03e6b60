import { ConfigProblem } from "./configProblem";
import { TOKEN_RUN, looksLikeKeyBytes } from "./redaction";

/**
 * Limits on the shape of stack config, checked before anything else reads it, so a hostile or
 * careless file cannot exhaust memory or hide settings.
 */

/**
 * Apps per stack. The benchmark (npm run bench) measures ~0.2 MB of Node heap per resource and
 * ~14 resources per app with 10 permissions; 500 such apps (7,000 resources) peak near 1.5 GB.
 */
export const MAX_APPS_PER_STACK = 500;
/** Resources per stack: what fits comfortably in Node's default heap (see README "Large stacks"). */
export const MAX_RESOURCES_PER_STACK = 8_000;
/** Nesting of maps and lists; real config goes six levels deep. */
const MAX_DEPTH = 12;
/** Maps, lists and values in the whole config. */
const MAX_NODES = 200_000;

const SPLIT_ADVICE =
  'split the apps into several stacks (one per team or product, each its own Pulumi.<stack>.yaml; README "Large stacks")';

/**
 * Map keys JavaScript treats specially: `__proto__` sets an object's prototype instead of
 * adding an entry, so a credential named so would silently vanish.
 */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A private key in PEM, raw key bytes in base64, an Entra client secret, or a JWT. */
function looksLikeKeyMaterial(text: string): boolean {
  return (
    /PRIVATE KEY-----/.test(text) ||
    (text.match(TOKEN_RUN) ?? []).some(looksLikeKeyBytes) ||
    /[A-Za-z0-9_.~-]{3}[0-9][A-Za-z]~[A-Za-z0-9_.~-]{31,34}/.test(text) ||
    /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./.test(text)
  );
}

/**
 * Problems with the config's shape: `fatal` ones (size, depth) stop validation before it reads
 * anything more; reserved keys and key material are reported with every other problem.
 * Iterative: no deep recursion, whatever the input.
 */
export function shapeProblems(root: Record<string, unknown>): {
  fatal: ConfigProblem[];
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const fatal: ConfigProblem[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = Object.entries(root).map(
    ([key, value]) => ({ value, path: key, depth: 1 }),
  );
  let nodes = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (++nodes > MAX_NODES) {
      const message = `holds more than ${MAX_NODES} values; ${SPLIT_ADVICE}`;
      return { fatal: [{ path: "apps", value: undefined, message }], problems: [] };
    }
    if (
      typeof value === "string" &&
      looksLikeKeyMaterial(value) &&
      !/\.certificates\./.test(path)
    ) {
      problems.push({
        path,
        value: undefined,
        message:
          "holds what looks like a private key, client secret or token; keys and secrets never belong in stack config (it is committed, and Entra shows these values to every directory reader). Remove it and keep the key with the service or in a secret store",
      });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_DEPTH) {
      fatal.push({
        path,
        value: undefined,
        message: `is nested more than ${MAX_DEPTH} levels deep; no setting of this project goes that deep`,
      });
      continue;
    }
    const entries = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item] as const)
      : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]] as const);
    for (const [key, child] of entries) {
      if (!Array.isArray(value) && RESERVED_KEYS.has(key)) {
        problems.push({
          path: `${path}.${key}`,
          value: undefined,
          message: `"${key}" is a reserved name in JavaScript and would be dropped silently; rename it`,
        });
        continue;
      }
      pending.push({
        value: child,
        path: Array.isArray(value) ? `${path}${key}` : `${path}.${key}`,
        depth: depth + 1,
      });
    }
  }
  const byPath = (a: ConfigProblem, b: ConfigProblem) => a.path.localeCompare(b.path);
  return { fatal: fatal.sort(byPath), problems: problems.sort(byPath) };
}

/** Too many apps is refused before any app is validated, however large the stack file. */
export function appCountProblem(appCount: number): ConfigProblem | undefined {
  if (appCount <= MAX_APPS_PER_STACK) return undefined;
  return {
    path: "apps",
    value: undefined,
    message: `has ${appCount} apps; a stack holds at most ${MAX_APPS_PER_STACK} (beyond that a deployment outgrows Node's memory); ${SPLIT_ADVICE}`,
  };
}

/** Refused after validation, from the resources the program would register. */
export function resourceCountProblem(resourceCount: number): ConfigProblem | undefined {
  if (resourceCount <= MAX_RESOURCES_PER_STACK) return undefined;
  return {
    path: "apps",
    value: undefined,
    message: `would register ${resourceCount} resources; a stack holds at most ${MAX_RESOURCES_PER_STACK} (beyond that a deployment outgrows Node's memory); ${SPLIT_ADVICE}`,
  };
}
