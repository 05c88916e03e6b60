// The README stays a short start (under 300 lines, the two commands first) and every relative link
// in it and in docs/ leads somewhere: an existing file and, for a Markdown page, an existing heading.
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";

const ROOT = path.join(__dirname, "..");
const DOCS = path.join(ROOT, "docs");

function pages(): string[] {
  const docs = fs
    .readdirSync(DOCS)
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join("docs", name));
  return ["README.md", ...docs];
}

/** Markdown without fenced blocks and inline code, where links and headings are not links or headings. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  const text = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
  for (const [, title] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = title
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    found.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return found;
}

/** The relative links of one page that lead nowhere, as `page: target (why)`. */
function brokenLinks(
  page: string,
  markdown: string,
  read: (file: string) => string | undefined,
): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
    const [file, anchor] = target.split("#");
    const resolved = file === "" ? page : path.posix.join(path.posix.dirname(page), file);
    const text = file === "" ? markdown : read(resolved);
    if (text === undefined) broken.push(`${page}: ${target} (no file ${resolved})`);
    else if (anchor !== undefined && resolved.endsWith(".md") && !anchors(text).has(anchor))
      broken.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
  }
  return broken;
}

function readFromRepository(file: string): string | undefined {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full)) return undefined;
  return fs.statSync(full).isDirectory() ? "" : fs.readFileSync(full, "utf8");
}

describe("README and docs/", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("the README is under 300 lines and shows the two commands first", () => {
    expect(readme.split("\n").length).toBeLessThan(300);
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(firstBlock.split("\n").map((line) => line.replace(/\s+#.*$/, ""))).toEqual([
      "npm ci && npm run plan -- --stack dev",
      "npm test",
      "",
    ]);
  });

  it("the README links every docs/ page, and each page opens with its title and a one-line purpose", () => {
    for (const page of pages().slice(1)) {
      expect({ page, linked: readme.includes(`](${page})`) }).toEqual({ page, linked: true });
      const [title, blank, purpose, after] = fs
        .readFileSync(path.join(ROOT, page), "utf8")
        .split("\n");
      expect({
        page,
        title: /^# \S/.test(title),
        blank,
        purpose: purpose.length > 20,
        after,
      }).toEqual({ page, title: true, blank: "", purpose: true, after: "" });
    }
  });

  it("every relative link points at an existing file and heading", () => {
    const broken = pages().flatMap((page) =>
      brokenLinks(page, fs.readFileSync(path.join(ROOT, page), "utf8"), readFromRepository),
    );
    expect(broken).toEqual([]);
  });

  it("finds a link to any heading of a page, and reports one whose file or heading is missing", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9`:'"(),.-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const title = words.join(" ");
        const target = `# Page\n\n## ${title}\n\n\`\`\`text\n## not a heading\n\`\`\`\n`;
        const [anchor] = [...anchors(target)].filter((slug) => slug !== "page");
        const files: Record<string, string> = { "docs/target.md": target };
        const read = (file: string) => files[file];
        if (anchor === undefined) return; // a title of punctuation only has the page's own anchor
        expect(brokenLinks("README.md", `[x](docs/target.md#${anchor})`, read)).toEqual([]);
        expect(brokenLinks("docs/a.md", `[x](target.md#${anchor})`, read)).toEqual([]);
        expect(brokenLinks("README.md", `[x](docs/target.md#${anchor}-x)`, read)).toHaveLength(1);
        expect(brokenLinks("README.md", `[x](docs/gone.md#${anchor})`, read)).toEqual([
          `README.md: docs/gone.md#${anchor} (no file docs/gone.md)`,
        ]);
        expect(brokenLinks("README.md", `\`[x](docs/gone.md)\``, read)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
