import { X509Certificate } from "crypto";
import type { CertificateCredentialArgs } from "../../components";

/** Longest a certificate credential may still be valid when it is added (our tenant policy). */
export const MAX_CERTIFICATE_YEARS = 3;

/** A public certificate credential, parsed from its PEM: the component's args, all known. */
export interface CertificateCredential extends CertificateCredentialArgs {
  /** Config key: names the resource and appears in outputs. */
  name: string;
  /** The PEM text of the certificate (public part only). */
  pem: string;
  /** Validity from the certificate itself, RFC 3339. */
  startDate: string;
  endDate: string;
  /** SHA-1 thumbprint, as the Entra portal shows it (hex, upper case, no colons). */
  thumbprint: string;
}

export type CertificateParse =
  | { ok: true; certificate: CertificateCredential }
  | { ok: false; message: string };

/**
 * Reads a PEM certificate for an app credential. Refuses private keys (only the public
 * certificate belongs in config), unparsable text, expired certificates and ones valid for longer
 * than MAX_CERTIFICATE_YEARS from `now`.
 */
export function parseCertificate(name: string, pem: string, now: Date): CertificateParse {
  if (/PRIVATE KEY-----/.test(pem)) {
    return {
      ok: false,
      message:
        "contains a private key. Only the public certificate belongs in config (-----BEGIN CERTIFICATE-----); keep the key with the service that signs in, e.g. `openssl x509 -in bundle.pem -out public.pem`",
    };
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) {
    return {
      ok: false,
      message:
        blocks.length === 0
          ? "is not a PEM certificate (expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"
          : `holds ${blocks.length} certificates; give exactly one (the leaf the service signs with)`,
    };
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0]);
  } catch (error) {
    return {
      ok: false,
      message: `is not a readable X.509 certificate (${(error as Error).message})`,
    };
  }
  const validTo = new Date(certificate.validTo);
  const validFrom = new Date(certificate.validFrom);
  const latest = new Date(
    Date.UTC(now.getUTCFullYear() + MAX_CERTIFICATE_YEARS, now.getUTCMonth(), now.getUTCDate()),
  );
  if (validTo.getTime() <= now.getTime()) {
    return {
      ok: false,
      message: `expired on ${validTo.toISOString().slice(0, 10)}; issue a new certificate`,
    };
  }
  if (validTo.getTime() > latest.getTime()) {
    return {
      ok: false,
      message: `is valid until ${validTo.toISOString().slice(0, 10)}, more than ${MAX_CERTIFICATE_YEARS} years ahead; issue one that ends by ${latest.toISOString().slice(0, 10)}`,
    };
  }
  return {
    ok: true,
    certificate: {
      name,
      pem: blocks[0] + "\n",
      startDate: validFrom.toISOString().replace(".000Z", "Z"),
      endDate: validTo.toISOString().replace(".000Z", "Z"),
      thumbprint: certificate.fingerprint.replace(/:/g, ""),
    },
  };
}
