import { X509Certificate } from "crypto";
import { AppConfig } from "../../program/config/appConfig";
import { rawStackConfig } from "../../program/config/rawStackConfig";
import { validateStackConfig } from "../../program/config/validateStackConfig";
import { reviewStack, StackReview } from "../../tools/commands/review/stackReview";
import { SIMULATED_TENANT_ID } from "../../tools/tenant/simulatedTenant";
import { makeCertificate } from "./testCertificates";

let made: { certificates: string[]; now: Date } | undefined;

/**
 * Two certificates (made once: openssl is slow) and a day both are valid on, to run every
 * deployment on. Made on first use, not when the suite loads this file.
 */
export function certificatesAndDay(): { certificates: string[]; now: Date } {
  if (!made) {
    const certificates = ["/CN=one", "/CN=two"].map(
      (subject) => makeCertificate(365, subject, undefined, undefined, "ecdsa").certificatePem,
    );
    const validFrom = certificates.map((pem) => Date.parse(new X509Certificate(pem).validFrom));
    made = { certificates, now: new Date(Math.max(...validFrom) + 60_000) };
  }
  return made;
}

/** The config map `pulumi up` hands the program: objects as JSON text. */
export function configMap(
  apps: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, string> {
  return {
    "azuread:tenantId": SIMULATED_TENANT_ID,
    "entra-graph-apps:apps": JSON.stringify(apps),
    ...Object.fromEntries(
      Object.entries(extra).map(([key, value]) => [key, JSON.stringify(value)]),
    ),
  };
}

/** The validated apps of a config map, as config review reads them (every key of ours). */
export function appsOf(map: Record<string, string>, now: Date): AppConfig[] {
  const validation = validateStackConfig(rawStackConfig(map), now);
  if (validation.problems.length > 0)
    throw new Error(
      `invalid test config:\n${validation.problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`,
    );
  return validation.apps;
}

export function configReview(before: AppConfig[], after: AppConfig[]): StackReview {
  return reviewStack(before, after, "Pulumi.prod.yaml", "origin/main");
}
