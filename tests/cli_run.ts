// Run the real `cc-dm` CLI as a subprocess, as a user or a script would: a clean environment
// (the temp HOME of tests/helpers/temp_home.ts) and the command line from main.ts.
import { openExisting } from "../lib/bus/sqlite/sqlite_bus.ts";
import { join } from "node:path";
import { MAIN_TS } from "./helpers/temp_home.ts";
import { bufferIo } from "./helpers/buffer_io.ts";
import { runCli } from "../main.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Text on stdin; omitted: stdin is /dev/null (not a terminal, empty). */
  stdin?: string | Uint8Array;
  cwd?: string;
  extraEnv?: Record<string, string>;
}

/** The argv that runs this checkout's cc-dm. */
export function cliArgs(args: string[]): string[] {
  return ["run", "--allow-all", "--quiet", MAIN_TS, ...args];
}

/** Run `cc-dm <args>` to completion. */
export async function cc(
  env: Record<string, string>,
  args: string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const child = spawnCli(env, args, { ...options, stdin: options.stdin !== undefined ? "piped" : "null" });
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    const bytes = typeof options.stdin === "string" ? new TextEncoder().encode(options.stdin) : options.stdin;
    // The CLI may stop reading early (message over the limit): a broken pipe is its answer.
    await writer.write(bytes).catch(() => {});
    await writer.close().catch(() => {});
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** Start `cc-dm <args>` and return the process (stdout and stderr piped). */
export function spawnCli(
  env: Record<string, string>,
  args: string[],
  options: { stdin?: "piped" | "null"; cwd?: string; extraEnv?: Record<string, string> } = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: cliArgs(args),
    env: { ...env, ...options.extraEnv },
    clearEnv: true,
    cwd: options.cwd,
    stdin: options.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Read a child's stdout line by line. */
export class LineReader {
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #pending: Promise<ReadableStreamReadResult<string>> | undefined;
  readonly lines: string[] = [];

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** Wait until `count` lines in total have been read; throws with what came on timeout. */
  async waitForLines(count: number, timeoutMs = 8000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} lines, got ${JSON.stringify(this.lines)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), left)));
      // A read that lost the race stays pending and is awaited again, so no chunk is lost.
      this.#pending ??= this.#reader.read();
      const next = await Promise.race([this.#pending, timeout]);
      clearTimeout(timer);
      if (next === "timeout") continue;
      this.#pending = undefined;
      if (next.done) throw new Error(`stream ended after lines ${JSON.stringify(this.lines)}`);
      this.#buffer += next.value;
      const parts = this.#buffer.split("\n");
      this.#buffer = parts.pop()!;
      this.lines.push(...parts);
    }
    return this.lines;
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

/**
 * Read the SQLite bus file directly. Only for what the Bus contract does not show: which
 * claimer (a hook or the channel) took a delivery, in the e2e tests. Everything else reads
 * through tests/helpers/bus_reads.ts, so it holds on every engine.
 */
export function busRows(ccDmHome: string, sql: string): Record<string, unknown>[] {
  // Read-write without create, as the bus opens an existing file: a read-only connection cannot
  // make the -shm file, so it failed ("unable to open database file") in the moment after the
  // last other connection closed and took -wal and -shm with it.
  const db = openExisting(join(ccDmHome, "bus.db"));
  db.exec("PRAGMA busy_timeout = 5000");
  try {
    return (db.prepare(sql).all() as Record<string, unknown>[]).map((row) => ({ ...row }));
  } finally {
    db.close();
  }
}

/** Test env plus a login name, so the default sender is `cli:<user>`. */
export function withUser(env: Record<string, string>, user: string): Record<string, string> {
  return { ...env, USER: user };
}

/** A command running in this process (startIn): its output so far, and its end. */
export interface InProcessRun {
  out(): string;
  err(): string;
  /** Ctrl-C, as the command sees it. */
  interrupt(): void;
  done: Promise<CliResult>;
  /** Wait until stdout (or stderr) satisfies `ready`; throws with what came on timeout. */
  waitFor(
    ready: (text: string) => boolean,
    options?: { stream?: "out" | "err"; timeoutMs?: number },
  ): Promise<string>;
}

/**
 * Start `cc-dm <args>` in this process, through main.ts's dispatch with buffer I/O: the same
 * parsing, errors and exit codes as a spawned cc-dm, without a Deno start-up.
 */
export function startIn(
  env: Record<string, string>,
  args: string[],
  options: CliOptions = {},
): InProcessRun {
  const stop = new AbortController();
  const io = bufferIo({ ...env, ...options.extraEnv }, {
    stdin: options.stdin,
    cwd: options.cwd ?? Deno.cwd(),
    interrupt: stop.signal,
  });
  const wakers = new Set<() => void>();
  const wake = () => wakers.forEach((w) => w());
  const [stdout, stderr] = [io.stdout, io.stderr];
  io.stdout = (text) => (stdout(text), wake());
  io.stderr = (text) => (stderr(text), wake());
  let ended = false;
  const done = runCli(args, io).then((code) => ({ code, stdout: io.out(), stderr: io.err() }))
    .finally(() => (ended = true, wake()));
  return {
    out: io.out,
    err: io.err,
    interrupt: () => stop.abort(),
    done,
    async waitFor(ready, { stream = "out", timeoutMs = 8000 } = {}) {
      const text = stream === "out" ? io.out : io.err;
      const deadline = Date.now() + timeoutMs;
      while (!ready(text())) {
        const left = deadline - Date.now();
        if (left <= 0 || ended) {
          throw new Error(
            `${ended ? "ended" : "timed out"} before the expected output; std${stream}: ${
              JSON.stringify(text())
            }`,
          );
        }
        let waker = () => {};
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          waker = resolve;
          wakers.add(waker);
          timer = setTimeout(resolve, left);
        });
        wakers.delete(waker);
        clearTimeout(timer);
      }
      return text();
    },
  };
}

/** Run `cc-dm <args>` in this process to completion (see startIn); the same result as `cc`. */
export async function ccIn(
  env: Record<string, string>,
  args: string[],
  options: CliOptions & { interrupt?: AbortSignal } = {},
): Promise<CliResult> {
  const run = startIn(env, args, options);
  options.interrupt?.addEventListener("abort", run.interrupt, { once: true });
  return await run.done;
}
