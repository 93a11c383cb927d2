// `cc-dm tail | head -3`: once head exits, tail must end too, even while no traffic comes and
// it has nothing to write (a write is what would otherwise reveal EPIPE). POSIX poll() on the
// write end of a pipe reports POLLERR once every reader has closed it; Deno has no poll of
// its own, so this calls libc's through FFI. Where that is not possible (Windows, no libc,
// FFI not permitted) the check says "not gone" and tail ends at its next write instead.

const POLLERR = 0x008;

type PollLib = { symbols: { poll: (fds: Uint8Array<ArrayBuffer>, n: bigint, timeout: number) => number } };

function libcName(): string | undefined {
  if (Deno.build.os === "linux") return "libc.so.6";
  if (Deno.build.os === "darwin") return "libSystem.B.dylib";
  return undefined;
}

/**
 * A check that says whether the reader of stdout has gone away (the pipe's read end closed),
 * or undefined when this platform cannot tell without writing.
 */
export function stdoutReaderGoneCheck(): (() => boolean) | undefined {
  const name = libcName();
  if (!name) return undefined;
  let lib: PollLib;
  try {
    lib = Deno.dlopen(name, {
      poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: false },
    }) as unknown as PollLib;
  } catch {
    return undefined;
  }
  // struct pollfd { int fd; short events; short revents; }, for fd 1 with no events asked:
  // POLLERR and POLLHUP are always reported.
  const pollfd = new Uint8Array(new ArrayBuffer(8));
  const view = new DataView(pollfd.buffer);
  return () => {
    view.setInt32(0, 1, true);
    view.setInt16(4, 0, true);
    view.setInt16(6, 0, true);
    if (lib.symbols.poll(pollfd, 1n, 0) <= 0) return false;
    return (view.getInt16(6, true) & POLLERR) !== 0;
  };
}
