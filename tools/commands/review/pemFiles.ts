import { CONFIG_NAMESPACE } from "../../../program/config/rawStackConfig";
import { readPemFile } from "../../../program/config/readPemFile";

/*
 * A certificate given as `pemFile` lives outside the stack file. Review reads it from the version
 * being reviewed: the working tree for the new version, the base ref for the old one; otherwise
 * a new certificate written over the same file would compare with itself and never be reported.
 */

/** Reads a project file (relative to the project folder) as one version has it, or undefined. */
export type ReadProjectFile = (file: string) => string | undefined;

/** The new version's reader: the working tree, with the program's own pemFile safety checks. */
export function workingTreeReader(projectDir: string): ReadProjectFile {
  return (file) => {
    const read = readPemFile(projectDir, file);
    return read.ok ? read.text : undefined;
  };
}

type Certificates = Record<string, Record<string, unknown>>;

/** Every certificates map in a stack file's `apps` and `defaults`, with its config path. */
function certificateMaps(
  config: Record<string, unknown>,
): { where: string; certificates: Certificates }[] {
  const maps: { where: string; certificates: Certificates }[] = [];
  const push = (where: string, settings: unknown) => {
    const certificates = isMap(settings) ? settings.certificates : undefined;
    if (isMap(certificates)) maps.push({ where, certificates: certificates as Certificates });
  };
  const apps = config[`${CONFIG_NAMESPACE}:apps`];
  if (isMap(apps)) Object.entries(apps).forEach(([key, app]) => push(`apps.${key}`, app));
  push("defaults", config[`${CONFIG_NAMESPACE}:defaults`]);
  return maps;
}

/** A config map (as Pulumi hands it over) with apps and defaults parsed from their JSON text. */
function configOf(config: Record<string, string> | undefined): Record<string, unknown> | undefined {
  if (!config) return undefined;
  const parsed: Record<string, unknown> = { ...config };
  for (const key of ["apps", "defaults"].map((name) => `${CONFIG_NAMESPACE}:${name}`)) {
    if (typeof config[key] !== "string") continue;
    try {
      parsed[key] = JSON.parse(config[key]);
    } catch {
      // left as text: the config reader reports it
    }
  }
  return parsed;
}

/** The pemFile paths one version of a stack's config names. */
export function pemFilesIn(config: Record<string, string> | undefined): string[] {
  const parsed = configOf(config);
  if (!parsed) return [];
  return certificateMaps(parsed).flatMap(({ certificates }) =>
    Object.values(certificates)
      .map((source) => (isMap(source) ? source.pemFile : undefined))
      .filter((file): file is string => typeof file === "string"),
  );
}

/** A stack's config with certificate files inlined, and the config paths of those certificates. */
export interface InlinedStack {
  config: Record<string, string> | undefined;
  /** `apps.<key>.certificates.<name>` or `defaults.certificates.<name>`, for each one inlined. */
  inlined: string[];
}

/**
 * The config with each certificate given only as `{ pemFile }` given as `{ pem }` instead, read
 * by `read`; a file it cannot read, or a certificate with other settings beside pemFile, is left
 * as written (the config check reports it).
 */
export function inlinePemFiles(
  config: Record<string, string> | undefined,
  read: ReadProjectFile,
): InlinedStack {
  const parsed = configOf(config);
  if (!parsed || pemFilesIn(config).length === 0) return { config, inlined: [] };
  const inlined: string[] = [];
  for (const { where, certificates } of certificateMaps(parsed)) {
    for (const [name, source] of Object.entries(certificates)) {
      if (!isMap(source) || typeof source.pemFile !== "string") continue;
      if (Object.keys(source).length !== 1) continue;
      const pem = read(source.pemFile);
      if (pem === undefined) continue;
      certificates[name] = { pem };
      inlined.push(`${where}.certificates.${name}`);
    }
  }
  const result: Record<string, string> = { ...config };
  for (const key of ["apps", "defaults"].map((name) => `${CONFIG_NAMESPACE}:${name}`))
    if (isMap(parsed[key])) result[key] = JSON.stringify(parsed[key]);
  return { config: result, inlined };
}

/**
 * A problem path on an inlined certificate's `pem`, put back on the `pemFile` the user wrote
 * (a certificate from defaults is reported under each app that gets it).
 */
export function pemFilePath(path: string, inlined: string[]): string {
  const match = /^apps\.([^.]+)\.certificates\.(.+)\.pem$/.exec(path);
  if (!match) return path;
  const [, key, name] = match;
  const fromFile =
    inlined.includes(`apps.${key}.certificates.${name}`) ||
    inlined.includes(`defaults.certificates.${name}`);
  return fromFile ? `${path}File` : path;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
