import { engineSkipMessage, findEngine } from "./engineBinaries";

/**
 * Jest globalSetup: builds the engine when ENTRA_ENGINE_BUILD=1 (tools/engine/build.sh), then
 * says up front, once, which binaries the suite uses or why it will not run.
 */
export default function announceEngine(): void {
  const lookup = findEngine(process.env, { build: true });
  if (lookup.ok) {
    const { pulumi, languageHost, provider, source } = lookup.binaries;
    process.stdout.write(
      `\nEngine from ${source}:\n  ${pulumi}\n  ${languageHost}\n  ${provider}\n\n`,
    );
  } else {
    process.stdout.write(`\n${engineSkipMessage(lookup)}\n\n`);
  }
}
