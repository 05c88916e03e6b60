// `npm test`'s type check and lint in one process, on one TypeScript program.
//
//   node tools/check/typesAndLint.js [project folder, default this project]
//
// package.json runs it with V8's --max-inlined-bytecode-size=60 (default 460): in a process this
// short, TurboFan inlining large callees into TypeScript's large functions costs more CPU to
// compile than the faster code gives back (cold: 23.5 s of CPU instead of 27, 16.4 s wall
// instead of 17.6, averaged over alternating runs).
//
// Does what `npm run typecheck` (tsc --noEmit --noCheck false) and `npm run lint` (eslint .) do,
// but builds the program once: ESLint's typed rules (@pulumi/eslint-plugin) get tsc's own program
// and checker instead of building a second one, and every file ESLint lints is taken from that
// program rather than parsed again. The program is incremental: tsc's build info is kept under
// node_modules/.cache, so a second run re-checks only the files a change can affect (tsc's own
// --incremental rules), and lint results are kept beside it: a file is linted again only when it
// or a file it depends on changed (tools/check/lintCache.js). When no input at all changed since
// the last run, that run's output and exit code are replayed without building the program
// (tools/check/lastRun.js), as `tsc -b` skips a project that is up to date. Every .ts file ESLint
// would lint must be in tsconfig.json's program, so nothing escapes the type check.
//
// Output: tsc's diagnostics as `tsc --pretty false` prints them, then ESLint's in its stylish
// format, then one line of counts. Exit code: 0 when there is no type error and no lint error,
// 1 otherwise, 2 when the check itself cannot run (an unreadable tsconfig, a broken ESLint config).
"use strict";

const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const lintCache = require("./lintCache");
const lastRun = require("./lastRun");

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const BUILD_INFO = path.join(
  PROJECT_ROOT,
  "node_modules",
  ".cache",
  "entra-graph-apps",
  "types.tsbuildinfo",
);

/** tsconfig.json as the type check reads it: noCheck off, incremental from `buildInfoFile`. */
function readConfig(root, buildInfoFile) {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  };
  return ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    { noCheck: false, incremental: true, tsBuildInfoFile: buildInfoFile },
    host,
  );
}

/** tsconfig.json's program, type-checked (its `noCheck` only spares `pulumi up`), incremental. */
function buildProgram(root, buildInfoFile, config = readConfig(root, buildInfoFile)) {
  const compilerHost = ts.createIncrementalCompilerHost(config.options);
  // As the tsc command does: JSDoc is parsed only where it can carry a type error (JavaScript).
  compilerHost.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const builder = ts.createIncrementalProgram({
    rootNames: config.fileNames,
    options: config.options,
    host: compilerHost,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const diagnostics = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ];
  fs.mkdirSync(path.dirname(buildInfoFile), { recursive: true });
  builder.emit(); // with noEmit: writes the build info only
  return { builder, program: builder.getProgram(), diagnostics };
}

function formatTypeErrors(diagnostics, root) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n",
  });
}

/** The .ts files under `root`, as `eslint .` walks it (node_modules and .git aside). */
function typeScriptFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".git") walk(file);
      else if (entry.isFile() && entry.name.endsWith(".ts")) found.push(file);
    }
  };
  walk(root);
  return found.sort();
}

