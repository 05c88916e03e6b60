/** A stack or project file that cannot be read or parsed. */
export class StackFileError extends Error {}

/** A file that is not YAML at all (syntax, binary, size): unreadable, exit 2 in the commands. */
export function throwIfUnreadable(refusals: { path: string; message: string }[], file: string) {
  const whole = refusals.find((refusal) => refusal.path === "");
  if (whole) throw new StackFileError(`${file} ${whole.message}`);
}
