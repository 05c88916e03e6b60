import * as pulumi from "@pulumi/pulumi";

/**
 * What the engine knows about a registration beyond what Pulumi's Mocks interface passes on:
 * its URN (with the full parent type chain, as the engine writes it), its aliases, and the
 * resource options that change how a replacement runs.
 */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  parentUrn?: string;
  /** Previous URNs this resource may be found under (its own aliases and its parent's). */
  aliasUrns: string[];
  deleteBeforeReplace: boolean;
  importId?: string;
}

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDeletebeforereplace(): boolean;
  getImportid(): string;
  getAliasesList(): { getUrn(): string; getSpec(): { getName(): string } | undefined }[];
}

interface InvokeRequest {
  getTok(): string;
  getArgs(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
  getProvider(): string;
}

/** What the SDK reads of an invoke's response (runtime/invoke.js deserializeResponse). */
interface InvokeResponseLike {
  getFailuresList(): [];
  getReturn(): { toJavaScript(): Record<string, unknown> };
}

type InvokeCallback = (error: Error | null, response?: InvokeResponseLike) => void;

interface MonitorLike {
  registerResource(req: RegisterResourceRequest, callback: unknown): Promise<void>;
  invoke(req: InvokeRequest, callback: InvokeCallback): Promise<void>;
}

export interface MockOptions {
  /** Lookups take Pulumi's mock monitor's protobuf round trip (default: answered directly). */
  protobufLookups?: boolean;
}

/** Receives each registration just before Pulumi's mock monitor calls `newResource` for it. */
export interface RegistrationListener {
  announce(registration: RegisterResourceRequest): void;
}

/**
 * Installs `mocks` as Pulumi's mock runtime and lets `listener` see every registration request
 * (the mock monitor calls `newResource` synchronously inside `registerResource`).
 *
 * Lookups (`mocks.call`) answer with the serialized result as it is, where Pulumi's mock monitor
 * copies it into a protobuf Struct and the SDK copies it straight back out: for a lookup of
 * Microsoft Graph's service principal (hundreds of roles and scopes) that round trip cost more
 * than the rest of a program run. The values the program receives are the same: they still go
 * through the SDK's own serializeProperties and deserializeProperties (secrets, unknowns,
 * resource references), and a protobuf Struct holds exactly the JSON values those produce.
 * `protobufLookups` keeps Pulumi's round trip, for the benchmark's timings (under `pulumi up` the
 * program's side decodes every lookup result from protobuf).
 */
export async function installMocks(
  mocks: pulumi.runtime.Mocks & RegistrationListener,
  project: string,
  stack: string,
  options: MockOptions = {},
): Promise<void> {
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    mocks.announce(req);
    return register(req, callback);
  };
  if (options.protobufLookups) return;
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = async (req, callback) => {
    const token = req.getTok();
    // The engine's own lookup of a registered resource (resource references) stays with Pulumi.
    if (token === "pulumi:pulumi:getResource") return invoke(req, callback);
    try {
      const result = await mocks.call({
        token,
        inputs: pulumi.runtime.deserializeProperties(req.getArgs()),
        provider: req.getProvider(),
      });
      const serialized = await pulumi.runtime.serializeProperties("", result);
      callback(null, passThroughResponse(serialized));
    } catch (error) {
      callback(error as Error);
    }
  };
}

function passThroughResponse(serialized: Record<string, unknown>): InvokeResponseLike {
  return { getFailuresList: () => [], getReturn: () => ({ toJavaScript: () => serialized }) };
}

/**
 * Builds URNs the way the engine does, from requests whose parent is named by the mock
 * monitor's own URN (which keeps only the immediate parent's type).
 */
export class UrnBook {
  private readonly byMockUrn = new Map<string, Registration>();

  constructor(
    private readonly project: string,
    private readonly stack: string,
  ) {}

  register(req: RegisterResourceRequest): Registration {
    const parent = req.getParent() ? this.byMockUrn.get(req.getParent()) : undefined;
    const type = req.getType();
    const name = req.getName();
    const chain = parent ? `${typeChain(parent.urn)}$${type}` : type;
    const urn = this.urn(chain, name);
    const ownAliases = req
      .getAliasesList()
      .map((alias) => alias.getUrn() || this.urn(chain, alias.getSpec()?.getName() ?? name));
    // The engine gives a child an alias under each alias of its parent, renaming a child whose
    // name starts with the parent's name (Pulumi's inheritedChildAlias).
    const inherited = (parent?.aliasUrns ?? []).map((parentAlias) => {
      const aliasParentName = parentAlias.split("::").pop()!;
      const childName = name.startsWith(parent!.name)
        ? aliasParentName + name.slice(parent!.name.length)
        : name;
      return this.urn(`${typeChain(parentAlias)}$${type}`, childName);
    });
    const registration: Registration = {
      urn,
      type,
      name,
      parentUrn: parent?.urn,
      aliasUrns: [...ownAliases, ...inherited],
      deleteBeforeReplace: req.getDeletebeforereplace(),
      importId: req.getImportid() || undefined,
    };
    this.byMockUrn.set(
      mockUrn(this.stack, this.project, req.getParent(), type, name),
      registration,
    );
    return registration;
  }

  private urn(chain: string, name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::${chain}::${name}`;
  }
}

function typeChain(urn: string): string {
  return urn.split("::")[2];
}

/** The URN Pulumi's MockMonitor gives a resource (see @pulumi/pulumi runtime/mocks.js newUrn). */
function mockUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
