/** Types of lintCache.js (plain JavaScript, so `npm test` starts it with no transpiler). */
import type * as ts from "typescript";

export interface CachedResult {
  filePath: string;
  messages: unknown[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  [field: string]: unknown;
}

export interface CacheEntry {
  key: string;
  result: CachedResult;
}

/** The key of what every result depends on: ESLint config, tsconfig.json, package-lock.json. */
export function sharedKey(root: string): string;

/** Whether a file linted with this ESLint config can read type information. */
export function readsTypes(config: {
  languageOptions?: { parserOptions?: Record<string, unknown> };
  rules?: Record<string, unknown>;
  plugins?: Record<string, { rules?: Record<string, { meta?: { docs?: object } }> }>;
}): boolean;

/**
 * Each file's key: its text and, for the files in `typed` (default all), the texts of the
 * project files it depends on.
 */
export function fileKeys(
  builder: ts.BuilderProgram,
  files: readonly string[],
  typed?: ReadonlySet<string>,
): Map<string, string>;

/** The cached entries by absolute path; empty for a missing, unreadable or stale cache. */
export function readCache(cacheFile: string, root: string, shared: string): Map<string, CacheEntry>;

export function storable(result: CachedResult, key: string, root: string): CacheEntry;

export function restored(entry: CacheEntry, root: string): CachedResult;

export function writeCache(
  cacheFile: string,
  root: string,
  shared: string,
  entries: Map<string, CacheEntry>,
): void;
