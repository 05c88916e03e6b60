import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/commands/adopt/cli";
import { capturedIo, CommandIo } from "../../tools/commands/commandIo";
import { offlineCatalogs } from "../../program/permissions/catalog";
import { rawStackConfig } from "../../program/config/rawStackConfig";
import { RawStackConfig } from "../../program/config/validateStackConfig";
import { DirectoryExport } from "../../tools/tenant/directory/graphTypes";
import { SimulatedTenantOptions } from "../../tools/tenant/simulatedTenant";
import { parseStackFile } from "../../tools/stack-files/readStackFile";
import { writeProjectFile } from "./projectFolder";

export const ADOPT_DAY = new Date("2026-11-22T09:30:00Z");

export interface AdoptRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The project folder the run worked in. */
  dir: string;
}

/** A fresh project folder holding `tenant.json` (the bundle) and any other files given. */
export function projectWith(bundle: DirectoryExport, files: Record<string, string> = {}): string {
  const dir = writeProjectFile(fs.mkdtempSync(path.join(os.tmpdir(), "adopt-")));
  fs.writeFileSync(path.join(dir, "tenant.json"), JSON.stringify(bundle, null, 2));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `npm run adopt -- <args>` in-process, in `dir`. */
export async function adopt(
  dir: string,
  args: string[],
  overrides: Partial<CommandIo> = {},
): Promise<AdoptRun> {
  const io = capturedIo({ cwd: dir, now: () => ADOPT_DAY, ...overrides });
  const code = await main(["node", "adopt", ...args], io);
  return { code, stdout: io.out.join(""), stderr: io.err.join(""), dir };
}

/** The stack config a written file hands the program, as Pulumi would. */
export function configOf(file: string): RawStackConfig {
  return rawStackConfig(parseStackFile(fs.readFileSync(file, "utf8"), file).pulumiConfig);
}

/**
 * A simulated tenant that starts with the bundle's objects, the bundle's own service principals
 * standing for Microsoft Graph and the other APIs it holds (as plan --from-export does).
 */
export function seededTenant(bundle: DirectoryExport): SimulatedTenantOptions {
  const present = new Set(bundle.servicePrincipals.map((sp) => sp.appId));
  return {
    tenantId: bundle.tenantId,
    apis: [...offlineCatalogs().values()].filter((api) => !present.has(api.appId)),
    seed: structuredClone(bundle),
    strictPrincipals: true,
  };
}
