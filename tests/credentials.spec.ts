import { formatProblem } from "../program/config/configProblem";
import { validateStackConfig } from "../program/config/validateStackConfig";
import { parseCertificate } from "../program/credentials/certificate";
import { isPulumiSecret, TYPES } from "../tools/tenant/simulatedTenant";
import { X509Certificate } from "crypto";
import { oneApp, runProgram, TODAY } from "./support/simulate";
import { makeCertificate } from "./support/testCertificates";

const oneYear = makeCertificate(365);
/** Certificates made now are valid from the real clock: judge them as of a minute later. */
const CERT_NOW = new Date(
  Date.parse(new X509Certificate(oneYear.certificatePem).validFrom) + 60_000,
);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function problemsOf(settings: Record<string, unknown>, now = TODAY): string[] {
  return validateStackConfig(oneApp("ci", { displayName: "CI", ...settings }), now).problems.map(
    formatProblem,
  );
}

describe("certificate credentials", () => {
  it("register the public certificate with the validity read from the certificate itself", async () => {
    const { tenant, resolved } = await runProgram(
      oneApp("ci", {
        displayName: "CI",
        clientSecret: false,
        certificates: { signing: { pem: oneYear.certificatePem } },
      }),
      CERT_NOW,
    );
    const cert = tenant.resource(TYPES.applicationCertificate, "ci-cert-signing");
    const parsed = parseCertificate("signing", oneYear.certificatePem, CERT_NOW);
    if (!parsed.ok) throw new Error(parsed.message);
    expect({
      ...cert.inputs,
      value: isPulumiSecret(cert.inputs.value) ? cert.inputs.value.value : cert.inputs.value,
    }).toEqual({
      applicationId: tenant.resource(TYPES.application, "ci").id,
      type: "AsymmetricX509Cert",
      encoding: "pem",
      value: oneYear.certificatePem.trim() + "\n",
      startDate: parsed.certificate.startDate,
      endDate: parsed.certificate.endDate,
    });
    expect(Date.parse(parsed.certificate.endDate) - Date.parse(parsed.certificate.startDate)).toBe(
      365 * 86_400_000,
    );
    expect(
      (resolved.apps.value as Record<string, { credentials: unknown[] }>).ci.credentials,
    ).toEqual([
      { kind: "certificate", name: "ci-cert-signing", expiresOn: parsed.certificate.endDate },
    ]);
  });

  it("read pemFile relative to the project folder", () => {
    const { apps, problems } = validateStackConfig(
      oneApp("ci", { displayName: "CI", certificates: { signing: { pemFile: "cert.pem" } } }),
      CERT_NOW,
      { projectDir: oneYear.dir },
    );
    expect(problems).toEqual([]);
    expect(apps[0].certificates.map((c) => [c.name, c.pem])).toEqual([
      ["signing", oneYear.certificatePem.trim() + "\n"],
    ]);
    expect(problemsOf({ certificates: { signing: { pemFile: "no/such.pem" } } })).toEqual([
      "apps.ci.certificates.signing.pemFile: cannot be read (ENOENT); give the path of the certificate file relative to the project folder, e.g. certs/reports.pem",
    ]);
  });

  it("refuse a private key, saying only the public certificate belongs in config", () => {
    for (const pem of [oneYear.privateKeyPem, oneYear.certificatePem + oneYear.privateKeyPem]) {
      expect(problemsOf({ certificates: { signing: { pem } } }, CERT_NOW)).toEqual([
        "apps.ci.certificates.signing.pem: contains a private key. Only the public certificate belongs in config (-----BEGIN CERTIFICATE-----); keep the key with the service that signs in, e.g. `openssl x509 -in bundle.pem -out public.pem`",
      ]);
    }
  });

  it("refuse unparsable, expired and too long-lived certificates", () => {
    expect(problemsOf({ certificates: { a: { pem: "hello" } } })).toEqual([
      "apps.ci.certificates.a.pem: is not a PEM certificate (expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)",
    ]);
    const garbled = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    expect(problemsOf({ certificates: { a: { pem: garbled } } })[0]).toMatch(
      /^apps\.ci\.certificates\.a\.pem: is not a readable X\.509 certificate/,
    );
    const twoYearsLater = new Date(CERT_NOW.getTime() + 2 * 365 * 86_400_000);
    expect(
      problemsOf({ certificates: { a: { pem: oneYear.certificatePem } } }, twoYearsLater),
    ).toEqual([
      expect.stringMatching(
        /^apps\.ci\.certificates\.a\.pem: expired on \d{4}-\d{2}-\d{2}; issue a new certificate$/,
      ),
    ]);
    const tenYears = makeCertificate(3650);
    const latest = new Date(
      Date.UTC(CERT_NOW.getUTCFullYear() + 3, CERT_NOW.getUTCMonth(), CERT_NOW.getUTCDate()),
    );
    expect(problemsOf({ certificates: { a: { pem: tenYears.certificatePem } } }, CERT_NOW)).toEqual(
      [
        `apps.ci.certificates.a.pem: is valid until ${isoDay(new Date(new X509Certificate(tenYears.certificatePem).validTo))}, more than 3 years ahead; issue one that ends by ${isoDay(latest)}`,
      ],
    );
    expect(problemsOf({ certificates: { a: { pem: "x", pemFile: "y" } } })).toEqual([
      "apps.ci.certificates.a: set exactly one of pem or pemFile",
    ]);
  });
});

