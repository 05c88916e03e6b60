import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A self-signed certificate made for a test with the openssl CLI (no network). */
export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
  dir: string;
}

export function makeCertificate(
  days: number,
  subject = "/CN=entra-graph-apps-test",
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
    ],
    { cwd: dir, stdio: "pipe" },
  );
  return {
    certificatePem: fs.readFileSync(path.join(dir, "cert.pem"), "utf8"),
    privateKeyPem: fs.readFileSync(path.join(dir, "key.pem"), "utf8"),
    dir,
  };
}
