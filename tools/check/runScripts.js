// `npm test`: runs package.json scripts side by side and reports each as one block.
//
//   node tools/check/runScripts.js typecheck format:check lint test:jest
//
// Each named script runs as `npm run <name>` would run it (through the shell, with
// node_modules/.bin first on PATH) but without npm's own start-up, all at once: on two cores the
// type check and the linters run while Jest waits on its child processes. A script's output is
// held back until it ends, then printed in one piece under a header naming it, its command, its
// verdict and its time, so parallel output never interleaves. Last come one line per script and,
// from Jest's summary, `tests: N passed, N failed`. The exit code is 0 only if every script
// exited 0; a script that cannot start, or dies by a signal, counts as failed.
"use strict";

const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

/** The scripts to run, with their commands from package.json; throws on an unknown name. */
function scriptsToRun(packageJson, names) {
  if (names.length === 0) throw new Error("name at least one package.json script to run");
  const scripts = packageJson.scripts ?? {};
  const unknown = names.filter((name) => typeof scripts[name] !== "string");
  if (unknown.length > 0) {
    throw new Error(
      `no package.json script named ${unknown.join(", ")} (scripts: ${Object.keys(scripts).join(", ")})`,
    );
  }
  return names.map((name) => ({ name, command: scripts[name] }));
}

/** Runs one script's command; resolves with its exit code, combined output and duration. */
function runScript({ name, command }, { cwd, env }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, { cwd, env, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) => chunks.push(Buffer.from(`could not start: ${error.message}\n`)));
    child.on("close", (code, signal) =>
      resolve({
        name,
        command,
        code: code ?? 1,
        signal,
        output: Buffer.concat(chunks).toString("utf8"),
        seconds: (Date.now() - started) / 1000,
      }),
    );
  });
}

/** `env` with `cwd`'s node_modules/.bin first on PATH, as npm runs a script. */
function scriptEnv(cwd, env) {
  return {
    ...env,
    PATH: [path.join(cwd, "node_modules", ".bin"), env.PATH].filter(Boolean).join(path.delimiter),
  };
}

function verdict(result) {
  if (result.signal) return `FAILED (killed by ${result.signal})`;
  return result.code === 0 ? "passed" : `FAILED (exit ${result.code})`;
}

/** The header and output of one finished script. */
function block(result) {
  const header = `── ${result.name}: ${result.command} ── ${verdict(result)} in ${result.seconds.toFixed(1)} s`;
  const output = result.output.replace(/\s+$/, "");
  return `\n${header}\n${output === "" ? "(no output)" : output}\n`;
}

/** Jest's "Tests:" line as `tests: N passed, N failed[, N skipped]`, or undefined. */
function testCounts(output) {
  // eslint-disable-next-line no-control-regex
  const line = output.replace(/\x1b\[[0-9;]*m/g, "").match(/^Tests:(.*)$/m);
  if (!line) return undefined;
  const count = (word) => Number((line[1].match(new RegExp(`(\\d+) ${word}`)) ?? [0, 0])[1]);
  const skipped = count("skipped") + count("todo");
  return `tests: ${count("passed")} passed, ${count("failed")} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

/** Runs every script at once; prints each block as it ends, then the summary. Exit code. */
async function runScripts(
  names,
  { cwd = process.cwd(), write = (t) => process.stdout.write(t) } = {},
) {
  const packageJson = JSON.parse(fs.readFileSync(path.join(cwd, "package.json"), "utf8"));
  const scripts = scriptsToRun(packageJson, names);
  const env = scriptEnv(cwd, process.env);
  if (process.stdout.isTTY && env.FORCE_COLOR === undefined) env.FORCE_COLOR = "1";
  write(`Running ${names.join(", ")} in parallel; each prints when it ends.\n`);
  const results = await Promise.all(
    scripts.map((script) =>
      runScript(script, { cwd, env }).then((result) => {
        write(block(result));
        return result;
      }),
    ),
  );
  const failed = results.filter((result) => result.code !== 0 || result.signal);
  write("\n");
  for (const result of results)
    write(`${result.name.padEnd(14)} ${verdict(result)} in ${result.seconds.toFixed(1)} s\n`);
  const counts = results.map((result) => testCounts(result.output)).find(Boolean);
  if (counts) write(`${counts}\n`);
  return failed.length === 0 ? 0 : 1;
}

module.exports = { runScripts, runScript, scriptEnv, scriptsToRun, testCounts };

if (require.main === module) {
  runScripts(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`runScripts: ${error.message}\n`);
      process.exit(1);
    },
  );
}
