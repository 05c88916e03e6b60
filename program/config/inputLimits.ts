import { ConfigProblem } from "./configProblem";
import { hasSecretShape } from "./secretShapes";
import { MAX_APP_KEY_LENGTH } from "./settings/registration";

/**
 * Limits on the shape of stack config, checked before anything else reads it, so a hostile or
 * careless file cannot exhaust memory or hide settings.
 */

/**
 * Apps per stack, and resources counting components: at these limits `plan` and `review` (which
 * evaluates the program twice) stay within 5 s and 512 MB on two cores, measured on 100 apps x 1
 * permission and 10 apps x 90 permissions (docs/configuration.md "Large stacks"). `pulumi up` itself could take more
 * (the benchmark lifts both limits: tools/bench/liftStackLimits.ts), but a stack nobody can plan
 * or review in time is not one this project deploys.
 */
export const MAX_APPS_PER_STACK = 100;
export const MAX_RESOURCES_PER_STACK = 1_000;
/** Nesting of maps and lists; real config goes six levels deep. */
const MAX_DEPTH = 12;
/** Maps, lists and values in the whole config. */
const MAX_NODES = 200_000;

/**
 * The longest map key: app keys take 60 characters, credential names 120 (the provider's
 * display_name limit), API names and appIds 36; nothing longer is a name this config knows.
 */
export const MAX_KEY_LENGTH = 256;
/**
 * A permission (app role or scope) value: the azuread provider refuses longer ones
 * (applicationsValidate.RoleScopeClaimValue, internal/services/applications/validate/tokens.go,
 * v3.8.0); the longest in the catalog has 55.
 */
export const MAX_PERMISSION_NAME_LENGTH = 249;
/** Any value: the longest a setting takes is a certificate's PEM, and a pemFile is at most 64 KB. */
export const MAX_VALUE_LENGTH = 65_536;

const SPLIT_ADVICE =
  'split the apps into several stacks (one per team or product, each its own Pulumi.<stack>.yaml; docs/configuration.md "Large stacks")';

/**
 * Map keys JavaScript treats specially: `__proto__` sets an object's prototype instead of
 * adding an entry, so a credential named so would silently vanish.
 */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Problems with the config's shape: `fatal` ones (size, depth, over-long names and values) stop
 * validation before it reads anything more, so nothing after it compares, suggests or echoes a
 * 100 KB name; reserved keys and key material are reported with every other problem.
 * Iterative: no deep recursion, whatever the input.
 */
export function shapeProblems(root: Record<string, unknown>): {
  fatal: ConfigProblem[];
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const fatal: ConfigProblem[] = [];
  const pending: { value: unknown; path: string; depth: number; role: Role }[] = Object.entries(
    root,
  ).map(([key, value]) => ({ value, path: key, depth: 1, role: roleOf("root", key) }));
  let nodes = 0;
  while (pending.length > 0) {
    const { value, path, depth, role } = pending.pop()!;
    if (++nodes > MAX_NODES) {
      const message = `holds more than ${MAX_NODES} values; ${SPLIT_ADVICE}`;
      return { fatal: [{ path: "apps", value: undefined, message }], problems: [] };
    }
    const tooLong = typeof value === "string" ? valueLengthProblem(path, role, value) : undefined;
    if (tooLong) {
      fatal.push(tooLong);
      continue;
    }
    if (typeof value === "string" && hasSecretShape(value) && !/\.certificates\./.test(path)) {
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
      if (!Array.isArray(value) && key.length > MAX_KEY_LENGTH) {
        fatal.push({
          path: `${path}.<${key.length}-character key>`,
          value: undefined,
          message: `is a map key of ${key.length} characters; no name in this config is longer than ${MAX_KEY_LENGTH} (app keys ${MAX_APP_KEY_LENGTH}, credential names 120): shorten it`,
        });
        continue;
      }
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
        role: Array.isArray(value) ? roleOf(role, "[]") : roleOf(role, key),
      });
    }
  }
  const byPath = (a: ConfigProblem, b: ConfigProblem) => a.path.localeCompare(b.path);
  return { fatal: fatal.sort(byPath), problems: problems.sort(byPath) };
}

/** What a node is, as far as length limits care: by its parent's role and its own key. */
type Role =
  | "root"
  | "apps"
  | "app"
  | "permissions"
  | "api"
  | "permissionList"
  | "permission"
  | "other";

function roleOf(parent: Role, key: string): Role {
  if (parent === "root") return key === "apps" ? "apps" : key === "defaults" ? "app" : "other";
  if (parent === "apps") return "app";
  if (parent === "app") return key === "permissions" ? "permissions" : "other";
  if (parent === "permissions") return "api";
  if (parent === "api")
    return key === "application" || key === "delegated" ? "permissionList" : "other";
  if (parent === "permissionList") return "permission";
  return "other";
}

function valueLengthProblem(path: string, role: Role, value: string): ConfigProblem | undefined {
  if (role === "permission" && value.length > MAX_PERMISSION_NAME_LENGTH) {
    return {
      path,
      value: undefined,
      message: `is ${value.length} characters long; a permission name is at most ${MAX_PERMISSION_NAME_LENGTH} (the azuread provider's limit; Microsoft Graph's longest has 55), so this names no permission`,
    };
  }
  if (value.length <= MAX_VALUE_LENGTH) return undefined;
  return {
    path,
    value: undefined,
    message: `is ${value.length} characters long; no setting takes more than ${MAX_VALUE_LENGTH} (the longest, a certificate's PEM, is a few KB)`,
  };
}

/** Too many apps is refused before any app is validated, however large the stack file. */
export function appCountProblem(appCount: number): ConfigProblem | undefined {
  if (appCount <= MAX_APPS_PER_STACK) return undefined;
  return {
    path: "apps",
    value: undefined,
    message: `has ${appCount} apps; a stack holds at most ${MAX_APPS_PER_STACK} (beyond that plan and review outgrow their time and memory budget); ${SPLIT_ADVICE}`,
  };
}

/** Refused after validation, from the resources the program would register. */
export function resourceCountProblem(resourceCount: number): ConfigProblem | undefined {
  if (resourceCount <= MAX_RESOURCES_PER_STACK) return undefined;
  return {
    path: "apps",
    value: undefined,
    message: `would register ${resourceCount} resources; a stack holds at most ${MAX_RESOURCES_PER_STACK} (beyond that plan and review outgrow their time and memory budget); ${SPLIT_ADVICE}`,
  };
}
