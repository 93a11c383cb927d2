import { parseArgs } from "node:util";
import { UsageError } from "../lib/errors.ts";
import { roster } from "../lib/sessions/roster.ts";
import { withBus } from "./bus_access.ts";
import { EXIT } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { optionFlags } from "./flag_error.ts";
import type { Io } from "./io.ts";

// Shell completion scripts, generated from the commands' own usage texts (so a new flag is
// completed without a second list), plus `--names`, which the scripts call for live names.

const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = typeof SHELLS[number];
/** Commands whose first argument is a session name. */
const NAME_COMMANDS = ["send", "ask", "wait", "peek"];
/** Flags whose value is a session name. */
const NAME_FLAGS = ["--session"];

export const usage = `cc-dm completions: shell completion for commands, options and live session names

Usage: cc-dm completions bash|zsh|fish

Prints the completion script for the shell; session names are looked up live when you press
Tab (cc-dm completions --names prints them, one a line).

Install:
  bash   echo 'source <(cc-dm completions bash)' >> ~/.bashrc
  zsh    echo 'source <(cc-dm completions zsh)' >> ~/.zshrc     (after compinit)
  fish   cc-dm completions fish > ~/.config/fish/completions/cc-dm.fish

Options:
  --names            print the names of live sessions (what Tab offers after send, ask, ...)
  -h, --help         this help
`;

/** `cc-dm completions`: a shell's script, or (--names) the live names a script asks for. */
export type CompletionsOptions = { names: true } | { names: false; shell: Shell };

/** Parse `cc-dm completions` arguments (UsageError on bad ones); null for --help. */
export function parseCompletions(argv: string[]): CompletionsOptions | null {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { names: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return null;
  if (values.names) return { names: true };
  const shell = positionals[0] as Shell;
  if (positionals.length !== 1 || !SHELLS.includes(shell)) {
    throw new UsageError(
      positionals.length
        ? `${JSON.stringify(positionals[0])} is not a shell cc-dm completes: use bash, zsh or fish`
        : "cc-dm completions: which shell?",
      "cc-dm completions bash",
    );
  }
  return { names: false, shell };
}

/** Print the script, or the names. */
export async function runCompletions(options: CompletionsOptions, io: Io): Promise<number> {
  if (options.names) {
    const names = await withBus(
      io,
      { mustExist: true, ifMissing: () => Promise.resolve([]) },
      async (bus) => (await roster(bus, {})).map((e) => e.name),
    );
    io.stdout(names.map((n) => n + "\n").join(""));
    return EXIT.ok;
  }
  const { commandUsages } = await import("../main.ts");
  const commands = (await commandUsages()).map(([name, text]) => ({
    name,
    flags: optionFlags(text),
  }));
  io.stdout(SCRIPTS[options.shell](commands));
  return EXIT.ok;
}

interface CommandFlags {
  name: string;
  flags: string[];
}

const SCRIPTS: Record<Shell, (commands: CommandFlags[]) => string> = {
  bash: (commands) =>
    `# cc-dm bash completion: source <(cc-dm completions bash)
_cc_dm() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(" ")}" -- "$cur"))
    return
  fi
  local cmd="\${COMP_WORDS[1]}"
  case "$prev" in
    ${NAME_FLAGS.join("|")})
      COMPREPLY=($(compgen -W "$(cc-dm completions --names 2>/dev/null)" -- "$cur"))
      return ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${
      commands.map((c) => `      ${c.name}) COMPREPLY=($(compgen -W "${c.flags.join(" ")}" -- "$cur")) ;;`)
        .join("\n")
    }
    esac
    return
  fi
  case "$cmd" in
    ${NAME_COMMANDS.join("|")})
      if [ "$COMP_CWORD" -eq 2 ]; then
        COMPREPLY=($(compgen -W "$(cc-dm completions --names 2>/dev/null)" -- "$cur"))
      fi ;;
  esac
}
complete -F _cc_dm cc-dm
`,
  zsh: (commands) =>
    `#compdef cc-dm
# cc-dm zsh completion: source <(cc-dm completions zsh)   (after compinit)
_cc_dm() {
  if (( CURRENT == 2 )); then
    compadd -- ${commands.map((c) => c.name).join(" ")}
    return
  fi
  local cmd=\${words[2]}
  case \${words[CURRENT-1]} in
    ${NAME_FLAGS.join("|")}) compadd -- \${(f)"$(cc-dm completions --names 2>/dev/null)"}; return ;;
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    case $cmd in
${commands.map((c) => `      ${c.name}) compadd -- ${c.flags.join(" ")} ;;`).join("\n")}
    esac
    return
  fi
  case $cmd in
    ${
      NAME_COMMANDS.join("|")
    }) (( CURRENT == 3 )) && compadd -- \${(f)"$(cc-dm completions --names 2>/dev/null)"} ;;
  esac
}
compdef _cc_dm cc-dm
`,
  fish: (commands) =>
    [
      "# cc-dm fish completion: cc-dm completions fish > ~/.config/fish/completions/cc-dm.fish",
      "complete -c cc-dm -f",
      `complete -c cc-dm -n __fish_use_subcommand -a "${commands.map((c) => c.name).join(" ")}"`,
      ...commands.flatMap((c) =>
        c.flags.map((f) => `complete -c cc-dm -n "__fish_seen_subcommand_from ${c.name}" -l ${f.slice(2)}`)
      ),
      `complete -c cc-dm -n "__fish_seen_subcommand_from ${
        NAME_COMMANDS.join(" ")
      }" -a "(cc-dm completions --names 2>/dev/null)"`,
      `complete -c cc-dm -n "__fish_seen_subcommand_from tail" -l session -x -a "(cc-dm completions --names 2>/dev/null)"`,
      "",
    ].join("\n"),
};

export const run = parseThenRun(usage, parseCompletions, runCompletions);