/** A file ESLint would lint that tsconfig.json leaves out: neither type-checked nor linted. */
function outsideProgram(file) {
  return {
    filePath: file,
    messages: [
      {
        ruleId: null,
        severity: 2,
        message:
          "not in tsconfig.json's program, so it is neither type-checked nor linted: add its folder to tsconfig.json's include",
        line: 1,
        column: 1,
      },
    ],
    suppressedMessages: [],
    errorCount: 1,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

/**
 * ESLint as `eslint .` runs it from `root`, with the program handed to its TypeScript parser.
 * Only files whose key changed since the cached run are linted (tools/check/lintCache.js);
 * `shared` is lintCache.sharedKey(root), which the caller has already computed.
 */
async function lint(root, builder, cacheFile, walked, shared) {
  const program = builder.getProgram();
  // Loaded here: a run that replays the last one (tools/check/lastRun.js) never needs ESLint.
  const { ESLint } = require("eslint");
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: false, programs: [program] } },
      },
    ],
  });
  const candidates = [];
  for (const file of walked) {
    if (!(await eslint.isPathIgnored(file))) candidates.push(file);
  }
  const inProgram = new Set(program.getRootFileNames().map((file) => path.resolve(file)));
  const files = candidates.filter((file) => inProgram.has(file));
  // Which files read types, from the config as written (the override above gives every file the
  // program, only to spare parsing it again).
  const asWritten = new ESLint({ cwd: root });
  const typed = new Set();
  for (const file of files) {
    if (lintCache.readsTypes(await asWritten.calculateConfigForFile(file))) typed.add(file);
  }
  const keys = lintCache.fileKeys(builder, files, typed);
  const cached = lintCache.readCache(cacheFile, root, shared);
  const stale = files.filter((file) => cached.get(file)?.key !== keys.get(file));
  const entries = new Map(
    files.filter((file) => !stale.includes(file)).map((file) => [file, cached.get(file)]),
  );
  for (const result of stale.length > 0 ? await eslint.lintFiles(stale) : []) {
    entries.set(result.filePath, lintCache.storable(result, keys.get(result.filePath), root));
  }
  lintCache.writeCache(cacheFile, root, shared, entries);
  const results = [
    ...files.map((file) => lintCache.restored(entries.get(file), root)),
    ...candidates.filter((file) => !inProgram.has(file)).map(outsideProgram),
  ].sort((a, b) => a.filePath.localeCompare(b.filePath));
  const formatter = await eslint.loadFormatter("stylish");
  return {
    errors: results.reduce((sum, result) => sum + result.errorCount, 0),
    warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
    files: results.length,
    linted: stale.length,
    unchanged: files.length - stale.length,
    output: await formatter.format(results),
  };
}

function summaryLine(types, linted) {
  return (
    `types: ${types.files} files, ${types.errors} errors; ` +
    `lint: ${linted.files} files (${linted.linted} linted, ${linted.unchanged} unchanged), ` +
    `${linted.errors} errors, ${linted.warnings} warnings`
  );
}

async function main(
  root = PROJECT_ROOT,
  buildInfoFile = BUILD_INFO,
  write = (text) => process.stdout.write(text),
) {
  const cacheDir = path.dirname(buildInfoFile);
  const recordFile = path.join(cacheDir, "last-run.json");
  const config = readConfig(root, buildInfoFile);
  const walked = typeScriptFiles(root);
  const shared = lintCache.sharedKey(root);
  const unchanged = lastRun.unchangedRun(recordFile, root, shared, config.fileNames, walked);
  if (unchanged) {
    write(unchanged.output);
    write(`${unchanged.summary} (no input changed since the last run: its results)\n`);
    return unchanged.exitCode;
  }
  const { builder, program, diagnostics } = buildProgram(root, buildInfoFile, config);
  const typeErrors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  let output = diagnostics.length > 0 ? formatTypeErrors(diagnostics, root) : "";
  const lintResults = path.join(cacheDir, "lint-results.json");
  const linted = await lint(root, builder, lintResults, walked, shared);
  if (linted.output) output += linted.output.trimStart() + "\n";
  const types = { files: program.getRootFileNames().length, errors: typeErrors };
  const exitCode = typeErrors > 0 || linted.errors > 0 ? 1 : 0;
  const texts = lastRun.programTexts(program);
  lastRun.writeRecord(recordFile, root, {
    key: lastRun.inputsKey(root, shared, texts, walked),
    files: [...texts.keys()],
    output,
    // As a replay of this run reports it: every file's lint result unchanged.
    summary: summaryLine(types, {
      ...linted,
      linted: 0,
      unchanged: linted.linted + linted.unchanged,
    }),
    exitCode,
  });
  write(output);
  write(`${summaryLine(types, linted)}\n`);
  return exitCode;
}

module.exports = { main, buildProgram };

if (require.main === module) {
  const root = process.argv[2] ? path.resolve(process.argv[2]) : PROJECT_ROOT;
  const buildInfo = path.join(
    root,
    "node_modules",
    ".cache",
    "entra-graph-apps",
    "types.tsbuildinfo",
  );
  main(root, buildInfo).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`type check and lint could not run: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
