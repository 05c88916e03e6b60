/**
 * `entra-graph-apps completion`: a bash completion script (zsh: after `autoload bashcompinit;
 * bashcompinit`). It completes command names from a list written into the script, so a Tab
 * press starts no process; after the command, the shell's own file completion.
 */
export function completionScript(bin: string, commands: string[]): string {
  const fn = `_${bin.replace(/[^A-Za-z0-9]/g, "_")}_complete`;
  return [
    `# ${bin} completion for bash and zsh (bashcompinit): eval "$(${bin} completion)"`,
    `${fn}() {`,
    `  if [ "$COMP_CWORD" -eq 1 ]; then`,
    `    COMPREPLY=($(compgen -W "${[...commands, "help", "--help", "--version"].join(" ")}" -- "\${COMP_WORDS[1]}"))`,
    "  fi",
    "}",
    `complete -o default -F ${fn} ${bin}`,
    "",
  ].join("\n");
}
