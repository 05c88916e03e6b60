import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A self-signed certificate made for a test with the openssl CLI (no network). */
export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
  dir: string;
  /** Path of the PEM certificate file (e.g. for NODE_EXTRA_CA_CERTS). */
  certificateFile: string;
}

/** `subjectAltName` (e.g. "IP:127.0.0.1") makes a certificate a TLS server can present. */
export function makeCertificate(
  days: number,
  subject = "/CN=entra-graph-apps-test",
  subjectAltName?: string,
): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cert-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
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
