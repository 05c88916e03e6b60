// The last run of tools/check/typesAndLint.js, replayed when none of its inputs changed, as
// `tsc -b` skips a project that is up to date.
//
// A run's result depends only on: the check's own code (this folder's three scripts); the ESLint
// config, tsconfig.json and the installed packages (lintCache.js's shared key, package-lock.json
// standing for node_modules); the text of every project file in the TypeScript program (its root
// files and what they import from outside them, such as JSON); and the list of .ts files ESLint
// walks (one outside the program is an error). The record keeps a hash of those inputs, as the
// run read them, with the run's output, counts and exit code. The next run hashes the same inputs
// from disk; when they match it prints the recorded output and exits the same way without
// building the program or loading ESLint. Any difference, or a missing, unreadable or malformed
// record, means a full run.
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const FORMAT = 1;
const IN_NODE_MODULES = `${path.sep}node_modules${path.sep}`;
// The check's own code: a change to how it checks is a change of input too.
const CHECK_FILES = ["typesAndLint.js", "lintCache.js", "lastRun.js"];

/**
 * The hash of a run's inputs; `texts` maps each project file of the program to its text.
 * `checkDir` holds the check's scripts (this folder).
 */
function inputsKey(root, shared, texts, walked, checkDir = __dirname) {
  const hash = crypto.createHash("sha256");
  // The root too: ESLint's report names files by absolute path, so a moved checkout runs again.
  hash.update(JSON.stringify([FORMAT, shared, root]));
  for (const file of CHECK_FILES) hash.update(`\0${fs.readFileSync(path.join(checkDir, file))}`);
  for (const file of [...texts.keys()].sort()) {
    const text = texts.get(file);
    hash.update(`\0${path.relative(root, file)}\0${text === undefined ? "(missing)" : text}`);
  }
  hash.update(`\0walked\0${walked.map((file) => path.relative(root, file)).join("\n")}`);
  return hash.digest("hex");
}

/** The project files of `program` (not node_modules, not TypeScript's libs) and their texts. */
function programTexts(program) {
  const texts = new Map();
  for (const sourceFile of program.getSourceFiles()) {
    const file = path.resolve(sourceFile.fileName);
    if (!file.includes(IN_NODE_MODULES)) texts.set(file, sourceFile.text);
  }
  return texts;
}

/** The same files' texts as they are on disk now; a missing file maps to undefined. */
function diskTexts(files) {
  const texts = new Map();
  for (const file of files) {
    try {
      texts.set(file, fs.readFileSync(file, "utf8"));
    } catch {
      texts.set(file, undefined);
    }
  }
  return texts;
}

/** The record of the last run, or undefined for a missing, unreadable or malformed one. */
function readRecord(recordFile) {
  let record;
  try {
    record = JSON.parse(fs.readFileSync(recordFile, "utf8"));
  } catch {
    return undefined;
  }
  const wellFormed =
    !!record &&
    record.format === FORMAT &&
    typeof record.key === "string" &&
    Array.isArray(record.files) &&
    record.files.every((file) => typeof file === "string") &&
    typeof record.output === "string" &&
    typeof record.summary === "string" &&
    (record.exitCode === 0 || record.exitCode === 1);
  return wellFormed ? record : undefined;
}

/** Files are stored relative to `root`. */
function writeRecord(recordFile, root, { key, files, output, summary, exitCode }) {
  fs.mkdirSync(path.dirname(recordFile), { recursive: true });
  const partial = `${recordFile}.${process.pid}.tmp`;
  const stored = files.map((file) => path.relative(root, file)).sort();
  fs.writeFileSync(
    partial,
    JSON.stringify({ format: FORMAT, key, files: stored, output, summary, exitCode }),
  );
  fs.renameSync(partial, recordFile);
}

/**
 * The recorded run when `rootFiles` (tsconfig.json's files now), the files the last program held
 * besides them, `walked` and `shared` hash as they did; otherwise undefined.
 */
function unchangedRun(recordFile, root, shared, rootFiles, walked) {
  const record = readRecord(recordFile);
  if (!record) return undefined;
  const files = new Set([
    ...rootFiles.map((file) => path.resolve(file)),
    ...record.files.map((file) => path.join(root, file)),
  ]);
  return inputsKey(root, shared, diskTexts(files), walked) === record.key ? record : undefined;
}

module.exports = { inputsKey, programTexts, unchangedRun, writeRecord };
