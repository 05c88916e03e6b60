/**
 * Text from the tenant (display names, notes, credential names) as it may reach a terminal or a
 * Markdown comment: control and bidirectional-override characters shown as escapes, so a name
 * cannot move the cursor, hide text or fake lines; very long values shortened.
 */
export function printable(text: string, max = 120): string {
  const escaped = text.replace(
    // C0 and C1 controls, DEL, and the bidi embedding, override and isolate characters.
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max - 3)}...` : escaped;
}
