// cmd/io.ts
function processIo() {
  const encoder = new TextEncoder();
  const writeAll = (file, text) => {
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
    cwd: Deno.cwd()
  };
}
function useColor(io) {
  return io.stdoutIsTty && !io.env.NO_COLOR;
}

export {
  processIo,
  useColor
};
