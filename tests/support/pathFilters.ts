// GitHub's path filters, and what a workflow's filters must include: every file a deployment
// loads.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_DIR, Workflow } from "./workflows";

/** GitHub's path filter patterns (`*`, `**`, `!` negation; the last matching pattern wins). */
export function matchesPathFilter(patterns: string[], file: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const glob = negated ? pattern.slice(1) : pattern;
    if (/[?+[\]]/.test(glob))
      throw new Error(`pattern ${pattern}: only *, ** and ! are supported here`);
    const regex = new RegExp(
      `^${glob
        .split(/(\*\*|\*)/)
        .map((part) =>
          part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.^$|(){}\\/]/g, "\\$&"),
        )
        .join("")}$`,
    );
    if (regex.test(file)) matched = !negated;
  }
  return matched;
}

/** Every module an entry point loads, by its relative imports, as project-relative paths. */
export function importClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true)
      .importedFiles) {
      if (!imported.fileName.startsWith(".")) continue;
      const base = path.resolve(path.dirname(file), imported.fileName);
      const resolved = [`${base}.ts`, path.join(base, "index.ts"), base].find(
        (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
      );
      if (resolved) visit(resolved);
    }
  };
  for (const entry of entries) visit(path.join(PROJECT_DIR, entry));
  return [...seen].map((file) => path.relative(PROJECT_DIR, file).split(path.sep).join("/")).sort();
}

/** The path filters of a workflow's push and pull_request triggers. */
export function pathFilters(workflow: Workflow): { trigger: string; paths: string[] }[] {
  const filters: { trigger: string; paths: string[] }[] = [];
  for (const trigger of ["push", "pull_request"]) {
    const on = workflow.on[trigger] as { paths?: string[]; "paths-ignore"?: string[] } | null;
    if (on?.paths) filters.push({ trigger, paths: on.paths });
    if (on?.["paths-ignore"])
      filters.push({
        trigger,
        paths: ["**", ...on["paths-ignore"].map((pattern) => `!${pattern}`)],
      });
  }
  return filters;
}

/** Files a path filter misses. */
export function pathFilterProblems(workflows: Workflow[], files: string[]): string[] {
  const problems: string[] = [];
  for (const workflow of workflows) {
    for (const { trigger, paths } of pathFilters(workflow)) {
      for (const file of [...files, `.github/workflows/${workflow.file}`]) {
        if (!matchesPathFilter(paths, file))
          problems.push(`${workflow.file} on.${trigger}.paths misses ${file}`);
      }
    }
  }
  return problems;
}
