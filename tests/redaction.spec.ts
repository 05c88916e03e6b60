import { randomBytes } from "crypto";
import fc from "fast-check";
import { MASK, redactKeyMaterial } from "../program/config/redaction";

/** The one redaction rule: key material masked, the resource IDs the commands print on purpose kept. */

const GRAPH_SP = "6a0f4b3e-92c1-4a8e-8f2b-1d5c7e9a0b34";
// Graph's grant IDs are base64url: 32 bytes for a tenant-wide grant, 48 for one user's consent.
const TENANT_WIDE_GRANT = "oauth2PermissionGrants/QnV0IHRoaXMgaXMgYSBHcmFwaCBncmFudCBJRA0KZm9v";
const ONE_USER_GRANT =
  "oauth2PermissionGrants/" +
  Buffer.from(
    "A"
      .repeat(48)
      .split("")
      .map((_, i) => i * 5),
  ).toString("base64url");

describe("redactKeyMaterial", () => {
  it("keeps the import IDs of assignments and grants, tenant-wide and one user's", () => {
    const assignment = `/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo/Jm5XbE9rcGxBc3NpZ25tZW50T3V0c2lkZUNvZGUwMDA`;
    expect(ONE_USER_GRANT).toMatch(/^oauth2PermissionGrants\/[A-Za-z0-9_-]{64}$/);
    for (const id of [
      assignment,
      `/${TENANT_WIDE_GRANT.slice(0, 23 + 43)}`,
      `/${ONE_USER_GRANT}`,
    ]) {
      expect(redactKeyMaterial(`id ${id} end`)).toBe(`id ${id} end`);
    }
  });

  it("masks the same random bytes when they are not in a grant's ID position", () => {
    const key = randomBytes(48).toString("base64url");
    expect(redactKeyMaterial(`value ${key} end`)).toBe(`value ${MASK} end`);
    // One character too many is not a grant ID: the whole run is masked.
    expect(redactKeyMaterial(`id /oauth2PermissionGrants/${key}x`)).toBe(`id ${MASK}`);
  });

  it("masks PEM blocks, JWTs and client secrets wherever they appear", () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${randomBytes(64).toString("base64")}\n-----END PRIVATE KEY-----`;
    expect(redactKeyMaterial(`a ${pem} b`)).toBe("a [PRIVATE KEY removed] b");
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMxMjM0NSJ9.c2lnbmF0dXJl";
    expect(redactKeyMaterial(`token ${jwt}`)).toBe(`token ${MASK}`);
    expect(redactKeyMaterial("secret abc8Q~abcdefghijklmnopqrstuvwxyz01234567")).toBe(
      `secret ${MASK}`,
    );
  });
});

describe("redactKeyMaterial on the older secret shapes (issue 24 finding 12)", () => {
  it("masks an older client secret, a SAS signature and hex keys; keeps thumbprints and GUIDs", () => {
    const older = "k9P[x]?@Lm2*Qr7:Zt4=Vw8-Yb1.Ce5_";
    expect(redactKeyMaterial(`secret ${older} end`)).toBe(`secret ${MASK} end`);
    expect(redactKeyMaterial(`https://a.contoso.com/cb?client_secret=${older}&x=1`)).toBe(
      `https://a.contoso.com/cb?client_secret=${MASK}&x=1`,
    );
    expect(redactKeyMaterial("https://a.contoso.com/cb?sv=1&sig=abc%2Bdef%3D&se=2")).toBe(
      `https://a.contoso.com/cb?sv=1&sig=${MASK}&se=2`,
    );
    const hex64 = randomBytes(32).toString("hex");
    expect(redactKeyMaterial(`key=${hex64}`)).toBe(`key=${MASK}`);
    expect(redactKeyMaterial(`key_${hex64.slice(0, 32)}`)).toBe(`key_${MASK}`);
    const thumbprint = "5E8A6C3B2D1F0A9E8D7C6B5A4F3E2D1C0B9A8F7E";
    const guid = "6a0f4b3e-92c1-4a8e-8f2b-1d5c7e9a0b34";
    expect(redactKeyMaterial(`${thumbprint} ${guid}`)).toBe(`${thumbprint} ${guid}`);
  });

  it("masks a JWT that follows a dash, as a word boundary allows", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMxMjM0NSJ9.c2lnbmF0dXJl";
    expect(redactKeyMaterial(`-eyJ-eyJ-${jwt} x`)).toBe(`-${MASK} x`);
    expect(redactKeyMaterial(`a.${jwt}`)).toBe(`a.${MASK}`);
  });
});

// Finding 8: the JWT pattern retried from every `eyJ` of `-eyJ-eyJ…` and read to the end each
// time: 160 KB took 5.7 s per call (plan calls it several times: 12-32 s), 1 MB minutes. Every
// pattern now reads each character a bounded number of times. Timed relative to plain text of
// the same size on the same machine, so the bound holds however fast the machine is: quadratic
// work on 1 MB is thousands of times the linear baseline, not 20.
describe("redaction time is linear in the text, whatever its shape", () => {
  const SIZE = 1_000_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
  const nanoseconds = (text: string) => {
    const start = process.hrtime.bigint();
    redactKeyMaterial(text);
    return Number(process.hrtime.bigint() - start);
  };
  /** One run, or the best of three when the first is slow (another process had the CPU). */
  const cost = (text: string, limit: number) => {
    const first = nanoseconds(text);
    return first < limit ? first : Math.min(first, nanoseconds(text), nanoseconds(text));
  };
  /** What each pattern could stumble on: its prefix repeated, runs it reads to their end. */
  const WORST = [
    "-eyJ",
    "eyJ.",
    ".eyJaaaaaaaaaa",
    "eyJaaaaaaaaa.eyJ-",
    "-----BEGIN X-----",
    "-----BEGIN X-----AAAAAAAAAAAAAAAAAAAA",
    "Ab3+",
    "~",
    "ab1Q~",
    "a1",
    "aB3=",
    "k9P[x]?@Ab3+dE5*fG7-hJ9_kL2.mN4:pQ ",
    "sig=",
  ];
  const FRAGMENTS = [...WORST, "eyJ", ".", "=", ":", "/", "[", "?", "@", "-", " ", "\n", "A", "0"];
  const unit = fc.oneof(
    fc.constantFrom(...WORST),
    fc
      .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join("")),
  );

  it("redacts 1 MB of each worst-case shape in under 20 times what 1 MB of plain text takes", () => {
    redactKeyMaterial(fill("warm up ").slice(0, 10_000) + WORST.join(" "));
    const plain = fill("lorem ipsum dolor sit amet, ");
    const baseline = Math.min(nanoseconds(plain), nanoseconds(plain), nanoseconds(plain));
    const withinBound = (shape: string) => ({
      shape,
      linear: cost(fill(shape), 20 * baseline) < 20 * baseline,
    });
    for (const shape of WORST) expect(withinBound(shape)).toEqual({ shape, linear: true });
    fc.assert(
      fc.property(unit, (shape) => {
        expect(withinBound(shape)).toEqual({ shape, linear: true });
      }),
      { numRuns: 12, seed: 20261207 },
    );
  });
});
