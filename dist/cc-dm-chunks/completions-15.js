import {
  optionFlags
} from "./chunk-03.js";
import {
  roster
} from "./chunk-35.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import "./chunk-38.js";
import "./chunk-39.js";
import "./chunk-40.js";
import "./chunk-41.js";
import "./chunk-42.js";
import {
  EXIT
} from "./chunk-05.js";
import "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/completions.ts
import { parseArgs } from "node:util";
var SHELLS = [
  "bash",
  "zsh",
  "fish"
];
var NAME_COMMANDS = [
  "send",
  "ask",
  "wait",
  "peek"
];
var NAME_FLAGS = [
  "--session"
];
var usage = `cc-dm completions: shell completion for commands, options and live session names

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
function parseCompletions(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      names: {
        type: "boolean"
      },
      help: {
        type: "boolean",
        short: "h"
      }
    },
    strict: true,
    allowPositionals: true
  });
  if (values.help) return null;
  if (values.names) return {
    names: true
  };
  const shell = positionals[0];
  if (positionals.length !== 1 || !SHELLS.includes(shell)) {
    throw new UsageError(positionals.length ? `${JSON.stringify(positionals[0])} is not a shell cc-dm completes: use bash, zsh or fish` : "cc-dm completions: which shell?", "cc-dm completions bash");
  }
  return {
    names: false,
    shell
  };
}
async function runCompletions(options, io) {
  if (options.names) {
    const names = await withBus(io, {
      mustExist: true,
      ifMissing: () => Promise.resolve([])
    }, async (bus) => (await roster(bus, {})).map((e) => e.name));
    io.stdout(names.map((n) => n + "\n").join(""));
    return EXIT.ok;
  }
  const { commandUsages } = await import("./undefined");
  const commands = (await commandUsages()).map(([name, text]) => ({
    name,
    flags: optionFlags(text)
  }));
  io.stdout(SCRIPTS[options.shell](commands));
  return EXIT.ok;
}
var SCRIPTS = {
  bash: (commands) => `# cc-dm bash completion: source <(cc-dm completions bash)
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
${commands.map((c) => `      ${c.name}) COMPREPLY=($(compgen -W "${c.flags.join(" ")}" -- "$cur")) ;;`).join("\n")}
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
  zsh: (commands) => `#compdef cc-dm
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
    ${NAME_COMMANDS.join("|")}) (( CURRENT == 3 )) && compadd -- \${(f)"$(cc-dm completions --names 2>/dev/null)"} ;;
  esac
}
compdef _cc_dm cc-dm
`,
  fish: (commands) => [
    "# cc-dm fish completion: cc-dm completions fish > ~/.config/fish/completions/cc-dm.fish",
    "complete -c cc-dm -f",
    `complete -c cc-dm -n __fish_use_subcommand -a "${commands.map((c) => c.name).join(" ")}"`,
    ...commands.flatMap((c) => c.flags.map((f) => `complete -c cc-dm -n "__fish_seen_subcommand_from ${c.name}" -l ${f.slice(2)}`)),
    `complete -c cc-dm -n "__fish_seen_subcommand_from ${NAME_COMMANDS.join(" ")}" -a "(cc-dm completions --names 2>/dev/null)"`,
    `complete -c cc-dm -n "__fish_seen_subcommand_from tail" -l session -x -a "(cc-dm completions --names 2>/dev/null)"`,
    ""
  ].join("\n")
};
var run = parseThenRun(usage, parseCompletions, runCompletions);
export {
  parseCompletions,
  run,
  runCompletions,
  usage
};
