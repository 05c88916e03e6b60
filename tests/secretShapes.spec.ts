import fc from "fast-check";
import { shapeProblems } from "../program/config/inputLimits";
import { MASK, redactKeyMaterial } from "../program/config/redaction";
import { offlineCatalogs } from "../program/permissions/catalog";

// Every known shape of secret, generated at random and pasted into random text in any setting
// that is not a certificate: refused at its path and masked in output. And the public values
// that share their characters (GUIDs, thumbprints, permission names, URLs) are neither.

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const URL_SAFE = `${UPPER}${LOWER}${DIGITS}-._~`;
const HEX = "0123456789abcdef";
const chars = (alphabet: string, min: number, max = min) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max })
    .map((list) => list.join(""));
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A secret and the part of it that must never be printed. */
interface Secret {
  text: string;
  core: string;
}

const secretShapes: Record<string, fc.Arbitrary<Secret>> = {
  // Three characters, a digit, a letter, `~`, then 31-34 (`abc8Q~…`).
  "client secret": fc
    .tuple(chars(URL_SAFE, 3), chars(DIGITS, 1), chars(UPPER + LOWER, 1), chars(URL_SAFE, 31, 34))
    .map(([head, digit, letter, tail]) => {
      const text = `${head}${digit}${letter}~${tail}`;
      return { text, core: text };
    }),
  // 16 bytes or more in hex, but not a 40-digit thumbprint.
  "hex key": fc
    .integer({ min: 32, max: 128 })
    .filter((length) => length !== 40)
    .chain((length) => chars(HEX, length))
    .filter((hex) => /[0-9]/.test(hex) && /[a-f]/.test(hex))
    .chain((hex) => fc.constantFrom(hex, hex.toUpperCase()))
    .map((text) => ({ text, core: text })),
  "SAS signature": fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => {
    const sig = encodeURIComponent(Buffer.from(bytes).toString("base64"));
    return {
      text: `https://contoso.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=${sig}`,
      core: sig,
    };
  }),
  JWT: fc
    .tuple(fc.string({ minLength: 1, maxLength: 30 }), fc.uint8Array({ minLength: 32 }))
    .map(([subject, signature]) => {
      const payload = base64url({ sub: subject, tid: "contoso" });
      const text = `${base64url({ alg: "RS256", typ: "JWT" })}.${payload}.${Buffer.from(signature).toString("base64url")}`;
      return { text, core: text.slice(text.indexOf(".") + 1) };
    }),
  PEM: fc
    .tuple(
      fc.constantFrom("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "CERTIFICATE"),
      fc.uint8Array({ minLength: 48, maxLength: 96 }),
    )
    .map(([label, bytes]) => {
      const body = Buffer.from(bytes).toString("base64");
      return { text: `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`, core: body };
    }),
};

/** Random text around the secret, separated from it as text or a query string would be. */
const embedded = (secret: fc.Arbitrary<Secret>) =>
  fc
    .tuple(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(" ", "\n", ": ", "=", '"', ", "),
      secret,
      fc.constantFrom(" ", "\n", '"', "&", "; "),
      fc.string({ maxLength: 30 }),
    )
    .map(([before, open, secret, close, after]) => ({
      secret,
      text: `${before}${open}${secret.text}${close}${after}`,
    }));

/** Settings that take text, none of them secret, and the path each is reported at. */
const PLACES: [string, (text: string) => Record<string, unknown>][] = [
  ["apps.a.notes", (notes) => ({ apps: { a: { notes } } })],
  ["apps.a.displayName", (displayName) => ({ apps: { a: { displayName } } })],
  ["apps.a.redirectUris[0]", (uri) => ({ apps: { a: { redirectUris: [uri] } } })],
  ["apps.a.owners[0]", (owner) => ({ apps: { a: { owners: [owner] } } })],
  [
    "apps.a.federatedCredentials.f.subject",
    (subject) => ({ apps: { a: { federatedCredentials: { f: { subject } } } } }),
  ],
  ["defaults.notes", (notes) => ({ apps: {}, defaults: { notes } })],
];

/** Every 16-character window of `core` that shows up in `output`. */
function leaked(core: string, output: string): string[] {
  const windows: string[] = [];
  for (let at = 0; at + 16 <= core.length; at += 4) windows.push(core.slice(at, at + 16));
  return windows.filter((window) => output.includes(window));
}

