import { X509Certificate } from "crypto";
import { TYPES } from "../../../program/guardrails/resourceTypes";
import {
  deployedChange,
  DeployedChange,
  describeValue,
  Inputs,
  listOf,
  retargeted,
  sameValue,
  TypeRules,
} from "./deployedChangeBasics";
import { DeployedResource } from "./deployedStack";
import { otherFormNote, TrustedSubject } from "./githubSubjectPairs";
import { shown } from "./settingChange";

/*
 * Ways to sign in as an app (password, certificate, federated credential) and the Key Vault copy
 * of its secret: which inputs carry privilege and how a change to each is classified.
 */

export const CREDENTIAL_RULES: Record<string, TypeRules> = {
  [TYPES.applicationPassword]: {
    inputs: ["applicationId"],
    rule: (old, now, r) => retargeted(old, now, r, ["applicationId"], "credential-retargeted"),
    added: (_, now, r) => [
      deployedChange("client-secret-added", r, {
        after: describeValue(now.endDate),
        description: `client secret added (until ${describeValue(now.endDate)})`,
      }),
    ],
  },
  [TYPES.applicationCertificate]: {
    inputs: ["applicationId", "value"],
    rule: (old, now, r, base) => [
      ...retargeted(old, now, r, ["applicationId"], "credential-retargeted"),
      ...(sameValue(old.value, now.value) ? [] : [certificateKey(now, r, base)]),
    ],
    added: (_, now, r, base) => [certificateKey(now, r, base)],
  },
  [TYPES.federatedCredential]: {
    inputs: ["applicationId", "issuer", "subject", "audiences"],
    rule: federatedChanges,
    added: (_, now, r, base) => [
      deployedChange("federated-credential-added", r, {
        subject: String(now.subject),
        description: `federated credential added: ${describeValue(now.subject)} from ${describeValue(now.issuer)} (audience ${listOf(now.audiences).map(shown).join(", ")})${otherFormNote(now.issuer, now.subject, credentialsOfApp(base, now.applicationId))}`,
      }),
    ],
  },
  [TYPES.keyVaultSecret]: {
    inputs: ["vaultName", "resourceGroupName", "secretName"],
    rule: (old, now, r) =>
      vaultTarget(old).toLowerCase() === vaultTarget(now).toLowerCase()
        ? []
        : [
            deployedChange("key-vault-copy-moved", r, {
              before: shown(vaultTarget(old)),
              after: shown(vaultTarget(now)),
              subject: `${String(now.vaultName)}/${String(now.secretName)}`,
              description: `client secret copied to ${shown(vaultTarget(now))} (was ${shown(vaultTarget(old))})`,
            }),
          ],
    added: (_, now, r) => [
      deployedChange("key-vault-copy-added", r, {
        after: shown(vaultTarget(now)),
        subject: `${String(now.vaultName)}/${String(now.secretName)}`,
        description: `client secret copied to ${shown(vaultTarget(now))}`,
      }),
    ],
  },
};

/**
 * A certificate whose key is new to its application, or, when a base certificate of the same
 * application had that key, the same key under another name: config review compares
 * certificates by thumbprint, and so does this.
 */
function certificateKey(
  now: Inputs,
  r: DeployedResource,
  base: DeployedResource[],
): DeployedChange {
  const known = base.find(
    (old) =>
      old.type === TYPES.applicationCertificate &&
      sameValue(old.inputs.applicationId, now.applicationId) &&
      sameValue(old.inputs.value, now.value),
  );
  if (known)
    return deployedChange("certificate-renamed", r, {
      before: shown(known.name),
      description: `certificate holds a key the app already had (under ${shown(known.name)})`,
    });
  return deployedChange("certificate-added", r, {
    after: describeValue(now.endDate),
    ...thumbprintOf(now.value),
    description: `certificate with a new key (until ${describeValue(now.endDate)})`,
  });
}

function federatedChanges(old: Inputs, now: Inputs, r: DeployedResource): DeployedChange[] {
  const changes = retargeted(old, now, r, ["applicationId"], "credential-retargeted");
  if (old.issuer !== now.issuer || old.subject !== now.subject) {
    changes.push(
      deployedChange("federated-credential-retargeted", r, {
        input: "issuer, subject",
        before: `${describeValue(old.subject)} from ${describeValue(old.issuer)}`,
        after: `${describeValue(now.subject)} from ${describeValue(now.issuer)}`,
        subject: String(now.subject),
        description: `now trusts ${describeValue(now.subject)} from ${describeValue(now.issuer)} (was ${describeValue(old.subject)} from ${describeValue(old.issuer)})${otherFormNote(now.issuer, now.subject, [{ name: "", issuer: old.issuer, subject: old.subject }])}`,
      }),
    );
  }
  const [was, is] = [listOf(old.audiences), listOf(now.audiences)];
  const added = is.filter((audience) => !was.includes(audience));
  if (added.length > 0 || was.some((audience) => !is.includes(audience))) {
    changes.push(
      deployedChange(
        added.length > 0 ? "federated-audience-widened" : "federated-audience-narrowed",
        r,
        {
          input: "audiences",
          before: was.map(shown).join(", "),
          after: is.map(shown).join(", "),
          ...(added.length > 0 ? { subject: added[0] } : {}),
          description: `audiences ${was.map(shown).join(", ")} → ${is.map(shown).join(", ")}`,
        },
      ),
    );
  }
  return changes;
}

/** The base's federated credentials of the same application, for a migration pair. */
function credentialsOfApp(base: DeployedResource[], applicationId: unknown): TrustedSubject[] {
  return base
    .filter(
      (old) =>
        old.type === TYPES.federatedCredential &&
        sameValue(old.inputs.applicationId, applicationId),
    )
    .map((old) => ({ name: old.name, issuer: old.inputs.issuer, subject: old.inputs.subject }));
}

/** A certificate is named by its SHA-1 thumbprint, as config review and the portal name it. */
function thumbprintOf(pem: unknown): { subject?: string } {
  try {
    return { subject: new X509Certificate(String(pem)).fingerprint.replace(/:/g, "") };
  } catch {
    return {};
  }
}

function vaultTarget(inputs: Inputs): string {
  return `${String(inputs.resourceGroupName)}/${String(inputs.vaultName)}/${String(inputs.secretName)}`;
}
