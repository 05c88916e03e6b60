import { createHash, timingSafeEqual } from "crypto";

/**
 * What Entra keeps of client secrets: a hash per password keyId, enough to check a sign-in,
 * never the secret text (Graph shows it once, in the answer to addPassword).
 */
export class PasswordSecrets {
  private readonly hashes = new Map<string, Buffer>();

  remember(keyId: string, secret: string): void {
    this.hashes.set(keyId, hash(keyId, secret));
  }

  forget(keyId: string): void {
    this.hashes.delete(keyId);
  }

  matches(keyId: string, secret: string): boolean {
    const stored = this.hashes.get(keyId);
    return stored !== undefined && timingSafeEqual(stored, hash(keyId, secret));
  }
}

function hash(keyId: string, secret: string): Buffer {
  return createHash("sha256").update(`${keyId}\n${secret}`).digest();
}
