import { PermissionCatalog } from "../../../program/permissions/catalogTypes";
import { ApplicationStore } from "./applicationStore";
import { SeededAppManagementPolicies } from "./appManagementRules";
import { ConsentStore } from "./consentStore";
import { DirectoryCaller, DirectoryContext } from "./directoryContext";
import { GraphError } from "./graphError";
import {
  DirectoryExport,
  GraphDirectoryObject,
  GraphFederatedIdentityCredential,
} from "./graphTypes";
import { directoryGuid, graphDate, opaqueId, plainCopy, secretText } from "./ids";
import { ServicePrincipalStore } from "./servicePrincipalStore";

export type { DirectoryCaller } from "./directoryContext";

/** Graph application permissions that decide what a deploying identity may do. */
export const DEPLOYER_FULL_ROLES = [
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "DelegatedPermissionGrant.ReadWrite.All",
];

export interface DirectoryOptions {
  tenantId: string;
  /** Reads the tenant's clock: creation dates and password start dates come from it. */
  now: () => Date;
  /** The identity the provider signs in as. */
  caller: DirectoryCaller;
  /**
   * Treat any GUID as an existing user when it is named as an owner. Offline `plan` cannot know
   * the real directory's users; seeded tests switch this off to see Graph's 404.
   */
  assumeUnknownPrincipalsExist?: boolean;
  /**
   * Makes a new client secret's text. Default: derived from the tenant and keyId (stable for
   * offline plans, which never print it); the emulator passes random bytes, since anyone can
   * read a keyId from Graph.
   */
  newSecret?: (keyId: string) => string;
  /** The tenant's app management policies (credential restrictions); default none. */
  appManagementPolicies?: SeededAppManagementPolicies;
}

/**
 * An in-memory Microsoft Entra tenant with Graph's rules: the one model behind the simulated
 * tenant (Pulumi mocks) and the local Entra emulator (HTTPS), so the two cannot drift apart.
 * Every rule names its source: a Microsoft Graph documentation page or the provider file that
 * relies on it.
 */
export class Directory implements DirectoryContext {
  readonly tenantId: string;
  /**
   * Who is calling Graph: its permissions decide what each call may do. The simulated tenant
   * keeps one deployer; the emulator sets it per request from the bearer token.
   */
  caller: DirectoryCaller;
  readonly applications: ApplicationStore;
  readonly servicePrincipals: ServicePrincipalStore;
  readonly consent: ConsentStore;
  readonly users = new Map<string, GraphDirectoryObject>();
  /** Object ID (application or service principal) → owner object IDs, in the order added. */
  readonly owners = new Map<string, string[]>();
  readonly federatedIdentityCredentials = new Map<string, GraphFederatedIdentityCredential[]>();
  /** Credential restrictions: held to when a password or certificate is added (appManagementRules.ts). */
  appManagementPolicies: SeededAppManagementPolicies;
  private readonly clock: () => Date;
  private readonly secretMaker: (keyId: string) => string;
  private readonly assumeUnknownPrincipalsExist: boolean;
  private readonly issued = new Map<string, number>();
  /** ID → creation time (ms) of objects created through the stores (not seeded ones). */
  private readonly creationTimes = new Map<string, number>();

  constructor(options: DirectoryOptions) {
    this.tenantId = options.tenantId;
    this.caller = options.caller;
    this.clock = options.now;
    this.secretMaker = options.newSecret ?? ((keyId) => secretText(options.tenantId, keyId));
    this.assumeUnknownPrincipalsExist = options.assumeUnknownPrincipalsExist ?? true;
    this.appManagementPolicies = options.appManagementPolicies ?? {};
    this.applications = new ApplicationStore(this);
    this.servicePrincipals = new ServicePrincipalStore(this);
    this.consent = new ConsentStore(this);
  }

  now(): Date {
    return this.clock();
  }

  /** The text of a new client secret (see DirectoryOptions.newSecret). */
  newSecret(keyId: string): string {
    return this.secretMaker(keyId);
  }

  nowText(): string {
    return graphDate(this.clock());
  }

  /** Notes when an object (or a password's keyId) was created, for replication delays. */
  markCreated(id: string): void {
    this.creationTimes.set(id, this.clock().getTime());
  }

  /** When the object was created here; undefined for seeded objects and unknown IDs. */
  createdAt(id: string): Date | undefined {
    const time = this.creationTimes.get(id);
    return time === undefined ? undefined : new Date(time);
  }

