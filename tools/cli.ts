/**
 * `entra-graph-apps <command> [options]`: the one entry to every command (package.json "bin",
 * bin/entra-graph-apps.js; `npm run <command>` runs the same entry). One help, one exit-code
 * table (commands/exitCodes.ts). A command's module, and so its dependencies (Pulumi, MSAL, the
 * simulated tenant), is loaded only when that command runs: `--help` and a mistyped command stay
 * fast.
 */
import { Command, CommanderError } from "commander";
import { closest, distance } from "fastest-levenshtein";
import { CommandIo, processIo } from "./commands/commandIo";
import { EXIT_CODE_TABLE, EXIT_CODES } from "./commands/exitCodes";
import { completionScript } from "./commands/completion";
import { version } from "../package.json";

export const BIN = "entra-graph-apps";

type CommandMain = (argv: string[], io: CommandIo) => Promise<number>;

interface CommandEntry {
  summary: string;
  /** The command's `main`, imported on demand (a dynamic import compiles to a lazy require). */
  load(): Promise<CommandMain>;
  /** The exit code of an unexpected error: usage unless the command says otherwise. */
  failureExitCode?: number;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  plan: {
    summary: "what `pulumi up` would create, with the guardrails (offline)",
    load: async () => (await import("./commands/plan/cli")).main,
  },
  review: {
    summary: "what a stack config change grants, for a pull request",
    load: async () => (await import("./commands/review/cli")).main,
  },
  verify: {
    summary: "check each deployed app's token roles against its config",
    load: async () => (await import("./commands/verify/cli")).main,
  },
  expiry: {
    summary: "credential expiry of a deployed stack's apps",
    load: async () => (await import("./commands/expiry/cli")).main,
  },
  drift: {
    summary: "live app registrations against the stack's state",
    load: async () => (await import("./commands/drift/cli")).main,
    // What fails unexpectedly in drift is a Graph or state read.
    failureExitCode: EXIT_CODES.readError,
  },
  adopt: {
    summary: "take existing (click-ops) apps over into stack config",
    load: async () => (await import("./commands/adopt/cli")).main,
  },
  emulator: {
    summary: "the local Entra emulator: tokens, ARM metadata, Graph",
    // Only commander's messages go to the io: the server writes to the process until a signal.
    load: async () => (await import("./tenant/emulator/cli")).main,
  },
  catalog: {
    summary: "a permission catalog from Graph's service principal JSON",
    load: async () => (await import("./catalog/generatePermissionCatalog")).main,
  },
};

/** The top-level help's epilogue: the exit codes every command shares, and where to go next. */
function helpEpilogue(): string {
  const rows = EXIT_CODE_TABLE.map(([code, meaning]) => `  ${code}  ${meaning}`);
  return [
    "",
    "Exit codes (every command):",
    ...rows,
    "",
    `Run \`${BIN} <command> --help\` for a command's options, e.g. \`${BIN} plan --help\`.`,
    `Also \`npm run <command> -- [options]\`. Shell completion: eval "$(${BIN} completion)".`,
  ].join("\n");
}

/** Runs `entra-graph-apps` with `argv` (process.argv's shape); returns the exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const program = new Command()
    .name(BIN)
    .usage("<command> [options]")
    .description("Entra ID app registrations for Microsoft Graph: plan, review, verify, operate")
    .version(version)
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .addHelpText("after", helpEpilogue());
  for (const [name, entry] of Object.entries(COMMANDS)) {
    program
      .command(name)
      .description(entry.summary)
      // The command's own program parses everything after its name, --help included.
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async () => {
        // Everything after the command's name, as the user typed it, order and all.
        const rest = argv.slice(argv.indexOf(name, 2) + 1);
        exitCode = await runCommand(
          name,
          entry,
          [argv[0] ?? "node", `${BIN} ${name}`, ...rest],
          io,
        );
      });
  }
  program
    .command("help")
    .argument("[command]")
    .description("this help, or a command's (as <command> --help)")
    .action(async (name?: string) => {
      if (name === undefined) return void program.outputHelp();
      const entry = COMMANDS[name];
      if (!entry) return program.error(unknownCommand(name), { exitCode: EXIT_CODES.usage });
      exitCode = await runCommand(name, entry, [argv[0] ?? "node", `${BIN} ${name}`, "--help"], io);
    });
  program
    .command("completion")
    .description("print a bash/zsh completion script (see below)")
    .action(() => io.stdout(completionScript(BIN, Object.keys(COMMANDS))));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end with 0; every parse error is a usage error: 1, as in each command.
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
}

/**
 * Runs one command. An unexpected error becomes one line on stderr, never a stack trace, with
 * the credentials in the environment masked as well as any key material (as runAsScript does).
 */
export async function runCommand(
  name: string,
  entry: CommandEntry,
  argv: string[],
  io: CommandIo,
): Promise<number> {
  try {
    return await (
      await entry.load()
    )(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const secrets = [io.env.GRAPH_CLIENT_SECRET, io.env.ARM_CLIENT_SECRET, io.env.ARM_OIDC_TOKEN];
    const masked = secrets.reduce<string>(
      (text, secret) => (secret ? text.split(secret).join("[secret]") : text),
      message,
    );
    io.stderr(`${name} failed: ${masked}\n`);
    return entry.failureExitCode ?? EXIT_CODES.usage;
  }
}

/** `help <name>` for a name that is no command: commander's wording, with the nearest name. */
function unknownCommand(name: string): string {
  const nearest = closest(name, Object.keys(COMMANDS));
  const suggestion = distance(name, nearest) <= Math.max(2, name.length * 0.4);
  return `error: unknown command '${name}'${suggestion ? `\n(Did you mean ${nearest}?)` : ""}`;
}

/** The real process: `bin/entra-graph-apps.js` calls this. */
export function runCli(): void {
  const io = processIo();
  main(process.argv, io).then(
    (code) => process.exit(code),
    (error) => {
      io.stderr(`${BIN} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(EXIT_CODES.usage);
    },
  );
}
