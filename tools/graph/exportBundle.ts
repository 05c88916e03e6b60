import * as fs from "fs";
import { DirectoryExport } from "../tenant/directory/graphTypes";
import { parseDirectoryExport } from "./exportSchema";
import { jsonBudgetProblem } from "./jsonBudget";

/** An export file that cannot be written or read. `exitCode`: 1 usage, 2 unreadable. */
export class ExportFileError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/**
 * A large tenant's export is a few megabytes (5,000 app registrations: 20 MB); anything past this
 * is refused unread. With MAX_JSON_VALUES (jsonBudget.ts) it bounds what adopt and drift read:
 * both finish within 5 s and 512 MB on any export these allow (docs/configuration.md "Careless and hostile
 * config").
 */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
/** How to make an export smaller: read fewer apps. */
const EXPORT_LESS =
  "Export fewer apps: adopt --all --filter <display-name prefix> --save-export, or drift --stack <name> --save-export (it reads only the stack's apps)";

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
  return emptySecrets(structuredClone(bundle));
}

/** The same, in place: for a bundle only its reader holds (a copy of 64 MiB costs 200 MB). */
function emptySecrets(bundle: DirectoryExport): DirectoryExport {
  for (const holders of [bundle.applications, bundle.servicePrincipals]) {
    for (const holder of holders) {
      for (const password of holder.passwordCredentials ?? []) password.secretText = null;
      for (const key of holder.keyCredentials ?? []) key.key = null;
    }
  }
  return bundle;
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
      `${file} is ${stat.size} bytes; an export bundle is at most ${maxBytes} bytes. ${EXPORT_LESS}`,
      2,
    );
  }
  let parsed: unknown;
  try {
    const text = fs.readFileSync(file, "utf8");
    const tooMuch = jsonBudgetProblem(text, "an export bundle");
    if (tooMuch) throw new ExportFileError(`${file} ${tooMuch}. ${EXPORT_LESS}`, 2);
    parsed = JSON.parse(text);
  } catch (error) {
    if (error instanceof ExportFileError) throw error;
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
  return emptySecrets(result.data);
}
