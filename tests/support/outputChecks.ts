// What "safe output" means, as checks on what a command printed (program/outputText.ts states the
// rule): no line a GitHub runner would execute, no raw character that moves, reorders or hides
// text, and Markdown in which nothing from a value is live.

/** Raw characters that must never be printed: controls but newline, bidi, zero-width, invisible. */
export const RAW_UNSAFE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Lines the runner (actions/runner ActionCommand.cs) would take as a command: `::` after any
 * leading white space (`TrimStart`), or `##[` anywhere (legacy); variation selectors skipped, as
 * .NET's culture-aware comparison skips them. Lines are split where StreamReader splits them.
 */
export function workflowCommandLines(output: string): string[] {
  return output
    .split(/\r\n|\r|\n/)
    .filter(
      (line) =>
        /^[\s\u0085\ufe00-\ufe0f]*:[\ufe00-\ufe0f]*:/.test(line) ||
        /#[\ufe00-\ufe0f]*#[\ufe00-\ufe0f]*\[/.test(line),
    );
}

/**
 * The text of a Markdown line outside code spans (CommonMark: a backtick run opens a span closed
 * by a run of the same length; else it is literal): as rendered (a backslash-escaped character is
 * the character: GitHub's mention, link and emoji filters then see it) and as Markdown syntax
 * sees it (an escaped character is no syntax).
 */
export function outsideCodeSpans(line: string): { rendered: string; syntax: string } {
  let rendered = "";
  let syntax = "";
  for (let i = 0; i < line.length;) {
    if (line[i] === "\\" && /[!-/:-@[-`{-~]/.test(line[i + 1] ?? "")) {
      rendered += line[i + 1];
      syntax += " ";
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      rendered += line[i];
      syntax += line[i++];
      continue;
    }
    const run = /^`+/.exec(line.slice(i))![0];
    const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(line.slice(i + run.length));
    if (close) {
      i += run.length + close.index + run.length;
      rendered += " ";
      syntax += " ";
    } else {
      rendered += run;
      syntax += run;
      i += run.length;
    }
  }
  return { rendered, syntax };
}

/** Our own Markdown, not a value's. */
const OWN_MARKDOWN = [
  /\*\*(Privilege gained|Access gained outside the code)\*\*/g,
  /^> \[!WARNING\]$/,
  /^#{1,6} /,
  /^> /,
];

/**
 * What in a Markdown document could still act: a mention, a bare link or email, an issue
 * reference, an emoji code (GitHub finds them in the rendered text), an entity, HTML,
 * strikethrough, emphasis or math (Markdown syntax); and table rows whose cell count differs
 * from their header's. Empty when none.
 */
export function liveMarkdown(markdown: string): string[] {
  const found: string[] = [];
  let cells: number | undefined;
  for (const line of markdown.split("\n")) {
    let { rendered, syntax } = outsideCodeSpans(line);
    for (const own of OWN_MARKDOWN) {
      rendered = rendered.replace(own, "");
      syntax = syntax.replace(own, "");
    }
    const live =
      /@[a-z0-9]|:\/\/|www\.|#\d|:[a-z0-9_+-]+:/i.exec(rendered) ?? /[&<~*_$]/.exec(syntax);
    if (live) found.push(`${JSON.stringify(live[0])} in ${line}`);
    if (line.startsWith("|")) {
      const count = line.replace(/\\\|/g, "").split("|").length;
      cells ??= count;
      if (count !== cells) found.push(`${count - 1} cells, not ${cells - 1}, in ${line}`);
    } else cells = undefined;
  }
  return found;
}
