import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { parse } from "yaml";
import { formatProblem } from "../program/config/configProblem";
import { StackConfigError } from "../program/stackConfigError";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";
import { keySamples, leakedWindow } from "./hostile/keyMaterial";
import { TODAY, runProgramExpectingError } from "./support/simulate";

// Valid configs (the committed stacks and the seed examples), mutated at random: validation
// never throws, every problem names a path, no key material is ever printed, and a refused
// config registers nothing.
const projectDir = path.join(__dirname, "..");
const stackFiles = [
  "Pulumi.dev.yaml",
  "Pulumi.prod.yaml",
  ...fs
    .readdirSync(path.join(projectDir, "examples"))
    .map((example) => path.join("examples", example, "Pulumi.example.yaml"))
    .filter((file) => fs.existsSync(path.join(projectDir, file))),
];
const bases: RawStackConfig[] = stackFiles.map((file) => {
  const config = parse(fs.readFileSync(path.join(projectDir, file), "utf8")).config;
  return { apps: config["entra-graph-apps:apps"], defaults: config["entra-graph-apps:defaults"] };
});
const [key] = keySamples().slice(1);

/** Secrets in the other shapes of issue 24 finding 12; none may be printed either. */
const otherSecrets = [
  "abc8Q~Xy7_Lp2.Vb9-Rt4Mz6_Kd1.Hs8-Wn3Fg5Jq",
  "k9P[x]?@Lm2*Qr7:Zt4=Vw8-Yb1.Ce5_",
  "5f3c9a0e7b2d4c6f8a1e3b5d7f9c2a4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a",
  "Hq3%2BZr8%2FkLm1%2Bw9XpT4vN7%2FyB6cD2eF5gH8jK0%3D",
];

/** A value an attacker or a careless hand might put anywhere. */
const hostileValue = fc.oneof(
  fc.constantFrom(key.pems[0], key.pems[1] ?? key.pems[0], key.base64Body, key.jwkD, key.hex),
  fc.constantFrom(
    `notes ${otherSecrets[0]}`,
    otherSecrets[1],
    `key=${otherSecrets[2]}`,
    `https://app.contoso.com/cb?sv=2022-11-02&sig=${otherSecrets[3]}`,
    "-eyJ".repeat(20_000),
    `Mail.Send${"x".repeat(5_000)}`,
  ),
  fc.constantFrom(
    "",
    " ",
    "Mail\u200b.Send",
    "М ail.Send",
    "__proto__",
    "../../etc/shadow",
    "/dev/zero",
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
);

/** Every path to a value in a JSON tree, as key lists. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value as object);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function mutate(
  base: RawStackConfig,
  choice: number,
  action: number,
  value: unknown,
): RawStackConfig {
  const copy = structuredClone(base) as unknown as Record<string, unknown>;
  const paths = pathsOf(copy).filter((p) => p.length > 0);
  const target = paths[choice % paths.length];
  type Node = Record<string | number, unknown>;
  const parent = target.slice(0, -1).reduce<Node>((node, k) => node[k] as Node, copy);
  const last = target[target.length - 1];
  if (action === 0) parent[last] = value;
  else if (action === 1 && !Array.isArray(parent)) delete parent[last];
  else if (!Array.isArray(parent)) {
    const renamed = typeof value === "string" ? value : "__proto__";
    Object.defineProperty(parent, renamed, {
      value: parent[last],
      enumerable: true,
      writable: true,
      configurable: true,
    });
    delete parent[last];
  }
  return copy as unknown as RawStackConfig;
}

const mutation = fc.tuple(
  fc.integer({ min: 0, max: bases.length - 1 }),
  fc.nat(),
  fc.integer({ min: 0, max: 2 }),
  hostileValue,
);

it("validation never throws, names a path for every problem and never prints key material", () => {
  fc.assert(
    fc.property(mutation, ([baseIndex, choice, action, value]) => {
      const raw = mutate(bases[baseIndex], choice, action, value);
      const result = validateStackConfig(raw, TODAY, { projectDir });
      const printed = result.problems.map(formatProblem).join("\n");
      expect(leakedWindow(key, printed)).toBeUndefined();
      expect(otherSecrets.filter((secret) => printed.includes(secret.slice(4, 20)))).toEqual([]);
      for (const problem of result.problems) expect(problem.path.length).toBeGreaterThan(0);
      expect(printed).not.toMatch(/\n\s+at /);
    }),
    { numRuns: 300, seed: 20261123 },
  );
});

it("the program refuses every invalid mutation before registering anything", async () => {
  await fc.assert(
    fc.asyncProperty(mutation, async ([baseIndex, choice, action, value]) => {
      const raw = mutate(bases[baseIndex], choice, action, value);
      if (validateStackConfig(raw, TODAY, { projectDir }).problems.length === 0) return;
      const { error, tenant } = await runProgramExpectingError(raw);
      expect(error).toBeInstanceOf(StackConfigError);
      expect(leakedWindow(key, error.message)).toBeUndefined();
      expect(tenant.resources).toEqual([]);
    }),
    { numRuns: 40, seed: 20261123 },
  );
});
