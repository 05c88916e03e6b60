// Every export bundle or state file a command in the README (and docs/) reads must be one the
// repository ships, or one a command shown there creates: a newcomer can follow each walkthrough from a fresh checkout.
// The shipped export bundle of seed 003 is the test fixture, trimmed to the Graph roles it uses.
import * as fs from "fs";
import * as path from "path";
import { loadExport } from "../tools/graph/exportBundle";
import { exportOf } from "./support/portalApps";
import { jiraMail } from "./support/seedExports";
import { MICROSOFT_GRAPH_APP_ID } from "../program/permissions/wellKnownApis";

const ROOT = path.join(__dirname, "..");
const READS = ["--from-export", "--seed", "--state"];
const WRITES = ["--save-export", "--config-out", "--file"];

function documents(): string[] {
  const docs = path.join(ROOT, "docs");
  const pages = fs.existsSync(docs)
    ? fs
        .readdirSync(docs)
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join(docs, f))
    : [];
  return [path.join(ROOT, "README.md"), ...pages];
}

/** Command lines in fenced blocks ("$ " prompts in text blocks, every line in sh blocks). */
function commandLines(markdown: string): string[] {
  const inline = [...markdown.matchAll(/`(npm run [^`]+)`/g)].map(([, line]) =>
    line.replace(/[[\]]/g, ""),
  );
  const blocks = [...markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  return [
    ...inline,
    ...blocks.flatMap(([, lang, body]) =>
      body
        .split("\n")
        .filter((line) =>
          lang === "text" ? line.startsWith("$ ") : lang === "sh" || lang === "bash",
        )
        .map((line) => line.replace(/^\$ /, "").replace(/\s+#.*$/, "")),
    ),
  ];
}

function after(words: string[], options: string[]): string[] {
  return words.flatMap((word, i) => (options.includes(word) && words[i + 1] ? [words[i + 1]] : []));
}

it("names only files the repository ships or a shown command creates", () => {
  const missing: string[] = [];
  for (const doc of documents()) {
    const lines = commandLines(fs.readFileSync(doc, "utf8"));
    const words = lines.map((line) => line.split(/\s+/));
    const created = new Set(
      words.flatMap((w) => [
        ...after(w, WRITES),
        ...(w[0] === "cp" ? [w[w.length - 1]] : []),
        ...w.flatMap((word, i) => (word === ">" && w[i + 1] ? [w[i + 1]] : [])),
      ]),
    );
    for (const w of words)
      for (const file of after(w, READS))
        if (
          /\.(json|ya?ml)$/.test(file) &&
          !/[<>]/.test(file) &&
          !created.has(file) &&
          !fs.existsSync(path.join(ROOT, file))
        )
          missing.push(`${path.relative(ROOT, doc)}: ${w.join(" ")} reads ${file}`);
  }
  expect(missing).toEqual([]);
});

it("ships seed 003's export bundle as the tests know it, with only the Graph roles it uses", () => {
  const shipped = loadExport(path.join(ROOT, "examples", "003-jira-mail", "tenant.json"));
  const fixture = exportOf(jiraMail());
  const graph = (bundle: typeof fixture) =>
    bundle.servicePrincipals.find((sp) => sp.appId === MICROSOFT_GRAPH_APP_ID)!;
  const withoutGraph = (bundle: typeof fixture) => ({
    ...bundle,
    servicePrincipals: bundle.servicePrincipals.filter((sp) => sp.appId !== MICROSOFT_GRAPH_APP_ID),
  });
  expect(withoutGraph(shipped)).toEqual(withoutGraph(fixture));
  const roles = (graph(shipped) as { appRoles: { value: string }[] }).appRoles.map((r) => r.value);
  expect(roles.sort()).toEqual(["Mail.ReadWrite", "Mail.Send", "User.Read.All"]);
  const full = graph(fixture) as { appRoles: unknown[] };
  expect(full.appRoles).toEqual(
    expect.arrayContaining((graph(shipped) as { appRoles: unknown[] }).appRoles),
  );
});
