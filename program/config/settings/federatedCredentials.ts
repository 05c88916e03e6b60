import { z } from "zod";
import { noControlCharacters } from "../controlCharacters";
import {
  DEFAULT_AUDIENCE,
  FederatedCredential,
  GITHUB_ACTIONS_ISSUER,
  MAX_FEDERATED_FIELD_LENGTH,
  MAX_FEDERATED_NAME_LENGTH,
  githubSubject,
  kubernetesSubject,
} from "../../credentials/federatedCredential";
import { githubSpecSchema, githubSpec, repositoryRef } from "./githubCredential";

/*
 * Federated identity credentials (`federatedCredentials`). Sources:
 * - FIC: terraform-provider-azuread v3.8.0,
 *   internal/services/applications/application_federated_identity_credential_resource.go
 *   (audiences: Required list, MaxItems 1, each StringIsNotEmpty; display_name StringLenBetween(1, 120)).
 * - GRAPH: https://learn.microsoft.com/graph/api/resources/federatedidentitycredential (audiences
 *   "can only accept a single value" of at most 600 characters; name at most 120 characters and
 *   URL friendly; issuer and subject at most 600 characters each).
 */

/**
 * Credential names, the config keys. A federated credential's name is sent as its display_name
 * (FIC: 1-120 characters; GRAPH: URL friendly). Letters, digits, `-` and `_` are a subset of
 * RFC 3986's unreserved characters [A-Za-z0-9._~-]. Certificates use the same names.
 */
export const CREDENTIAL_NAME = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_FEDERATED_NAME_LENGTH}}$`);

/** Record key schema for credential names; `role` says what the name becomes. */
export function credentialNameKey(role: string) {
  return z.string().regex(CREDENTIAL_NAME, {
    error: (issue) =>
      `is not a valid name: ${role}, so use 1-${MAX_FEDERATED_NAME_LENGTH} letters, digits, dashes and underscores, e.g. ${suggestName(String(issue.input))}`,
  });
}

function suggestName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_FEDERATED_NAME_LENGTH);
  // A suggestion echoes the input: never for something long enough to be key material.
  return cleaned && name.length <= 40 ? cleaned : "main";
}

/** GRAPH: issuer, subject and the audience are each at most 600 characters. */
function graphLength(what: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    if (value.length > MAX_FEDERATED_FIELD_LENGTH) {
      ctx.addIssue({
        code: "custom",
        message: `is ${value.length} characters long; Entra allows at most ${MAX_FEDERATED_FIELD_LENGTH} for ${what}. Shorten it`,
      });
    }
  };
}

/**
 * Why a control character is refused in each field (controlCharacters.ts): Entra compares the
 * issuer, subject and audience with the token's iss, sub and aud claims character for character.
 */
const NEVER_IN_A_CLAIM = (claim: string) =>
  `Entra compares it character for character with the token's ${claim} claim, which never holds one, so the credential could never be used`;

const httpsIssuer = z
  .string({ error: "must be the token issuer's URL" })
  .superRefine(noControlCharacters(NEVER_IN_A_CLAIM("iss")))
  .refine((value) => /^https:\/\/[^\s/]+/.test(value), {
    error: "must be an https URL (Entra accepts only https issuers)",
  })
  .superRefine(graphLength("an issuer"));

const k8sName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
  error: "must be a Kubernetes name (lowercase letters, digits, dashes)",
});

const ONE_AUDIENCE = `e.g. audiences: [${DEFAULT_AUDIENCE}], or leave audiences out for that default`;

/** FIC: MaxItems 1 (no MinItems, but Graph needs the value); GRAPH: exactly one value. */
const audiencesSchema = z
  .array(
    z
      .string({ error: `must be text, ${ONE_AUDIENCE}` })
      .min(1, { error: `must not be empty (the provider refuses it); ${ONE_AUDIENCE}` })
      .superRefine(noControlCharacters(NEVER_IN_A_CLAIM("aud")))
      .superRefine(graphLength("an audience")),
    { error: `must be a list of exactly one audience, ${ONE_AUDIENCE}` },
  )
  .superRefine((list, ctx) => {
    if (list.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: `is empty, but Entra needs exactly one audience; ${ONE_AUDIENCE}`,
      });
    } else if (list.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: `lists ${list.length} audiences, but Entra accepts exactly one per federated credential; keep one, and add another credential for each other audience`,
      });
    }
  });

