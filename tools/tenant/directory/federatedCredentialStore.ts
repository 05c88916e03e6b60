import type { ApplicationLookup, DirectoryContext } from "./directoryContext";
import { badRequest, notFound } from "./graphError";
import { GraphFederatedIdentityCredential } from "./graphTypes";

/**
 * Graph's rules for federated identity credentials
 * (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential): at most 20 per
 * application, counting those that already exist; `name` 1-120 URL-friendly characters, unique
 * on the app and immutable; issuer and subject each at most 600 characters, their pair unique on
 * the app; `audiences` exactly one value of at most 600 characters.
 */
export const MAX_FEDERATED_CREDENTIALS = 20;
export const MAX_FEDERATED_NAME_LENGTH = 120;
export const MAX_FEDERATED_FIELD_LENGTH = 600;
/** "URL friendly": the unreserved characters of RFC 3986. */
export const URL_FRIENDLY_NAME = /^[A-Za-z0-9._~-]+$/;

export type FederatedCredentialBody = Omit<GraphFederatedIdentityCredential, "id">;

export class FederatedCredentialStore {
  constructor(
    private readonly directory: DirectoryContext,
    private readonly applications: ApplicationLookup,
  ) {}

  list(appObjectId: string): GraphFederatedIdentityCredential[] {
    return structuredClone(
      this.directory.federatedIdentityCredentials.get(appObjectId.toLowerCase()) ?? [],
    );
  }

  get(appObjectId: string, id: string): GraphFederatedIdentityCredential | undefined {
    return this.list(appObjectId).find((credential) => credential.id === id.toLowerCase());
  }

  /** POST /applications/{id}/federatedIdentityCredentials. */
  create(
    appObjectId: string,
    body: FederatedCredentialBody,
    hint: string,
  ): GraphFederatedIdentityCredential {
    const app = this.applications.requireWritable(
      appObjectId,
      "adding a federated identity credential",
    );
    const existing = this.directory.federatedIdentityCredentials.get(app.id) ?? [];
    checkFields(body);
    if (existing.length >= MAX_FEDERATED_CREDENTIALS) {
      throw badRequest(
        `The application already has ${MAX_FEDERATED_CREDENTIALS} federated identity credentials, the maximum.`,
      );
    }
    if (existing.some((c) => c.name === body.name)) {
      throw badRequest(`FederatedIdentityCredential with name ${body.name} already exists.`);
    }
    if (existing.some((c) => c.issuer === body.issuer && c.subject === body.subject)) {
      throw badRequest("FederatedIdentityCredential with same issuer and subject already exists.");
    }
    const credential = {
      id: this.directory.newGuid("federatedCredential", `${app.id}|${hint}`),
      ...structuredClone(body),
    };
    this.directory.federatedIdentityCredentials.set(app.id, [...existing, credential]);
    this.directory.markCreated(credential.id);
    return structuredClone(credential);
  }

  /** PATCH: name is immutable; issuer, subject, audiences and description may change. */
  update(appObjectId: string, id: string, patch: Partial<FederatedCredentialBody>): void {
    const app = this.applications.requireWritable(
      appObjectId,
      "updating a federated identity credential",
    );
    const existing = this.directory.federatedIdentityCredentials.get(app.id) ?? [];
    const credential = existing.find((c) => c.id === id.toLowerCase());
    if (!credential) throw notFound(id);
    if (patch.name !== undefined && patch.name !== credential.name) {
      throw badRequest("Property 'name' is read-only and cannot be updated.");
    }
    const next = { ...credential, ...structuredClone(patch) };
    checkFields(next);
    if (
      existing.some(
        (c) => c.id !== credential.id && c.issuer === next.issuer && c.subject === next.subject,
      )
    ) {
      throw badRequest("FederatedIdentityCredential with same issuer and subject already exists.");
    }
    Object.assign(credential, next);
  }

  delete(appObjectId: string, id: string): void {
    const app = this.applications.requireWritable(
      appObjectId,
      "deleting a federated identity credential",
    );
    const existing = this.directory.federatedIdentityCredentials.get(app.id) ?? [];
    if (!existing.some((c) => c.id === id.toLowerCase())) throw notFound(id);
    this.directory.federatedIdentityCredentials.set(
      app.id,
      existing.filter((c) => c.id !== id.toLowerCase()),
    );
  }
}

function checkFields(body: FederatedCredentialBody): void {
  if (
    body.name.length < 1 ||
    body.name.length > MAX_FEDERATED_NAME_LENGTH ||
    !URL_FRIENDLY_NAME.test(body.name)
  ) {
    throw badRequest(
      `Federated identity credential name '${body.name.slice(0, 40)}' must be 1-${MAX_FEDERATED_NAME_LENGTH} URL-friendly characters.`,
    );
  }
  if (body.audiences.length !== 1) {
    throw badRequest("Federated identity credential audiences must have exactly one value.");
  }
  for (const [field, value] of [
    ["issuer", body.issuer],
    ["subject", body.subject],
    ["audiences", body.audiences[0]],
  ] as const) {
    if (!value || value.length > MAX_FEDERATED_FIELD_LENGTH) {
      throw badRequest(
        `Federated identity credential ${field} must be 1-${MAX_FEDERATED_FIELD_LENGTH} characters.`,
      );
    }
  }
}