  /**
   * A new object ID. `hint` (a resource name, a display name) keeps IDs stable whatever order
   * objects are created in; the counter separates objects created from the same hint.
   */
  newGuid(kind: string, hint: string): string {
    const key = `${kind}|${hint}`;
    const serial = this.issued.get(key) ?? 0;
    this.issued.set(key, serial + 1);
    return directoryGuid(this.tenantId, kind, serial === 0 ? hint : `${hint}#${serial}`);
  }

  /** A new opaque ID (app role assignments, grants), stable like `newGuid`. */
  newOpaqueId(kind: string, hint: string): string {
    const key = `${kind}|${hint}`;
    const serial = this.issued.get(key) ?? 0;
    this.issued.set(key, serial + 1);
    return opaqueId(this.tenantId, kind, serial === 0 ? hint : `${hint}#${serial}`);
  }

  /** Refuses a call the caller's Graph permissions do not cover, as Graph does (403). */
  requireRole(anyOf: string[], operation: string): void {
    if (anyOf.some((role) => this.caller.roles.includes(role))) return;
    throw new GraphError(
      403,
      "Authorization_RequestDenied",
      `Insufficient privileges to complete the operation. (${operation} needs one of ${anyOf.join(", ")})`,
    );
  }

  /** A user or service principal that can own an object; Graph answers 404 for anything else. */
  principal(id: string): GraphDirectoryObject | undefined {
    const lower = id.toLowerCase();
    const sp = this.servicePrincipals.get(lower);
    if (sp) {
      return {
        "@odata.type": "#microsoft.graph.servicePrincipal",
        id: sp.id,
        displayName: sp.displayName,
        appId: sp.appId,
      };
    }
    if (lower === this.caller.objectId) {
      return {
        "@odata.type": "#microsoft.graph.servicePrincipal",
        id: lower,
        appId: this.caller.clientId,
      };
    }
    const user = this.users.get(lower);
    if (user) return user;
    if (this.assumeUnknownPrincipalsExist) {
      return {
        "@odata.type": "#microsoft.graph.user",
        id: lower,
        displayName: `user ${lower.slice(0, 8)}`,
      };
    }
    return undefined;
  }

  ownersOf(objectId: string): GraphDirectoryObject[] {
    return (this.owners.get(objectId) ?? []).map((id) => this.principal(id)!).filter(Boolean);
  }

  /** Publishes a first-party API (Microsoft Graph, Exchange Online, ...) from its catalog. */
  publishApi(api: PermissionCatalog): void {
    this.servicePrincipals.publish(api);
  }

  /** Everything in the tenant, as an export bundle (Graph's shapes). */
  export(): DirectoryExport {
    const applications = this.applications.list();
    return structuredClone({
      tenantId: this.tenantId,
      applications,
      servicePrincipals: this.servicePrincipals.list(),
      appRoleAssignments: this.consent.listAssignments(),
      oauth2PermissionGrants: this.consent.listGrants(),
      owners: Object.fromEntries(applications.map((app) => [app.id, this.ownersOf(app.id)])),
      federatedIdentityCredentials: Object.fromEntries(
        applications.map((app) => [app.id, this.federatedIdentityCredentials.get(app.id) ?? []]),
      ),
    });
  }

  /**
   * Starts from existing objects (a tenant full of apps made by hand in the portal). Objects
   * are taken as Graph would return them; service principals already known (published APIs)
   * are kept.
   */
  seed(bundle: Partial<DirectoryExport> & { users?: GraphDirectoryObject[] }): void {
    for (const user of bundle.users ?? []) this.users.set(user.id.toLowerCase(), user);
    for (const app of bundle.applications ?? []) this.applications.restore(app);
    for (const sp of bundle.servicePrincipals ?? []) this.servicePrincipals.restore(sp);
    for (const assignment of bundle.appRoleAssignments ?? [])
      this.consent.restoreAssignment(assignment);
    for (const grant of bundle.oauth2PermissionGrants ?? []) this.consent.restoreGrant(grant);
    for (const [objectId, owners] of Object.entries(bundle.owners ?? {})) {
      for (const owner of owners) {
        if (owner["@odata.type"] === "#microsoft.graph.user") this.users.set(owner.id, owner);
      }
      this.owners.set(
        objectId,
        owners.map((owner) => owner.id),
      );
    }
    for (const [objectId, credentials] of Object.entries(
      bundle.federatedIdentityCredentials ?? {},
    )) {
      this.federatedIdentityCredentials.set(objectId, plainCopy(credentials));
    }
  }
}
