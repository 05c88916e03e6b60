import { plainCopy } from "./ids";
import type { DirectoryContext } from "./directoryContext";
import { GraphError, badRequest, notFound } from "./graphError";
import { GraphApplication, GraphKeyCredential } from "./graphTypes";
import { checkRedirectUris } from "./applicationRules";
import { checkCertificateAddition } from "./appManagementRules";
import { FederatedCredentialStore } from "./federatedCredentialStore";
import { PasswordStore } from "./passwordStore";

export type ApplicationPatch = Partial<Omit<GraphApplication, "id" | "appId" | "createdDateTime">>;

/**
 * What a create call may set (POST /applications), plus `owners@odata.bind` as `ownerIds`. Any
 * other writable property in the body is kept as given, as Graph does.
 */
export type ApplicationCreate = Omit<ApplicationPatch, "web" | "passwordCredentials"> & {
  web?: Partial<GraphApplication["web"]>;
  ownerIds?: string[];
};

/** Properties Graph sets itself, or that `create` reads one by one: not copied from the body. */
const NOT_COPIED = [
  ...["id", "appId", "createdDateTime", "publisherDomain", "passwordCredentials", "ownerIds"],
  ...["displayName", "signInAudience", "notes", "requiredResourceAccess", "web", "tags"],
];

const SIGN_IN_AUDIENCES = [
  "AzureADMyOrg",
  "AzureADMultipleOrgs",
  "AzureADandPersonalMicrosoftAccount",
  "PersonalMicrosoftAccount",
];
/** Graph: POST /applications binds at most 20 owners; the provider adds the rest one by one. */
const MAX_OWNERS_AT_CREATION = 20;

/**
 * App registrations: https://learn.microsoft.com/graph/api/resources/application. Application
 * calls need Application.ReadWrite.All, or Application.ReadWrite.OwnedBy on apps the caller owns.
 */
export class ApplicationStore {
  private readonly byId = new Map<string, GraphApplication>();
  readonly federated: FederatedCredentialStore;
  readonly passwords: PasswordStore;

  constructor(private readonly directory: DirectoryContext) {
    this.federated = new FederatedCredentialStore(directory, this);
    this.passwords = new PasswordStore(directory, this);
  }

  list(): GraphApplication[] {
    return [...this.byId.values()];
  }

  get(id: string): GraphApplication | undefined {
    return this.byId.get(id.toLowerCase());
  }

  byAppId(appId: string): GraphApplication | undefined {
    return this.list().find((app) => app.appId === appId.toLowerCase());
  }

  /** The application, or Graph's 404. */
  require(id: string): GraphApplication {
    const app = this.get(id);
    if (!app) throw notFound(id);
    return app;
  }

  /** Graph refuses changes to an app the caller neither owns nor may write tenant-wide (403). */
  requireWritable(id: string, operation: string): GraphApplication {
    const app = this.require(id);
    const caller = this.directory.caller;
    if (caller.roles.includes("Application.ReadWrite.All")) return app;
    const owns = (this.directory.owners.get(app.id) ?? []).includes(caller.objectId);
    if (caller.roles.includes("Application.ReadWrite.OwnedBy") && owns) return app;
    this.directory.requireRole(
      ["Application.ReadWrite.All"],
      `${operation} on an application the caller does not own`,
    );
    return app;
  }

