import type { Io } from "./io.ts";

/** An AbortSignal raised by Ctrl-C (and SIGTERM, SIGHUP), so waits end with clean-up. */
export interface Interrupt {
  signal: AbortSignal;
  /** Remove the handlers: after this, signals act as usual again. */
  dispose(): void;
}

/**
 * Catch the signals that end a waiting command. Without a handler Deno dies at once, and
 * `ask` would neither release its name nor hand back the mail it claimed. `io.interrupt`
 * (in-process tests) acts as a signal.
 */
export function catchInterrupt(io: Pick<Io, "interrupt">): Interrupt {
  const controller = new AbortController();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM", "SIGHUP"];
  const handler = () => controller.abort();
  for (const s of signals) Deno.addSignalListener(s, handler);
  if (io.interrupt?.aborted) controller.abort();
  io.interrupt?.addEventListener("abort", handler, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) Deno.removeSignalListener(s, handler);
      io.interrupt?.removeEventListener("abort", handler);
    },
  };
}
