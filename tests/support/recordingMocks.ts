import * as pulumi from "@pulumi/pulumi";

/** One `newResource` call: what the engine would be asked to create or import. */
export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** The `import` resource option as the engine receives it; undefined when not importing. */
  importId?: string;
}

const APPLICATION = "azuread:index/application:Application";
const SERVICE_PRINCIPAL = "azuread:index/servicePrincipal:ServicePrincipal";

/**
 * Pulumi mocks that record every registration (type, name, inputs, import ID) and give each
 * resource the IDs Entra would: an application `/applications/{objectId}` with a client ID, a
 * service principal its object ID. Any lookup is an error unless `calls` answers it.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  private count = 0;

  constructor(
    private readonly calls: Record<string, (inputs: Record<string, unknown>) => unknown> = {},
    /** Object IDs to give new resources by name, as Entra would have: otherwise a serial one. */
    private readonly objectIds: Record<string, string> = {},
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: object } {
    this.resources.push({
      type: args.type,
      name: args.name,
      custom: args.custom ?? true,
      inputs: args.inputs,
      ...(args.id ? { importId: args.id } : {}),
    });
    const serial = String(++this.count).padStart(12, "0");
    const objectId =
      this.objectIds[`${args.type} ${args.name}`] ?? `00000000-0000-4000-8000-${serial}`;
    if (args.type === APPLICATION) {
      const id = args.id || `/applications/${objectId}`;
      const state = { ...args.inputs, objectId: id.split("/")[2], clientId: `c-${args.name}` };
      return { id, state };
    }
    if (args.type === SERVICE_PRINCIPAL) {
      const id = args.id || `/servicePrincipals/${objectId}`;
      return { id, state: { ...args.inputs, objectId: id.split("/")[2] } };
    }
    return { id: args.id || `${args.name}-id`, state: { ...args.inputs } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const answer = this.calls[args.token];
    if (!answer) throw new Error(`unexpected lookup ${args.token}`);
    return answer(args.inputs) as Record<string, unknown>;
  }

  /** The custom resources, as `type name` → import ID (or undefined). */
  importIds(): Record<string, string | undefined> {
    return Object.fromEntries(
      this.resources
        .filter((resource) => resource.custom)
        .map((resource) => [`${resource.type} ${resource.name}`, resource.importId]),
    );
  }
}

/** Installs fresh recording mocks. */
export async function recordingMocks(
  ...options: ConstructorParameters<typeof RecordingMocks>
): Promise<RecordingMocks> {
  const mocks = new RecordingMocks(...options);
  await pulumi.runtime.setMocks(mocks, "components", "test", false);
  return mocks;
}

/** Waits until every registration started so far has reached the mocks. */
export async function registrationsSettled(): Promise<void> {
  // Not in the public typings, but exported by the runtime and what `disconnect` uses.
  await (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();
}
