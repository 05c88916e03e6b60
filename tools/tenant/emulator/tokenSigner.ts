import { randomUUID } from "crypto";
import { JWK, JWTPayload, KeyLike, SignJWT, exportJWK, generateKeyPair, jwtVerify } from "jose";

/**
 * The emulator's token signing key: RS256, published at the tenant's `jwks_uri` like Entra's,
 * so Graph (here) checks every bearer token's signature, audience and lifetime for real.
 */
export class TokenSigner {
  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicKey: KeyLike,
    readonly kid: string,
    private readonly jwk: JWK,
  ) {}

  static async create(): Promise<TokenSigner> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
    return new TokenSigner(privateKey, publicKey, kid, jwk);
  }

  /** The JSON Web Key Set of `discovery/v2.0/keys`. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  /** Signs `claims`, issued now (the emulator's clock) and valid for `lifetimeSeconds`. */
  sign(claims: JWTPayload, now: Date, lifetimeSeconds: number): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ ...claims, iat: issuedAt, nbf: issuedAt, exp: issuedAt + lifetimeSeconds })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.kid })
      .sign(this.privateKey);
  }

  /**
   * The claims of a token this signer issued, or why it is refused in Graph's words
   * (`InvalidAuthenticationToken`). Lifetime is judged by the emulator's clock.
   */
  async verify(
    token: string,
    audiences: string[],
    now: Date,
  ): Promise<{ ok: true; claims: JWTPayload } | { ok: false; message: string }> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        audience: audiences,
        currentDate: now,
        algorithms: ["RS256"],
      });
      return { ok: true, claims: payload };
    } catch (error) {
      const { code, claim } = error as { code?: string; claim?: string };
      if (code === "ERR_JWT_EXPIRED")
        return { ok: false, message: "Lifetime validation failed, the token is expired." };
      if (claim === "aud")
        return { ok: false, message: "Access token validation failure. Invalid audience." };
      if (claim === "nbf" || claim === "iat")
        return { ok: false, message: "Lifetime validation failed, the token is not yet valid." };
      if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED")
        return { ok: false, message: "Access token validation failure. Invalid signature." };
      return { ok: false, message: "IDX14100: JWT is not well formed." };
    }
  }
}
