// Lint results kept between runs of tools/check/typesAndLint.js, so a run lints only the files a
// change can affect.
//
// A file's key hashes its own text, and, when its rules read types, the text of every project
// file it depends on, as the TypeScript program's incremental builder sees it
// (BuilderProgram.getAllDependencies: what it imports, directly or not, or every file for a global
// script): type-aware rules read types from those files, so a change there re-lints the file. A
// file whose ESLint config asks for no type information (no `project` or `projectService`, no
// rule that requires type checking) is linted from its own text alone, so editing a module many
// tests import re-lints that module, not the tests. What every result depends on —
// the ESLint config, tsconfig.json, the installed packages (package-lock.json) and this file's
// format — is hashed into the cache's own key; when that changes the cache is dropped whole.
// Files in node_modules are covered by package-lock.json, not hashed one by one.
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const FORMAT = 2;
const SHARED_INPUTS = ["eslint.config.js", "tsconfig.json", "package-lock.json"];

const sha256 = (text) => crypto.createHash("sha256").update(text).digest("hex");

function readIfPresent(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The key of everything all results depend on. */
function sharedKey(root) {
  return sha256(
    JSON.stringify([FORMAT, ...SHARED_INPUTS.map((name) => readIfPresent(path.join(root, name)))]),
  );
}

const severity = (entry) => {
  const level = Array.isArray(entry) ? entry[0] : entry;
  return { off: 0, warn: 1, error: 2 }[level] ?? Number(level ?? 0);
};

/**
 * Whether a file linted with `config` (ESLint's calculateConfigForFile, without this check's
 * override) can read type information: its parser is asked for a project, or an enabled rule
 * says it requires type checking.
 */
function readsTypes(config) {
  const parserOptions = config.languageOptions?.parserOptions ?? {};
  if (parserOptions.project || parserOptions.projectService) return true;
  return Object.entries(config.rules ?? {}).some(([id, entry]) => {
    if (severity(entry) === 0) return false;
    const slash = id.lastIndexOf("/");
    const plugin = config.plugins?.[slash < 0 ? "@" : id.slice(0, slash)];
    return !!plugin?.rules?.[id.slice(slash + 1)]?.meta?.docs?.requiresTypeChecking;
  });
}

/**
 * Each file's key (absolute path → hash): its text and, for the files in `typed`, its project
 * dependencies' texts. `builder` is the type check's incremental program; files not in it get
 * no key.
 */
function fileKeys(builder, files, typed = new Set(files)) {
  const program = builder.getProgram();
  const textHashes = new Map();
  const textHash = (file) => {
    if (!textHashes.has(file)) textHashes.set(file, sha256(readIfPresent(file)));
    return textHashes.get(file);
  };
  const keys = new Map();
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    if (!typed.has(file)) {
      keys.set(file, sha256(textHash(file)));
      continue;
    }
    const dependencies = builder
      .getAllDependencies(sourceFile)
      .map((dependency) => path.resolve(dependency))
      .filter(
        (dependency) =>
          dependency !== file && !dependency.includes(`${path.sep}node_modules${path.sep}`),
      )
      .sort();
    keys.set(
      file,
      sha256([textHash(file), ...dependencies.map((d) => `${d}\0${textHash(d)}`)].join("\n")),
    );
  }
  return keys;
}

/** An entry with everything a report needs; anything else is linted again. */
function wellFormed(entry) {
  if (!entry || typeof entry !== "object") return false;
  const result = entry.result;
  return (
    typeof entry.key === "string" &&
    !!result &&
    typeof result.filePath === "string" &&
    Array.isArray(result.messages) &&
    ["errorCount", "warningCount", "fixableErrorCount", "fixableWarningCount"].every(
      (count) => Number.isInteger(result[count]) && result[count] >= 0,
    ) &&
    result.errorCount >=
      result.messages.filter((message) => message && message.severity === 2).length
  );
}

/**
 * The cached entries by absolute path, for the files whose key they may match; an empty map for
 * a missing or unreadable cache or one made under other shared inputs.
 */
function readCache(cacheFile, root, shared) {
  let cache;
  try {
    cache = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
  } catch {
    return new Map();
  }
  if (!cache || cache.sharedKey !== shared || !cache.files || typeof cache.files !== "object") {
    return new Map();
  }
  return new Map(
    Object.entries(cache.files)
      .filter(([, entry]) => wellFormed(entry))
      .map(([relative, entry]) => [path.join(root, relative), entry]),
  );
}

/** What a stylish report and the counts need of an ESLint result. */
function storable(result, key, root) {
  return {
    key,
    result: {
      filePath: path.relative(root, result.filePath),
      messages: result.messages,
      suppressedMessages: result.suppressedMessages ?? [],
      errorCount: result.errorCount,
      fatalErrorCount: result.fatalErrorCount ?? 0,
      warningCount: result.warningCount,
      fixableErrorCount: result.fixableErrorCount,
      fixableWarningCount: result.fixableWarningCount,
      usedDeprecatedRules: [],
    },
  };
}

function restored(entry, root) {
  return { ...entry.result, filePath: path.join(root, entry.result.filePath) };
}

function writeCache(cacheFile, root, shared, entries) {
  const files = {};
  for (const [file, entry] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
    files[path.relative(root, file)] = entry;
  }
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Written beside and renamed over: a run reading it at the same time sees the old or the new.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify({ sharedKey: shared, files }));
  fs.renameSync(partial, cacheFile);
}

module.exports = { sharedKey, readsTypes, fileKeys, readCache, storable, restored, writeCache };
