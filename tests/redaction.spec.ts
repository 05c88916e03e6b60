import { randomBytes } from "crypto";
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
