import * as fs from "fs";
import { DirectoryExport } from "../tenant/directory/graphTypes";
import { parseDirectoryExport } from "./exportSchema";

/** An export file that cannot be written or read. `exitCode`: 1 usage, 2 unreadable. */
export class ExportFileError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** A large tenant's export is a few megabytes; anything past this is refused unread. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

/** Shapes of credentials that must never be in an export (Graph never returns them on reads). */
const TOKEN_LIKE: [string, RegExp][] = [
  ["an access token (JWT)", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./],
  ["a client secret", /[A-Za-z0-9_.~-]{3}[0-9][A-Za-z]~[A-Za-z0-9_.~-]{31,34}/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/**
 * The bundle without anything secret Graph could have carried: a password's `secretText` (only
 * in the answer to addPassword) and a key credential's `key` are emptied wherever they appear.
 */
export function withoutSecrets(bundle: DirectoryExport): DirectoryExport {
  const clean = structuredClone(bundle);
  const credentialHolders = [...clean.applications, ...clean.servicePrincipals];
  for (const holder of credentialHolders) {
    for (const password of holder.passwordCredentials ?? []) password.secretText = null;
    for (const key of holder.keyCredentials ?? []) key.key = null;
  }
  return clean;
}

/** The first string in `value` shaped like a token, a secret or a private key, with its path. */
export function findTokenLike(value: unknown, path = "$"): string | undefined {
  if (typeof value === "string") {
    const hit = TOKEN_LIKE.find(([, shape]) => shape.test(value));
    return hit ? `${hit[0]} at ${path}` : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findTokenLike(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = findTokenLike(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Writes the bundle (`--save-export`) as JSON readable only by its owner. Refuses an existing
 * file (exit 1: an export is evidence of what the tenant held; never overwritten by accident)
 * and a bundle holding anything shaped like a token or secret (exit 2).
 */
export function saveExport(file: string, bundle: DirectoryExport): void {
  const clean = withoutSecrets(bundle);
  const tokenLike = findTokenLike(clean);
  if (tokenLike) {
    throw new ExportFileError(
      `${file} not written: the export would hold something shaped like ${tokenLike}`,
      2,
    );
  }
  try {
    fs.writeFileSync(file, `${JSON.stringify(clean, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new ExportFileError(`${file} already exists; remove it or give another file`, 1);
    throw new ExportFileError(`cannot write ${file}: ${(error as Error).message}`, 2);
  }
}

/**
 * Reads an export bundle (`--from-export`): at most MAX_EXPORT_BYTES, JSON, in the bundle's
 * shape (every problem named with its path), secrets emptied. Any failure is exit 2.
 */
export function loadExport(file: string, maxBytes = MAX_EXPORT_BYTES): DirectoryExport {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ExportFileError(`${file} does not exist`, 2);
  }
  if (!stat.isFile()) throw new ExportFileError(`${file} is not a file`, 2);
  if (stat.size > maxBytes) {
    throw new ExportFileError(
      `${file} is ${stat.size} bytes; an export bundle is at most ${maxBytes} bytes`,
      2,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ExportFileError(`${file} is not JSON: ${(error as Error).message}`, 2);
  }
  const result = parseDirectoryExport(parsed);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 10)
      .map((issue) => `  - ${["$", ...issue.path.map(String)].join(".")}: ${issue.message}`);
    const more =
      result.error.issues.length > 10 ? [`  ... and ${result.error.issues.length - 10} more`] : [];
    throw new ExportFileError(
      [`${file} is not an export bundle (Graph v1.0 shapes):`, ...problems, ...more].join("\n"),
      2,
    );
  }
  return withoutSecrets(result.data);
}
