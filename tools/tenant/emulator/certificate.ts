import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A private key and a self-signed certificate made with the openssl CLI (no network). */
export interface MadeCertificate {
  certificatePem: string;
  privateKeyPem: string;
  dir: string;
  /** Path of the PEM certificate file (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, `ca:`). */
  certificateFile: string;
}

/**
 * How the key is made: RSA 2048, what Entra takes for an application's certificate credential,
 * or an ECDSA P-256 key, which TLS servers use as well and openssl makes in milliseconds instead
 * of a quarter of a second.
 */
const NEW_KEY = {
  rsa: ["-newkey", "rsa:2048"],
  ecdsa: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
} as const;

/**
 * A self-signed certificate valid for `days`, with an RSA key unless `key` says otherwise.
 * `subjectAltName` (e.g. "IP:127.0.0.1") makes a certificate a TLS server can present;
 * `extendedKeyUsage` (e.g. "serverAuth") is added as is.
 */
export function makeCertificate(
  days: number,
  subject = "/CN=entra-graph-apps-test",
  subjectAltName?: string,
  extendedKeyUsage?: string,
  key: keyof typeof NEW_KEY = "rsa",
): MadeCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cert-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      ...NEW_KEY[key],
      "-nodes",
      "-keyout",
      "key.pem",
      "-out",
      "cert.pem",
      "-days",
      String(days),
      "-subj",
      subject,
      ...(subjectAltName ? ["-addext", `subjectAltName=${subjectAltName}`] : []),
      ...(extendedKeyUsage ? ["-addext", `extendedKeyUsage=${extendedKeyUsage}`] : []),
    ],
    { cwd: dir, stdio: "pipe" },
  );
  return {
    certificatePem: fs.readFileSync(path.join(dir, "cert.pem"), "utf8"),
    privateKeyPem: fs.readFileSync(path.join(dir, "key.pem"), "utf8"),
    dir,
    certificateFile: path.join(dir, "cert.pem"),
  };
}

/**
 * The emulator's TLS certificate: self-signed for 127.0.0.1 and localhost (SAN), so Node (with
 * `ca:` or NODE_EXTRA_CA_CERTS) and Go (the azuread provider, with SSL_CERT_FILE) verify it for
 * real whichever of the two names `metadataHost` uses. The certificate file is its own CA file.
 * ECDSA P-256, as many TLS servers use: every emulator start makes one.
 */
export function emulatorCertificate(days = 30): MadeCertificate {
  return makeCertificate(
    days,
    "/CN=entra-emulator",
    "IP:127.0.0.1,DNS:localhost",
    "serverAuth",
    "ecdsa",
  );
}
