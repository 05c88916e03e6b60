import { z } from "zod";

/** One resource of a checkpoint, as `pulumi stack export` prints it (deployment v3). */
const stateResource = z.looseObject({
  urn: z.string().max(4096),
  type: z.string().max(512),
  custom: z.boolean().optional(),
  id: z.string().max(4096).optional(),
  parent: z.string().max(4096).optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  delete: z.boolean().optional(),
});

/** `pulumi stack export`: `{ version: 3, deployment: { manifest, secrets_providers, resources } }`. */
export const stackExportSchema = z.object({
  version: z.literal(3, { message: "only deployment version 3 (Pulumi 3.x) is read" }),
  deployment: z.looseObject({
    resources: z.array(stateResource).optional(),
  }),
});

export type StateResource = z.infer<typeof stateResource>;
