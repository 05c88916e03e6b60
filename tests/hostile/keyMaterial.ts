import { generateKeyPairSync, KeyObject } from "crypto";

/** One private key in the shapes a careless user might paste it. */
export interface KeySample {
  kind: string;
  /** PKCS#8 PEM, and the algorithm's traditional PEM where there is one. */
  pems: string[];
  /** The private key's secret part as a JWK gives it (base64url). */
  jwkD: string;
  /** The DER body of the PKCS#8 PEM as one base64 line. */
  base64Body: string;
  /** The JWK `d` as hex. */
  hex: string;
}

function sample(kind: string, privateKey: KeyObject, traditional?: "pkcs1" | "sec1"): KeySample {
  const pkcs8 = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const pems = [pkcs8];
  if (traditional) pems.push(privateKey.export({ format: "pem", type: traditional }).toString());
  const d = privateKey.export({ format: "jwk" }).d!;
  return {
    kind,
    pems,
    jwkD: d,
    base64Body: pkcs8.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""),
    hex: Buffer.from(d, "base64url").toString("hex"),
  };
}

/** RSA, EC P-256 and Ed25519 keys, generated once per test run. */
export function keySamples(): KeySample[] {
  return [
    sample("RSA 2048", generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey, "pkcs1"),
    sample("EC P-256", generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, "sec1"),
    sample("Ed25519", generateKeyPairSync("ed25519").privateKey),
  ];
}

/**
 * Substrings of the key's secret material that must never be printed: every 16-character window
 * of its base64 body, its JWK `d` and hex (16 base64 characters are 12 bytes of key).
 */
export function secretWindows(key: KeySample): string[] {
  const windows = new Set<string>();
  for (const text of [key.base64Body, key.jwkD, key.hex]) {
    for (let i = 0; i + 16 <= text.length; i += 4) windows.add(text.slice(i, i + 16));
  }
  return [...windows];
}

/** The first window of key material found in `output`, or undefined when none leaked. */
export function leakedWindow(key: KeySample, output: string): string | undefined {
  const flat = output.replace(/\\n|\s/g, "");
  return secretWindows(key).find((window) => flat.includes(window));
}
