/** A self-signed certificate made for a test with the openssl CLI: the emulator's maker. */
export {
  makeCertificate,
  type MadeCertificate as TestCertificate,
} from "../../tools/tenant/emulator/certificate";
