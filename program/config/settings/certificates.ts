import { z } from "zod";
import { credentialNameKey } from "./federatedCredentials";

/** `certificates:`, name → the public certificate as PEM text or a file in the project. */
export const certificatesSchema = z.record(
  credentialNameKey("it names the resource <app>-cert-<name>"),
  z
    .strictObject(
      {
        pem: z.string({ error: "must be the certificate's PEM text" }).optional(),
        pemFile: z
          .string({ error: "must be a path relative to the project folder" })
          .min(1)
          .optional(),
      },
      { error: "must be { pem: <PEM text> } or { pemFile: <path relative to the project> }" },
    )
    .refine((value) => (value.pem === undefined) !== (value.pemFile === undefined), {
      error: "set exactly one of pem or pemFile",
    }),
  { error: "must be a map of name to { pem } or { pemFile }" },
);
