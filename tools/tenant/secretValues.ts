/** Pulumi's wire form of a secret value, as the mock runtime hands secret inputs over. */
const SECRET_SIGNATURE = {
  key: "4dabf18193072939515e22adb298388d",
  value: "1b47061264138c4ac30d75fd1eb44270",
};

export function isPulumiSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE.key] === SECRET_SIGNATURE.value
  );
}