describe("secretless apps", () => {
  it("need no client secret when they have a certificate or federated credential, and get no warning", () => {
    const result = validateStackConfig(
      oneApp("ci", {
        displayName: "CI",
        clientSecret: false,
        federatedCredentials: {
          main: {
            github: { repository: "contoso/infra", ownerId: 1, repositoryId: 2, branch: "main" },
          },
        },
      }),
      TODAY,
    );
    expect([result.problems, result.warnings]).toEqual([[], []]);
  });

  it("are warned about, not refused, when they have no credential at all", () => {
    const result = validateStackConfig(
      oneApp("ci", { displayName: "CI", clientSecret: false }),
      TODAY,
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([
      "apps.ci: has no credential (clientSecret: false, no certificates, no federatedCredentials): nothing can sign in as it until one is added",
    ]);
  });
});

describe("Key Vault copy of the client secret", () => {
  const config = oneApp("alerts", {
    displayName: "Alerts",
    clientSecret: { rotateEveryDays: 30 },
    keyVault: { resourceGroupName: "rg-secrets", vaultName: "kv-contoso" },
  });

  it("stores the current secret as a Pulumi secret with its end date as expires, tags and a content type", async () => {
    const { tenant, resolved } = await runProgram(config);
    const vaultSecret = tenant.resource(TYPES.keyVaultSecret, "alerts-vault-copy");
    const current = tenant.resource(TYPES.applicationPassword, "alerts-secret-a");
    expect(isPulumiSecret(vaultSecret.inputs.properties)).toBe(true);
    const properties = (vaultSecret.inputs.properties as { value: Record<string, unknown> }).value;
    const currentValue = await (
      current.state.value as { promise: () => Promise<string> }
    ).promise();
    expect(properties).toEqual({
      value: currentValue,
      contentType: "Entra app client secret (entra-graph-apps)",
      attributes: { enabled: true, expires: Date.parse(current.inputs.endDate) / 1000 },
    });
    const application = tenant.resource(TYPES.application, "alerts");
    expect(vaultSecret.inputs).toMatchObject({
      resourceGroupName: "rg-secrets",
      vaultName: "kv-contoso",
      secretName: "alerts-client-secret",
      tags: {
        "managed-by": "entra-graph-apps",
        clientId: application.state.clientId,
        tenantId: tenant.tenantId,
      },
    });
    const app = (resolved.apps.value as Record<string, Record<string, unknown>>).alerts;
    expect(app.keyVaultSecretUri).toBe(
      "https://kv-contoso.vault.azure.net/secrets/alerts-client-secret",
    );
    expect(resolved.apps.secret).toBe(false);
  });

  it("follows the current slot across a rotation: expires always equals the exported secret's end date", async () => {
    // 2026-12-03 starts a new 30-day window (slot b).
    for (const now of [new Date("2026-12-02T12:00:00Z"), new Date("2026-12-03T12:00:00Z")]) {
      const { tenant, resolved } = await runProgram(config, now);
      const app = (resolved.apps.value as Record<string, { clientSecretExpiresOn: string }>).alerts;
      const properties = (
        tenant.resource(TYPES.keyVaultSecret, "alerts-vault-copy").inputs.properties as {
          value: { value: string; attributes: { expires: number } };
        }
      ).value;
      expect(properties.attributes.expires).toBe(Date.parse(app.clientSecretExpiresOn) / 1000);
      expect(properties.value).toBe(
        (resolved.clientSecrets.value as Record<string, string>).alerts,
      );
    }
  });

  it("is refused when the app has no client secret to copy", () => {
    expect(
      problemsOf({
        clientSecret: false,
        keyVault: { resourceGroupName: "rg", vaultName: "kv-contoso" },
      }),
    ).toEqual([
      "apps.ci.keyVault: copies the client secret, but clientSecret is false; remove keyVault or set clientSecret",
    ]);
    expect(problemsOf({ keyVault: { resourceGroupName: "rg", vaultName: "1bad" } })).toEqual([
      'apps.ci.keyVault.vaultName = "1bad": must be a Key Vault name: 3-24 letters, digits and dashes, starting with a letter',
    ]);
  });
});

describe("outputs", () => {
  it("list every credential with its end date and never a value", async () => {
    const expiresOn = isoDay(new Date(CERT_NOW.getTime() + 200 * 86_400_000));
    const { resolved, tenant } = await runProgram(
      oneApp("ci", {
        displayName: "CI",
        clientSecret: { expiresOn },
        certificates: { signing: { pem: oneYear.certificatePem } },
        federatedCredentials: { main: { github: { repository: "contoso/infra", branch: "main" } } },
      }),
      CERT_NOW,
    );
    const app = (
      resolved.apps.value as Record<
        string,
        { credentials: { kind: string; name: string; expiresOn: string | null }[] }
      >
    ).ci;
    expect(app.credentials).toEqual([
      { kind: "password", name: "ci-secret", expiresOn: `${expiresOn}T00:00:00Z` },
      {
        kind: "certificate",
        name: "ci-cert-signing",
        expiresOn: new Date(new X509Certificate(oneYear.certificatePem).validTo)
          .toISOString()
          .replace(".000Z", "Z"),
      },
      { kind: "federated", name: "ci-federated-main", expiresOn: null },
    ]);
    const secret = await (
      tenant.resource(TYPES.applicationPassword, "ci-secret").state.value as {
        promise: () => Promise<string>;
      }
    ).promise();
    expect(JSON.stringify(resolved.apps.value)).not.toContain(secret);
  });
});
