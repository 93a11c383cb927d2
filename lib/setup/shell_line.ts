/** Words joined into one POSIX shell command line, single-quoting only the words that need it. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellWord).join(" ");
}

function shellWord(word: string): string {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The flag that turns a development channel on for one `claude` run (hidden from `claude --help`). */
export function channelFlag(serverName: string): string[] {
  return ["--dangerously-load-development-channels", `server:${serverName}`];
}
