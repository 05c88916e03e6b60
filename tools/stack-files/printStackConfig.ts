/**
 * `ts-node tools/stack-files/printStackConfig.ts <projectDir> <stack>...`: what the loader reads
 * for each stack, one JSON line each (`{stack, config, secureKeys}` or `{stack, refused}`), for
 * comparing with Pulumi's own loader (tools/engine/cmd/stack-config).
 */
import { loadStackConfig } from "./loadStackConfig";
import { workingTreeFiles } from "./projectFiles";
import { StackFileError } from "./readStackFile";

const [projectDir, ...stacks] = process.argv.slice(2);
for (const stack of stacks) {
  try {
    const { config, secureKeys } = loadStackConfig(workingTreeFiles(projectDir), stack);
    process.stdout.write(JSON.stringify({ stack, config, secureKeys }) + "\n");
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    process.stdout.write(JSON.stringify({ stack, refused: [error.message] }) + "\n");
  }
}
