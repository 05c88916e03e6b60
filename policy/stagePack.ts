/**
 * Stages the guardrail policy pack as a self-contained folder, for `pulumi policy publish`:
 *
 *   npm --prefix policy run stage            # writes .policy-pack/ at the project root
 *   cd .policy-pack && pulumi policy publish <org>
 *
 * The pack's rules live outside policy/ (program/guardrails/, program/permissions/ and the permission catalog
 * they read at run time), so policy/ alone would not run once published. Staging copies exactly
 * the modules policy/index.ts imports, found by following its relative imports, plus the data
 * folders they read, keeping their relative layout, so every `../guardrails/...` import and the
 * catalog's `__dirname`-relative read resolve inside the staged folder unchanged. Nothing is
 * duplicated in the repository: there is no copy to drift. Run from this checkout,
 * `--policy-pack policy` uses the same files in place.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The pack's entry, relative to the project root. */
export const PACK_ENTRY = "policy/index.ts";

/**
 * Folders the pack reads at run time rather than imports: permissions/catalog.ts reads
 * `<its folder>/catalog/*.json`.
 */
export const PACK_DATA_FOLDERS = ["program/permissions/catalog"];

/** Files of policy/ itself that a published pack needs besides its modules. */
const PACK_METADATA = ["PulumiPolicy.yaml"];

/** The staged pack's own folder for the entry, so `../guardrails` stays `../guardrails`. */
const STAGED_MAIN = PACK_ENTRY;

/**
 * Every TypeScript module the pack loads, relative to the project root and sorted: the entry and
 * the closure of its relative imports. Package imports (`@pulumi/policy`, `fs`) are left to npm.
 */
export function packModules(projectDir: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    for (const imported of ts.preProcessFile(source, true, true).importedFiles) {
      if (!imported.fileName.startsWith(".")) continue;
      const base = path.resolve(path.dirname(file), imported.fileName);
      const resolved = [`${base}.ts`, path.join(base, "index.ts"), base].find(
        (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
      );
      if (!resolved)
        throw new Error(
          `${path.relative(projectDir, file)} imports ${imported.fileName}, not found`,
        );
      visit(resolved);
    }
  };
  visit(path.join(projectDir, PACK_ENTRY));
  return [...seen].map((file) => toPosix(path.relative(projectDir, file))).sort();
}

/** Every file of the staged pack, relative to its root, with where it comes from (or its text). */
export function packFiles(projectDir: string): Map<string, { from: string } | { text: string }> {
  const files = new Map<string, { from: string } | { text: string }>();
  for (const module of packModules(projectDir)) {
    if (module.startsWith("..")) throw new Error(`the pack imports ${module}, outside the project`);
    files.set(module, { from: module });
  }
  for (const folder of PACK_DATA_FOLDERS) {
    for (const file of fs.readdirSync(path.join(projectDir, folder)).sort()) {
      files.set(`${folder}/${file}`, { from: `${folder}/${file}` });
    }
  }
  for (const file of PACK_METADATA) files.set(file, { from: `policy/${file}` });
  files.set("package.json", { text: stagedPackageJson(projectDir) });
  files.set("tsconfig.json", { text: stagedTsconfig(projectDir) });
  return files;
}

/** policy/package.json with the staged entry, without the staging script. */
function stagedPackageJson(projectDir: string): string {
  const pack = JSON.parse(fs.readFileSync(path.join(projectDir, "policy", "package.json"), "utf8"));
  delete pack.scripts;
  return `${JSON.stringify({ ...pack, main: STAGED_MAIN }, null, 2)}\n`;
}

/**
 * A standalone tsconfig (policy/tsconfig.json extends the project's, which is not staged): the
 * project's compiler options, without the test-only typings.
 */
function stagedTsconfig(projectDir: string): string {
  const { compilerOptions } = JSON.parse(
    fs.readFileSync(path.join(projectDir, "tsconfig.json"), "utf8"),
  );
  return `${JSON.stringify(
    { compilerOptions: { ...compilerOptions, types: ["node"] }, include: ["**/*.ts"] },
    null,
    2,
  )}\n`;
}

/** Writes the pack into `outDir` (emptied first); returns the files written, sorted. */
export function stagePolicyPack(projectDir: string, outDir: string): string[] {
  fs.rmSync(outDir, { recursive: true, force: true });
  const files = packFiles(projectDir);
  for (const [relative, content] of files) {
    const target = path.join(outDir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if ("text" in content) fs.writeFileSync(target, content.text);
    else fs.copyFileSync(path.join(projectDir, content.from), target);
  }
  return [...files.keys()].sort();
}

function toPosix(file: string): string {
  return file.split(path.sep).join("/");
}

if (require.main === module) {
  const projectDir = path.resolve(__dirname, "..");
  const outDir = path.resolve(
    process.cwd(),
    process.argv[2] ?? path.join(projectDir, ".policy-pack"),
  );
  const written = stagePolicyPack(projectDir, outDir);
  process.stdout.write(
    `staged the policy pack (${written.length} files) in ${outDir}; publish it with: cd ${outDir} && pulumi policy publish <org>\n`,
  );
}
