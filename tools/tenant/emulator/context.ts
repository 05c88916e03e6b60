import { createHash, timingSafeEqual } from "crypto";
import { Directory } from "../directory/directory";
import { TokenSigner } from "./tokenSigner";

/** Microsoft Graph's application ID: its service principal holds the app roles tokens carry. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/**
 * An identity registered with the emulator itself rather than the Directory: the pipeline's
 * service principal that the azuread provider (or `verify --deployer`) signs in as. Its Graph
 * roles are given here, not assigned in the Directory.
 */
export interface DeployerIdentity {
  clientId: string;
  /** Object ID of its service principal (the token's `oid`); derived from the client ID if absent. */
  objectId?: string;
  displayName?: string;
  /** Client secret it signs in with. */
  secret?: string;
  /** A client assertion (federated token) accepted as is, e.g. a GitHub Actions OIDC token. */
  assertion?: string;
  /** Microsoft Graph application permissions in its tokens' `roles` claim. */
  roles: string[];
}

/** A deployer as the emulator keeps it: the secret and assertion only as hashes. */
export interface RegisteredDeployer {
  clientId: string;
  objectId: string;
  displayName: string;
  roles: string[];
  secretHash?: Buffer;
  assertionHash?: Buffer;
}

/**
 * GitHub Actions' OIDC token endpoint: the request token it accepts and the token it issues,
 * either a fixed `idToken` or, with `subject`, a GitHub-shaped JWT for that `sub` (either form:
 * program/credentials/githubSubject.ts) minted on each request.
 */
export interface GithubOidc {
  requestToken: string;
  idToken?: string;
  subject?: string;
}

/** What every part of the emulator shares: one Directory, one clock, one signing key. */
export interface EmulatorContext {
  readonly tenantId: string;
  readonly directory: Directory;
  readonly signer: TokenSigner;
  readonly deployers: Map<string, RegisteredDeployer>;
  readonly issuedTokens: string[];
  /** GitHub's request token only as a hash; `subject` changes when a test switches the repository. */
  readonly github?: { requestTokenHash: Buffer; idToken?: string; subject?: string };
  /** The port, so links name the host the client used (127.0.0.1 or localhost). */
  port(): number;
  now(): Date;
  replicationDelayMs: number;
  pageSize: number;
  /** The next `remaining` Graph requests are answered 429 with this Retry-After. */
  throttle: { remaining: number; retryAfterSeconds: number };
}

export function hashCredential(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

export function matchesHash(hash: Buffer | undefined, value: string): boolean {
  return hash !== undefined && timingSafeEqual(hash, hashCredential(value));
}

/**
 * Whether Entra's replicas know an object yet: anything created through the Directory stays
 * invisible (404 to Graph reads, absent from tokens) for `replicationDelayMs` after creation.
 * Seeded objects are visible at once.
 */
export function isVisible(context: EmulatorContext, id: string): boolean {
  const created = context.directory.createdAt(id);
  if (created === undefined || context.replicationDelayMs <= 0) return true;
  return context.now().getTime() >= created.getTime() + context.replicationDelayMs;
}

/** Hosts the certificate is made for; links use whichever of them the client connected to. */
const LOCAL_HOSTS = ["127.0.0.1", "localhost"];

export function originFor(context: EmulatorContext, hostHeader: string | undefined): string {
  const host = (hostHeader ?? "").replace(/:\d+$/, "").toLowerCase();
  return `https://${LOCAL_HOSTS.includes(host) ? host : "127.0.0.1"}:${context.port()}`;
}

/** Every origin the emulator answers on, for token audiences. */
export function localOrigins(context: EmulatorContext): string[] {
  return LOCAL_HOSTS.map((host) => `https://${host}:${context.port()}`);
}
