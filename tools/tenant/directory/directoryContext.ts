import { SeededAppManagementPolicies } from "./appManagementRules";
import {
  GraphApplication,
  GraphDirectoryObject,
  GraphFederatedIdentityCredential,
  GraphServicePrincipal,
} from "./graphTypes";

/*
 * What the stores of the simulated directory use of the Directory that holds them (and, through
 * it, of each other). The stores take these interfaces rather than the classes, so directory.ts,
 * which builds the stores, and the stores never import each other.
 */

export interface DirectoryCaller {
  objectId: string;
  clientId: string;
  /** Graph app roles in the caller's token (the `roles` claim). */
  roles: string[];
}

/** What other stores read of the applications (ApplicationStore). */
export interface ApplicationLookup {
  byAppId(appId: string): GraphApplication | undefined;
  /** The application, or Graph's 404, or its 403 when the caller may not change it. */
  requireWritable(id: string, operation: string): GraphApplication;
}

/** What other stores read of the service principals (ServicePrincipalStore). */
export interface ServicePrincipalLookup {
  get(id: string): GraphServicePrincipal | undefined;
  /** The service principal, or Graph's 404. */
  require(id: string): GraphServicePrincipal;
}

/** What the service principals tell the consent store (ConsentStore). */
export interface ConsentCleanup {
  /** Removes the assignments and grants of a deleted service principal, as Graph does. */
  forgetPrincipal(servicePrincipalId: string): void;
}

/** The directory as its stores see it (implemented by Directory, directory.ts). */
export interface DirectoryContext {
  readonly tenantId: string;
  readonly caller: DirectoryCaller;
  readonly applications: ApplicationLookup;
  readonly servicePrincipals: ServicePrincipalLookup;
  readonly consent: ConsentCleanup;
  /** Object ID (application or service principal) → owner object IDs, in the order added. */
  readonly owners: Map<string, string[]>;
  readonly federatedIdentityCredentials: Map<string, GraphFederatedIdentityCredential[]>;
  readonly appManagementPolicies: SeededAppManagementPolicies;
  now(): Date;
  nowText(): string;
  newSecret(keyId: string): string;
  markCreated(id: string): void;
  newGuid(kind: string, hint: string): string;
  newOpaqueId(kind: string, hint: string): string;
  requireRole(anyOf: string[], operation: string): void;
  principal(id: string): GraphDirectoryObject | undefined;
}
