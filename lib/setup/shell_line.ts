/** Words joined into one POSIX shell command line, single-quoting only the words that need it. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellWord).join(" ");
}

/** `NAME=value` as a shell assignment prefix (the value quoted when needed, the name never). */
export function envAssignment(name: string, value: string): string {
  return `${name}=${shellWord(value)}`;
}

/** One word for a POSIX shell, single-quoted only when it needs to be. */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The flag that turns a development channel on for one `claude` run (hidden from `claude --help`). */
export function channelFlag(serverName: string): string[] {
  return ["--dangerously-load-development-channels", `server:${serverName}`];
}