describe.each(Object.entries(secretShapes))("a %s in random text", (_shape, secret) => {
  it("is refused in any setting but certificates, naming the path, and masked in output", () => {
    fc.assert(
      fc.property(embedded(secret), fc.constantFrom(...PLACES), ({ secret, text }, place) => {
        const [path, config] = place;
        const { fatal, problems } = shapeProblems(config(text));
        expect(fatal).toEqual([]);
        expect(problems.map((problem) => problem.path)).toEqual([path]);
        expect(problems[0].message).toMatch(/^holds what looks like a private key/);
        const printed = redactKeyMaterial(`${path} = ${text}`);
        expect(leaked(secret.core, printed)).toEqual([]);
        expect(printed).toMatch(/\[redacted\]| removed\]/);
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });
});

it("a secret under certificates is left to the certificate checks (not refused as a shape)", () => {
  fc.assert(
    fc.property(secretShapes.PEM, ({ text }) => {
      const config = { apps: { a: { certificates: { c: { pem: text } } } } };
      expect(shapeProblems(config).problems).toEqual([]);
    }),
    { numRuns: 20, seed: 20261207 },
  );
});

// The older client secrets have no marker: they are told from names by how random they read,
// so a few in a thousand escape (secretShapes.ts says how often); the rate is what is bounded.
const legacyFormats: [string, string, number][] = [
  // 32 characters of letters, digits and .=-:[_@/*]+? (security-utilities SEC101/101, 32).
  ["32-character", `${UPPER}${LOWER}${DIGITS}.=-:[_@/*]+?`, 32],
  // 34 URL-safe characters (SEC101/101, 34).
  ["34-character", URL_SAFE, 34],
];

it.each(legacyFormats)(
  "an older %s client secret is refused and masked at least 99.5 times in 100",
  (_name, alphabet, length) => {
    const samples = fc.sample(chars(alphabet, length), { numRuns: 2000, seed: 20261207 });
    const refused = samples.filter((text) => {
      const problems = shapeProblems({ apps: { a: { notes: `secret: ${text} (old)` } } }).problems;
      const printed = redactKeyMaterial(`https://app.contoso.com/cb?client_secret=${text}&x=1`);
      return problems.length === 1 && leaked(text, printed).length === 0;
    });
    expect(refused.length / samples.length).toBeGreaterThanOrEqual(0.995);
  },
);

it("the examples in issue 24 are refused: an older secret with []?@:*, a SAS sig=, a 64-digit hex key", () => {
  const values = [
    "k9P[x]?@Lm2*Qr7:Zt4=Vw8-Yb1.Ce5_",
    "https://app.contoso.com/callback?sig=abc%2Bdef%3D",
    "5f3c9a0e7b2d4c6f8a1e3b5d7f9c2a4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a",
  ];
  for (const value of values) {
    expect(shapeProblems({ apps: { a: { notes: value } } }).problems).toHaveLength(1);
    expect(redactKeyMaterial(value)).toContain(MASK);
  }
});

/** Names as redirect URIs and subjects are written: lower-case hosts, a few words of path. */
const HOST_WORDS = ["app", "contoso", "payments", "auth", "login", "west-europe", "prod2", "api"];
const PATH_WORDS = [
  "signin-oidc",
  "callback",
  "auth",
  "SignIn",
  "OIDC",
  "Payments",
  "hr-team2",
  "v2",
];
const gitHubId = fc.integer({ min: 1_000, max: 2_000_000_000 });
const words = (list: string[], separator: string, maxLength: number) =>
  fc.array(fc.constantFrom(...list), { minLength: 1, maxLength }).map((w) => w.join(separator));
const publicValues: Record<string, fc.Arbitrary<string>> = {
  GUID: fc.uuid().chain((id) => fc.constantFrom(id, id.toUpperCase(), `{${id}}`)),
  "certificate thumbprint (40 hex digits)": chars(HEX, 40).chain((hex) =>
    fc.constantFrom(hex, hex.toUpperCase(), `thumbprint: ${hex.toUpperCase()}`),
  ),
  "permission name": fc.constantFrom(
    ...[...offlineCatalogs().values()].flatMap((catalog) =>
      catalog.permissions.map((permission) => permission.value),
    ),
  ),
  URL: fc.webUrl({ withQueryParameters: true, withFragments: true }),
  "redirect URI of words": fc
    .tuple(words(HOST_WORDS, ".", 3), words(PATH_WORDS, "/", 4), words(PATH_WORDS, "-", 2))
    .map(([host, path, state]) => `https://${host}.com/${path}?state=${state}`),
  "federated subject": fc
    .tuple(words(HOST_WORDS, "-", 2), words(PATH_WORDS, "-", 3), gitHubId, gitHubId)
    .map(([org, repo, a, b]) => `repo:${org}@${a}/${repo}@${b}:environment:${repo}`),
  "temporary file path": chars(UPPER + LOWER + DIGITS, 6).map(
    (random) => `/tmp/plan-${random}/stacks/Pulumi.prod.yaml`,
  ),
};

describe.each(Object.entries(publicValues))("a %s", (_kind, value) => {
  it("is neither refused nor masked", () => {
    fc.assert(
      fc.property(value, (text) => {
        expect(redactKeyMaterial(text)).toBe(text);
        expect(shapeProblems({ apps: { a: { notes: text } } }).problems).toEqual([]);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });
});

it("no permission of any catalog is refused or masked", () => {
  const names = [...offlineCatalogs().values()].flatMap((catalog) =>
    catalog.permissions.map((permission) => permission.value),
  );
  expect(names.filter((name) => redactKeyMaterial(name) !== name)).toEqual([]);
});

describe("a temporary file's path in a message", () => {
  it("is never masked, whatever letters mkdtemp chose and whatever punctuation follows it", () => {
    const suffix = fc.stringMatching(/^[A-Za-z0-9]{6}$/);
    const prefix = fc.constantFrom(
      "expiry-input-",
      "plan-test-",
      "adopt-",
      "verify-e2e-",
      "stack-outputs-",
    );
    const file = fc.constantFrom(
      "nope.json",
      "outputs.json",
      "Pulumi.test.yaml",
      "tenant.json",
      "key.pem",
    );
    const after = fc.constantFrom("", ":", ",", ".", ";", ")");
    fc.assert(
      fc.property(prefix, suffix, file, after, (p, s, f, a) => {
        const text = `cannot read /tmp/${p}${s}/${f}${a} (ENOENT)`;
        expect(redactKeyMaterial(text)).toBe(text);
      }),
      { seed: 24, numRuns: 2000 },
    );
  });
});