const federatedCredentialShape = z.strictObject(
  {
    issuer: httpsIssuer
      .optional()
      .meta({ description: "The token issuer's https URL (with subject: the explicit form)." }),
    subject: z
      .string({ error: "must be text: the sub claim of the tokens to accept" })
      .min(1, { error: "must not be empty" })
      .superRefine(noControlCharacters(NEVER_IN_A_CLAIM("sub")))
      .superRefine(graphLength("a subject"))
      .optional()
      .meta({ description: "The sub claim of the tokens to accept (with issuer)." }),
    audiences: audiencesSchema.optional().meta({
      description: `Exactly one audience; the default is [${DEFAULT_AUDIENCE}].`,
    }),
    github: githubSpecSchema.optional().meta({
      description:
        "Trust a GitHub Actions workflow: { repository: org/repo, one of environment, branch, tag or pullRequest: true, and ownerId with repositoryId for the immutable subject }.",
    }),
    kubernetes: z
      .strictObject(
        { issuer: httpsIssuer, namespace: k8sName, serviceAccount: k8sName },
        { error: "must be { issuer: <cluster OIDC issuer URL>, namespace, serviceAccount }" },
      )
      .optional()
      .meta({
        description:
          "Trust a Kubernetes service account: { issuer: <cluster OIDC issuer URL>, namespace, serviceAccount }.",
      }),
    // Previous names of this credential: Pulumi aliases keep it, and it is replaced by deleting
    // first, since Graph keeps issuer and subject unique per app (see docs/configuration.md "Configuring an app").
    renamedFrom: z
      .array(z.string().regex(CREDENTIAL_NAME, { error: "must be a previous credential name" }), {
        error: "must be a list of previous credential names, e.g. renamedFrom: [prod]",
      })
      .optional(),
  },
  { error: "must be { issuer, subject } or { github: {...} } or { kubernetes: {...} }" },
);

const federatedCredentialSchema = federatedCredentialShape
  .refine(
    (value) => {
      const forms = [
        value.issuer !== undefined || value.subject !== undefined,
        value.github !== undefined,
        value.kubernetes !== undefined,
      ];
      const explicitComplete = value.issuer === undefined || value.subject !== undefined;
      return (
        forms.filter(Boolean).length === 1 &&
        explicitComplete &&
        (value.subject === undefined || value.issuer !== undefined)
      );
    },
    {
      error:
        "use exactly one form: { issuer, subject }, { github: {...} } or { kubernetes: {...} }",
    },
  )
  .superRefine(checkBuiltSubject);

/**
 * GRAPH: the subject is at most 600 characters, also when it is built from a GitHub or
 * Kubernetes spec: the check is on the subject actually sent, reported on the part that varies.
 */
function checkBuiltSubject(
  value: z.infer<typeof federatedCredentialShape>,
  ctx: z.RefinementCtx,
): void {
  let built: { subject: string; path: string[]; input: string; form: string } | undefined;
  // Refinements may run after other issues: only build from specs that are complete.
  if (value.github && typeof value.github.repository === "string") {
    const spec = value.github;
    const field = (["environment", "branch", "tag"] as const).find((k) => spec[k] !== undefined);
    built = {
      subject: githubSubject(repositoryRef(spec), githubSpec(spec)),
      path: ["github", field ?? "repository"],
      input: field ? spec[field]! : spec.repository,
      form: `${field ?? "repository"} name`,
    };
  } else if (
    typeof value.kubernetes?.namespace === "string" &&
    typeof value.kubernetes.serviceAccount === "string"
  ) {
    const { namespace, serviceAccount } = value.kubernetes;
    const field = namespace.length > serviceAccount.length ? "namespace" : "serviceAccount";
    built = {
      subject: kubernetesSubject(namespace, serviceAccount),
      path: ["kubernetes", field],
      input: value.kubernetes[field],
      form: field === "namespace" ? "namespace" : "service account name",
    };
  }
  if (built && built.subject.length > MAX_FEDERATED_FIELD_LENGTH) {
    ctx.addIssue({
      code: "custom",
      path: built.path,
      input: built.input,
      message: `makes the token subject ${built.subject.length} characters long; Entra allows at most ${MAX_FEDERATED_FIELD_LENGTH}. Use a shorter ${built.form}`,
    });
  }
}

/** A credential as Entra takes it: the issuer and subject built from whichever form was written. */
function toCredential(
  value: z.infer<typeof federatedCredentialShape>,
): Omit<FederatedCredential, "name"> {
  const { issuer, subject } = value.github
    ? {
        issuer: GITHUB_ACTIONS_ISSUER,
        subject: githubSubject(repositoryRef(value.github), githubSpec(value.github)),
      }
    : value.kubernetes
      ? {
          issuer: value.kubernetes.issuer,
          subject: kubernetesSubject(value.kubernetes.namespace, value.kubernetes.serviceAccount),
        }
      : // The refinement above allows this form only with both set.
        { issuer: value.issuer!, subject: value.subject! };
  return {
    issuer,
    subject,
    audiences: value.audiences ?? [DEFAULT_AUDIENCE],
    ...(value.renamedFrom ? { previousNames: value.renamedFrom } : {}),
  };
}

export const federatedCredentialsSchema = z.record(
  credentialNameKey(
    `it is the credential's name in Entra, which must be URL-friendly and at most ${MAX_FEDERATED_NAME_LENGTH} characters`,
  ),
  federatedCredentialSchema.transform(toCredential),
  {
    error:
      "must be a map of name to { issuer, subject } | { github: {...} } | { kubernetes: {...} }",
  },
);
