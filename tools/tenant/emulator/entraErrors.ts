import { Reply } from "./http";

/** A refusal of Entra's token service: HTTP status, OAuth error, AADSTS number and sentence. */
export interface EntraRefusal {
  status: number;
  error: string;
  code: number;
  sentence: string;
}

const TRACE_ID = "0f6e3a1c-0000-4000-8000-000000000001";
const CORRELATION_ID = "5b7d9e2f-0000-4000-8000-000000000002";

/** Entra's error body: the code in the description and in `error_codes`, plus trace IDs. */
export function entraErrorReply(refusal: EntraRefusal, now: Date): Reply {
  const timestamp = now
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
  return {
    status: refusal.status,
    body: {
      error: refusal.error,
      error_description: `AADSTS${refusal.code}: ${refusal.sentence} Trace ID: ${TRACE_ID} Correlation ID: ${CORRELATION_ID} Timestamp: ${timestamp}`,
      error_codes: [refusal.code],
      timestamp,
      trace_id: TRACE_ID,
      correlation_id: CORRELATION_ID,
      error_uri: `https://login.microsoftonline.com/error?code=${refusal.code}`,
    },
  };
}

const CHECK_FEDERATED =
  "Check your federated identity credential Subject, Audience and Issuer against the presented assertion.";

/** The refusals the emulator gives, in Entra's words. */
export const refusals = {
  tenantNotFound: (tenantId: string): EntraRefusal => ({
    status: 400,
    error: "invalid_tenant",
    code: 90002,
    sentence: `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  unknownApp: (clientId: string, tenantId: string): EntraRefusal => ({
    status: 400,
    error: "unauthorized_client",
    code: 700016,
    sentence: `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  invalidSecret: (clientId: string): EntraRefusal => ({
    status: 401,
    error: "invalid_client",
    code: 7000215,
    sentence: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  expiredSecret: (clientId: string): EntraRefusal => ({
    status: 401,
    error: "invalid_client",
    code: 7000222,
    sentence: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  noCredential: (): EntraRefusal => ({
    status: 401,
    error: "invalid_client",
    code: 7000218,
    sentence:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  noFederatedMatch: (): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 70021,
    sentence: "No matching federated identity record found for presented assertion.",
  }),
  // The federated-credential refusals, in the words azure/login users quote (Azure/login#617,
  // #515; AADSTS7002138 since the case-sensitive matching of August 2024). 700211 and 700212
  // follow 700213's pattern (not seen verbatim).
  noFederatedIssuer: (issuer: string): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 700211,
    sentence: `No matching federated identity record found for presented assertion issuer '${issuer}'. ${CHECK_FEDERATED}`,
  }),
  noFederatedSubject: (subject: string): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 700213,
    sentence: `No matching federated identity record found for presented assertion subject '${subject}'. ${CHECK_FEDERATED}`,
  }),
  noFederatedSubjectCaseSensitive: (subject: string): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 7002138,
    sentence: `No matching federated identity record found for presented assertion subject '${subject}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${CHECK_FEDERATED} See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
  }),
  noFederatedAudience: (audience: string): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 700212,
    sentence: `No matching federated identity record found for presented assertion audience '${audience}'. ${CHECK_FEDERATED}`,
  }),
  assertionExpired: (): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 700024,
    sentence: "Client assertion is not within its valid time range.",
  }),
  missingServicePrincipal: (clientId: string, tenantId: string): EntraRefusal => ({
    status: 400,
    error: "invalid_client",
    code: 7000229,
    sentence: `The client application ${clientId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  }),
  unsupportedGrant: (grantType: string): EntraRefusal => ({
    status: 400,
    error: "unsupported_grant_type",
    code: 70003,
    sentence: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  scopeNotDefault: (scope: string): EntraRefusal => ({
    status: 400,
    error: "invalid_scope",
    code: 1002012,
    sentence: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  resourceNotFound: (resource: string, tenantId: string): EntraRefusal => ({
    status: 400,
    error: "invalid_resource",
    code: 500011,
    sentence: `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
};