  create(body: ApplicationCreate, hint: string): GraphApplication {
    this.directory.requireRole(
      ["Application.ReadWrite.All", "Application.ReadWrite.OwnedBy"],
      "creating an application",
    );
    if (!body.displayName || body.displayName.trim() === "") {
      throw badRequest("Property 'displayName' is required and cannot be empty.");
    }
    const audience = body.signInAudience ?? "AzureADMyOrg";
    if (!SIGN_IN_AUDIENCES.includes(audience)) {
      throw badRequest(
        `Invalid value specified for property 'signInAudience' of resource 'Application'.`,
      );
    }
    checkRedirectUris(body.web?.redirectUris ?? []);
    const ownerIds = (body.ownerIds ?? []).map((id) => id.toLowerCase());
    if (ownerIds.length > MAX_OWNERS_AT_CREATION) {
      throw badRequest("The number of owners added at creation exceeds the limit of 20.");
    }
    for (const ownerId of ownerIds) {
      if (!this.directory.principal(ownerId)) throw notFound(ownerId);
    }
    const id = this.directory.newGuid("application", hint);
    const others = Object.fromEntries(
      Object.entries(body).filter(([key]) => !NOT_COPIED.includes(key)),
    ) as ApplicationPatch;
    if (others.keyCredentials)
      others.keyCredentials = this.checkKeyCredentials(others.keyCredentials);
    const app: GraphApplication = {
      id,
      appId: this.directory.newGuid("appId", hint),
      displayName: body.displayName,
      signInAudience: audience,
      notes: body.notes ?? null,
      description: null,
      createdDateTime: this.directory.nowText(),
      publisherDomain: "contoso.onmicrosoft.com",
      identifierUris: [],
      tags: body.tags ?? [],
      requiredResourceAccess: structuredClone(body.requiredResourceAccess ?? []),
      web: {
        redirectUris: [...(body.web?.redirectUris ?? [])],
        homePageUrl: body.web?.homePageUrl ?? null,
        logoutUrl: body.web?.logoutUrl ?? null,
        implicitGrantSettings: structuredClone(
          body.web?.implicitGrantSettings ?? {
            enableAccessTokenIssuance: false,
            enableIdTokenIssuance: false,
          },
        ),
      },
      spa: { redirectUris: [] },
      publicClient: { redirectUris: [] },
      isFallbackPublicClient: null,
      appRoles: [],
      api: { oauth2PermissionScopes: [] },
      optionalClaims: null,
      groupMembershipClaims: null,
      passwordCredentials: [],
      keyCredentials: [],
      ...structuredClone(others),
    };
    this.byId.set(id, app);
    this.directory.owners.set(id, [...new Set(ownerIds)]);
    this.directory.markCreated(id);
    return structuredClone(app);
  }

  /** PATCH /applications/{id}: replaces each property given. */
  update(id: string, patch: ApplicationPatch): GraphApplication {
    const app = this.requireWritable(id, "updating");
    if (patch.displayName !== undefined && patch.displayName.trim() === "") {
      throw badRequest("Property 'displayName' is required and cannot be empty.");
    }
    if (patch.web?.redirectUris) checkRedirectUris(patch.web.redirectUris);
    if (patch.keyCredentials) {
      patch = { ...patch, keyCredentials: this.checkKeyCredentials(patch.keyCredentials) };
      checkCertificateAddition(this.directory.appManagementPolicies, app, patch.keyCredentials!);
    }
    Object.assign(app, structuredClone(patch));
    return structuredClone(app);
  }

  delete(id: string): void {
    this.requireWritable(id, "deleting");
    const app = this.require(id);
    this.byId.delete(app.id);
    this.directory.owners.delete(app.id);
    this.directory.federatedIdentityCredentials.delete(app.id);
  }

  /** POST /applications/{id}/owners/$ref. */
  addOwner(id: string, ownerId: string): void {
    const app = this.requireWritable(id, "adding an owner");
    const owner = this.directory.principal(ownerId);
    if (!owner) throw notFound(ownerId);
    const owners = this.directory.owners.get(app.id) ?? [];
    if (owners.includes(owner.id)) {
      throw badRequest(
        "One or more added object references already exist for the following modified properties: 'owners'.",
      );
    }
    this.directory.owners.set(app.id, [...owners, owner.id]);
  }

  /** DELETE /applications/{id}/owners/{ownerId}/$ref. */
  removeOwner(id: string, ownerId: string): void {
    const app = this.requireWritable(id, "removing an owner");
    const owners = this.directory.owners.get(app.id) ?? [];
    if (!owners.includes(ownerId.toLowerCase())) throw notFound(ownerId);
    this.directory.owners.set(
      app.id,
      owners.filter((owner) => owner !== ownerId.toLowerCase()),
    );
  }

  /**
   * Puts back an object read from a real tenant (seeding), as Graph returned it. A password that
   * carries its `secretText` (a hand-made seed) can sign in; the text itself is not kept.
   */
  restore(app: GraphApplication): void {
    const copy = plainCopy(app);
    for (const credential of copy.passwordCredentials ?? []) {
      if (credential.secretText) {
        this.passwords.rememberSeeded(credential.keyId, credential.secretText);
        credential.secretText = null;
      }
    }
    this.byId.set(copy.id, copy);
  }

  /**
   * Graph validates certificate credentials on PATCH: dates inside the certificate's own
   * validity (KeyCredentialsInvalidEndDate otherwise); only public keys are accepted.
   */
  private checkKeyCredentials(credentials: GraphKeyCredential[]): GraphKeyCredential[] {
    for (const credential of credentials) {
      if (Date.parse(credential.endDateTime) <= Date.parse(credential.startDateTime)) {
        throw new GraphError(
          400,
          "KeyCredentialsInvalidEndDate",
          "Key credential end date is invalid.",
        );
      }
    }
    return credentials.map((credential) => ({ ...credential, key: null }));
  }
}
