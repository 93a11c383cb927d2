import type { Env } from "../lib/paths.ts";

/** Everything a command touches outside itself, passed in so tests can drive it. */
export interface Io {
  /** Data only (JSON, tables); never diagnostics. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: ReadableStream<Uint8Array>;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  /** Progress lines (ask, send --wait) are drawn only on a terminal; absent: not one. */
  stderrIsTty?: boolean;
  env: Env;
  cwd: string;
  /** Raised to interrupt a waiting command as Ctrl-C would (in-process tests); signals do too. */
  interrupt?: AbortSignal;
  /** Whether the reader of stdout has gone (`| head`); absent: the process checks its own fd 1. */
  stdoutGone?: () => boolean;
}

/** The real process I/O. */
export function processIo(): Io {
  const encoder = new TextEncoder();
  const writeAll = (file: typeof Deno.stdout, text: string) => {
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
  };
  return {
    stdout: (text) => writeAll(Deno.stdout, text),
    stderr: (text) => writeAll(Deno.stderr, text),
    stdin: Deno.stdin.readable,
    stdinIsTty: Deno.stdin.isTerminal(),
    stdoutIsTty: Deno.stdout.isTerminal(),
    stderrIsTty: Deno.stderr.isTerminal(),
    env: Deno.env.toObject(),
    cwd: Deno.cwd(),
  };
}

/** Colour only on a terminal and without NO_COLOR (https://no-color.org). */
export function useColor(io: Io): boolean {
  return io.stdoutIsTty && !io.env.NO_COLOR;
}
