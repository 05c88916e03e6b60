/**
 * Builds a permission catalog from the JSON Graph returns for its own service principal, plus a
 * privilege-level map. Only facts are kept (value, id, kind, admin consent required, privilege
 * level); description sentences are dropped on purpose.
 *
 *   npm run catalog -- --service-principal sp.json --out program/permissions/catalog/microsoft-graph.json
 *
 * `--out` is always explicit: the committed catalog is never written by default. Exit 0 written,
 * 1 usage error, 2 an input file that is missing, not JSON or not the expected shape, or an
 * output that cannot be written. Errors are one line: the file, what is wrong, the fix.
 */
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { CommandIo } from "../commands/commandIo";
import { EXIT_CODES } from "../commands/exitCodes";
import { parseCommandLine, runAsScript } from "../commands/commandLine";
import {
  buildCatalog,
  CatalogInputError,
  formatCatalog,
  levelsFromCatalog,
  PrivilegeLevelsJson,
  readPrivilegeLevelsJson,
  readServicePrincipalJson,
} from "./buildCatalog";
import { PermissionCatalog } from "../../program/permissions/catalogTypes";

export const EXIT = {
  ok: EXIT_CODES.ok,
  usage: EXIT_CODES.usage,
  fileError: EXIT_CODES.readError,
} as const;

/** The catalog in the repository: where levels come from without --privilege-levels. */
export const COMMITTED_CATALOG = path.join(
  __dirname,
  "..",
  "..",
  "program",
  "permissions",
  "catalog",
  "microsoft-graph.json",
);

/** A file the generator cannot read or write: exit 2, one line. */
class FileError extends Error {}

const SERVICE_PRINCIPAL_FIX =
  "save it with az rest --url \"https://graph.microsoft.com/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=appId,displayName,appRoles,oauth2PermissionScopes\" > sp.json";

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const program = new Command()
    .name("catalog")
    .description("Generate a permission catalog from a service principal JSON")
    .option(
      "--service-principal <file>",
      "GET /servicePrincipals(appId='00000003-0000-0000-c000-000000000000') response",
    )
    .option(
      "--privilege-levels <file>",
      "map of permission value to { application?, delegated? } privilege level (1-5); default: the levels in program/permissions/catalog/microsoft-graph.json",
    )
    .option(
      "--out <file>",
      "where to write the catalog (required; to refresh the committed one: --out program/permissions/catalog/microsoft-graph.json)",
    );
  const parsed = parseCommandLine(program, argv, EXIT.usage, io);
  if (parsed !== undefined) return parsed;
  const options = program.opts<{
    servicePrincipal?: string;
    privilegeLevels?: string;
    out?: string;
  }>();
  if (!options.servicePrincipal || !options.out) {
    io.stderr(
      "catalog: give --service-principal <file> and --out <file>; to refresh the committed catalog, pass --out program/permissions/catalog/microsoft-graph.json explicitly\n",
    );
    return EXIT.usage;
  }
  try {
    const servicePrincipal = readJson(
      options.servicePrincipal,
      io,
      readServicePrincipalJson,
      SERVICE_PRINCIPAL_FIX,
    );
    // Privilege levels are not part of Graph's answer: without a levels file, keep the ones the
    // committed catalog has, so a refresh from a live tenant loses nothing.
    const privilegeLevels: PrivilegeLevelsJson = options.privilegeLevels
      ? readJson(
          options.privilegeLevels,
          io,
          readPrivilegeLevelsJson,
          'write it as { "Mail.Send": { "application": 3, "delegated": 2 } }',
        )
      : levelsFromCatalog(
          readJson(
            COMMITTED_CATALOG,
            io,
            (value) => {
              if (!Array.isArray((value as PermissionCatalog | null)?.permissions))
                throw new CatalogInputError("has no permissions list");
              return value as PermissionCatalog;
            },
            "restore it with git checkout, or pass --privilege-levels <file>",
          ),
        );
    const catalog = buildCatalog(servicePrincipal, privilegeLevels);
    writeAtomically(path.resolve(io.cwd, options.out), formatCatalog(catalog), options.out);
    const count = (kind: string) => catalog.permissions.filter((p) => p.kind === kind).length;
    io.stdout(
      `wrote ${options.out}: ${count("application")} application permissions, ${count("delegated")} delegated scopes\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof FileError) {
      io.stderr(`catalog: ${error.message}\n`);
      return EXIT.fileError;
    }
    throw error;
  }
}

function readJson<T>(file: string, io: CommandIo, check: (value: unknown) => T, fix: string): T {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const what = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : code;
    throw new FileError(`cannot read ${file}: ${what}; ${fix}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FileError(`${file} is not JSON; ${fix}`);
  }
  try {
    return check(value);
  } catch (error) {
    if (error instanceof CatalogInputError)
      throw new FileError(`${file}: ${error.message}; ${fix}`);
    throw error;
  }
}

/** Writes beside the target, then renames: a failed run never leaves a half-written catalog. */
function writeAtomically(target: string, text: string, shownAs: string): void {
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const what = code === "ENOENT" ? "its folder does not exist" : code;
    throw new FileError(`cannot write ${shownAs}: ${what}; pick a writable --out path`);
  }
}

if (require.main === module) runAsScript("catalog", main, EXIT.usage);
