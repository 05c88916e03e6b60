/**
 * The one output-escaping rule for everything this project prints: the commands (plan, review,
 * drift, adopt, verify, expiry; text, JSON and Markdown) and the program's own errors and warnings
 * under `pulumi up`. It lives in program/ rather than tools/commands/ because the program uses it
 * too and dependencies point one way (components <- program <- tools).
 *
 * 1. Characters that can move a cursor, reorder or hide text are shown as `\uXXXX` (one escape per
 *    UTF-16 unit, so the escape is also a valid JSON escape and JSON output stays JSON): C0 and C1
 *    controls and DEL, the bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9), zero-width and
 *    invisible characters (U+200B-D, U+2060-4, U+FEFF, soft hyphen, Hangul fillers, invisible
 *    tags...), the line and paragraph separators, and lone surrogates.
 * 2. No output line can start a GitHub Actions workflow command. The runner
 *    (actions/runner src/Runner.Common/ActionCommand.cs) reads each line (split at \n and \r) and
 *    runs it when, after `TrimStart()` (every Unicode space), it starts with `::`
 *    (`TryParseV2`), or when `##[` appears anywhere in it (legacy `TryParse`, `IndexOf`). So the
 *    second colon of a line-leading `::` prints as `\u003a`, and the `[` of `##[` as `\u005b`;
 *    both tests skip variation selectors, which .NET's culture-aware `StartsWith`/`IndexOf` ignore.
 * 3. Markdown (`forMarkdown`, `markdownCode`): a value renders as the text it is. Markdown's
 *    punctuation is backslash-escaped (emphasis, strikethrough, HTML, entities, tables, headings,
 *    math), and every word GitHub would turn into a link or a notification (an `@mention`, an email,
 *    a URL, `#123`, `:emoji:`) goes in a code span: GitHub's mention, reference and emoji filters
 *    skip `code`, and a backslash does not stop them (they run on the rendered text).
 */

const UNSAFE_CHARACTERS =
  "\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f" +
  "\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb";
/** Astral invisibles (musical formatting, tags, variation selectors 17-256) and lone surrogates. */
const UNSAFE_ASTRAL =
  "|\\ud834[\\udd73-\\udd7a]|\\udb40[\\udc00-\\udc7f\\udd00-\\uddef]" +
  "|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
const UNSAFE = new RegExp(`[${UNSAFE_CHARACTERS}]${UNSAFE_ASTRAL}`, "g");
/** The same, but the newlines a command writes between its lines stay. */
const UNSAFE_BUT_NEWLINE = new RegExp(
  `[${UNSAFE_CHARACTERS.replace("\\u0000-\\u001f", "\\u0000-\\u0009\\u000b-\\u001f")}]${UNSAFE_ASTRAL}`,
  "g",
);
/** With colour on, the SGR sequences `util.styleText` writes (not 8, conceal) stay. */
const UNSAFE_BUT_COLOUR = new RegExp(
  `\\u001b\\[(?:(?:[0-79]|[1-4][0-9]|9[0-7])(?:;(?:[0-79]|[1-4][0-9]|9[0-7]))*)?m|${UNSAFE_BUT_NEWLINE.source}`,
  "g",
);

/** Characters .NET's culture-aware string comparison skips (variation selectors). */
const IGNORED = "[\\ufe00-\\ufe0f]*";
/** The second colon of a line's leading `::` (spaces and ignored characters allowed around). */
const COMMAND_COLON = new RegExp(`(?<=(?:^|\\n)[\\s\\ufe00-\\ufe0f]*:${IGNORED}):`, "g");
/** The bracket of a legacy `##[` command, anywhere in a line. */
const LEGACY_BRACKET = new RegExp(`(?<=#${IGNORED}#${IGNORED})\\[`, "g");

function escapeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function escapeUnits(match: string): string {
  return Array.from({ length: match.length }, (_, i) => escapeUnit(match[i])).join("");
}

/** Workflow commands made inert, for text whose first character starts a line. */
function neutralizeWorkflowCommands(text: string): string {
  return text.replace(COMMAND_COLON, "\\u003a").replace(LEGACY_BRACKET, "\\u005b");
}

/**
 * A value (a name, a subject, a message) as it may appear in one line of output: every unsafe
 * character escaped, its newlines too, and no workflow command even at the start of a line.
 */
export function forTerminal(text: string): string {
  return neutralizeWorkflowCommands(text.replace(UNSAFE, escapeUnits));
}

/**
 * Lines a command wrote, each element one line: joined with newlines, and any newline inside an
 * element (it came from a value) shown as `\u000a` with every other unsafe character.
 */
export function outputLines(lines: string[]): string {
  return lines.map(forTerminal).join("\n");
}

/**
 * The last guard in front of stdout and stderr (commandIo.ts): whatever a command writes, in
 * any number of pieces, leaves with only its newlines (and, on a colour terminal, its colours)
 * raw and no line able to start a workflow command. Escapes are JSON escapes, so JSON output
 * stays the same data.
 */
export class OutputGuard {
  /** The current line so far when it could still become `::`, else a marker and its last two characters. */
  private carry = "";

  constructor(private readonly colour = false) {}

  write(text: string): string {
    const escaped = this.colour
      ? text.replace(UNSAFE_BUT_COLOUR, (match) =>
          match.startsWith("\u001b[") ? match : escapeUnits(match),
        )
      : text.replace(UNSAFE_BUT_NEWLINE, escapeUnits);
    // Processed again with what came before: the patterns only ever replace their last
    // character, so the carried text (already safe) is unchanged and can be cut off again.
    const guarded = neutralizeWorkflowCommands(this.carry + escaped);
    const line = guarded.slice(guarded.lastIndexOf("\n") + 1);
    const output = guarded.slice(this.carry.length);
    this.carry = /^[\s\ufe00-\ufe0f]*(?::[\ufe00-\ufe0f]*)?$/.test(line)
      ? line
      : `x${line.slice(-2)}`;
    return output;
  }
}

/** Markdown's punctuation that can start emphasis, strikethrough, HTML, an entity, a cell, math. */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]<>&|#!$]/g;
/** Words GitHub links or notifies: mentions, emails, URLs, issue references, emoji codes. */
const LINKABLE = /@|:\/\/|www\.|#\d|\bgh-\d|:[a-z0-9_+-]+:/i;

/**
 * Text from config or the tenant inside Markdown prose or a table cell: renders as the text it
 * is, with nothing that pings, links, formats or breaks the table.
 */
export function forMarkdown(text: string): string {
  const escaped = forTerminal(text)
    .split(/(\s+)/)
    .map((word) =>
      /^\s*$/.test(word)
        ? word
        : LINKABLE.test(word)
          ? markdownCodeOf(word)
          : word.replace(MARKDOWN_PUNCTUATION, "\\$&"),
    )
    .join("");
  // At the start of a line or a cell: a list item, a quote, a heading underline.
  return escaped.replace(/^([-+>=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/**
 * Text in a code span (names, paths, permission values): literal, with `|` and backticks
 * outside the span so neither ends it or splits a table cell.
 */
export function markdownCode(text: string): string {
  return markdownCodeOf(forTerminal(text));
}

function markdownCodeOf(text: string): string {
  if (text === "") return "` `";
  return text
    .split(/([|`])/)
    .filter((piece) => piece !== "")
    .map((piece) => (piece === "|" || piece === "`" ? `\\${piece}` : `\`${piece}\``))
    .join("");
}
