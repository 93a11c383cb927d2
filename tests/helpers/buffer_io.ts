import type { Io } from "../../cmd/io.ts";

/** An Io whose stdout and stderr are buffers: run a command in-process and read what it printed. */
export interface BufferIo extends Io {
  out: () => string;
  err: () => string;
}

export function bufferIo(
  env: Record<string, string>,
  options: { stdin?: string | Uint8Array; cwd?: string; interrupt?: AbortSignal } = {},
): BufferIo {
  let out = "";
  let err = "";
  return {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    stdin: new Blob([(options.stdin ?? "") as BlobPart]).stream(),
    stdinIsTty: false,
    stdoutIsTty: false,
    env,
    cwd: options.cwd ?? env.HOME ?? "/",
    interrupt: options.interrupt,
    // An in-process tail must never poll the test runner's own stdout.
    stdoutGone: () => false,
    out: () => out,
    err: () => err,
  };
}
