/** Why no token could be acquired, in words a person can act on. */
export interface AuthFailure {
  /** Entra's error code, e.g. `AADSTS7000215`, when Entra gave one. */
  code?: string;
  /** What it means and what to do. */
  explanation: string;
  /** Entra's own first sentence (never a secret), for a search or a support ticket. */
  entraMessage?: string;
}

/** Where the failed request went, to make the explanations concrete. */
export interface AuthContext {
  tenantId: string;
  clientId: string;
  authorityOrigin: string;
}

/** The AADSTS codes people meet when a client credentials request fails, and what to do. */
const explanations: Record<string, (context: AuthContext) => string> = {
  "7000215": () =>
    "invalid client secret: the secret sent is not a current secret of this app (a typo, the secret's ID instead of its value, " +
    "or a secret that was rotated away). Use the current value: pulumi stack output clientSecrets --show-secrets --json",
  "7000222": () =>
    "the client secret has expired. Run pulumi up (it replaces the secret when rotation is configured; with a fixed " +
    "clientSecret.expiresOn, set a later date first) and hand the new value to the service",
  "700016": (context) =>
    `application ${context.clientId} was not found in tenant ${context.tenantId}: a wrong client ID or tenant ID, an app ` +
    "deleted outside this stack, or one created moments ago that Entra has not replicated yet (retry in a minute, or use --wait)",
  "90002": (context) =>
    `tenant ${context.tenantId} was not found at ${context.authorityOrigin}: check the tenant ID (azuread:tenantId, ` +
    "GRAPH_TENANT_ID or ARM_TENANT_ID), and for a national cloud pass --authority-host (e.g. https://login.microsoftonline.us)",
  "70021": (context) =>
    `no federated identity credential of app ${context.clientId} matches the presented token's issuer, subject and audience: ` +
    "add one for this branch or environment (bootstrap/ creates them for main and environment:production)",
  "700211": (context) =>
    `no federated identity credential of app ${context.clientId} trusts the token's issuer (Entra names it above): ` +
    "GitHub Actions on github.com issues from https://token.actions.githubusercontent.com, GitHub Enterprise Server from its own host",
  "700212": (context) =>
    `no federated identity credential of app ${context.clientId} accepts the token's audience: azure/login asks for api://AzureADTokenExchange, the default of federatedCredentials`,
  "700213": (context) =>
    `no federated identity credential of app ${context.clientId} has the token's subject (Entra names it above, and matches it exactly): ` +
    "GitHub presents the immutable subject repo:OWNER@ID/REPO@ID:... for repositories created, renamed or transferred since 2026-07-15 and those switched by their admins, " +
    'the name-based one otherwise. Add a credential in the form the token uses (ownerId and repositoryId under github:, docs/credentials.md "GitHub subjects")',
  "7002138": (context) =>
    `a federated identity credential of app ${context.clientId} has the token's subject in other letter case: Entra matches subjects case-sensitively, ` +
    "so write owner, repository and environment names exactly as GitHub does",
  "700024": () =>
    "the federated token has expired or is not yet valid: request a fresh one (a GitHub Actions token lives 5 minutes)",
};

/**
 * Turns whatever MSAL threw into an AuthFailure. MSAL's ServerError carries Entra's first error
 * code in `errorNo` and the description in `errorMessage`; other errors are network or
 * configuration trouble. `secrets` are cut out of every message, should Entra ever echo one.
 */
export function authFailureFrom(
  error: unknown,
  context: AuthContext,
  secrets: string[] = [],
): AuthFailure {
  const fields = error as {
    errorNo?: unknown;
    errorCode?: unknown;
    errorMessage?: unknown;
    message?: unknown;
  };
  const message = redact(String(fields.errorMessage ?? fields.message ?? error), secrets);
  const number =
    typeof fields.errorNo === "number" || typeof fields.errorNo === "string"
      ? String(fields.errorNo)
      : /AADSTS(\d+)/.exec(message)?.[1];
  if (number !== undefined) return entraFailure(number, entraSentence(message), context);
  if (fields.errorCode === "network_error") {
    return { explanation: `could not reach ${context.authorityOrigin}: ${firstLine(message)}` };
  }
  return { explanation: `no token: ${firstLine(message)}` };
}

/** An AuthFailure for an Entra error code (digits only) and Entra's sentence about it. */
export function entraFailure(
  number: string,
  entraMessage: string | undefined,
  context: AuthContext,
): AuthFailure {
  const explain = explanations[number];
  return {
    code: `AADSTS${number}`,
    explanation: explain
      ? explain(context)
      : "Entra refused the token request; see its message, and https://login.microsoftonline.com/error?code=" +
        number,
    ...(entraMessage ? { entraMessage } : {}),
  };
}

/**
 * An AuthFailure from an Entra error body (`{"error", "error_description", "error_codes"}`), as
 * the token and OpenID metadata endpoints return it; undefined when the body is not one.
 */
export function failureFromErrorBody(body: unknown, context: AuthContext): AuthFailure | undefined {
  const fields = (typeof body === "object" && body !== null ? body : {}) as {
    error_codes?: unknown;
    error_description?: unknown;
  };
  const description = typeof fields.error_description === "string" ? fields.error_description : "";
  const codes = Array.isArray(fields.error_codes) ? fields.error_codes : [];
  const number = codes.length > 0 ? String(codes[0]) : /AADSTS(\d+)/.exec(description)?.[1];
  return number === undefined
    ? undefined
    : entraFailure(number, entraSentence(description), context);
}

/** Entra's first sentence, from MSAL's "Error(s): ... - Description: AADSTS...: text. Trace ID: ..." */
function entraSentence(message: string): string | undefined {
  const description = /Description: (.*?)(?: - Correlation ID:|$)/s.exec(message)?.[1] ?? message;
  const sentence = /AADSTS\d+: [^\r\n]*?(?:\.(?=\s|$)|$)/m.exec(description)?.[0];
  return sentence?.trim();
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].slice(0, 300);
}

/** The text with every secret replaced by `[secret]`. */
export function redact(text: string, secrets: string[]): string {
  return secrets
    .filter((secret) => secret.length > 0)
    .reduce((result, secret) => result.split(secret).join("[secret]"), text);
}
