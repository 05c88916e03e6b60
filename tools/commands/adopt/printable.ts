import { forTerminal } from "../../../program/outputText";

/**
 * Text from the tenant (display names, notes, credential names) as it may reach a terminal or a
 * Markdown comment: the one escaping rule (program/outputText.ts: control, bidi and invisible
 * characters as `\uXXXX`, no workflow command), so a name cannot move the cursor, hide text or
 * fake lines; very long values shortened.
 */
export function printable(text: string, max = 120): string {
  const escaped = forTerminal(text);
  return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
}
