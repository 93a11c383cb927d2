// cmd/interrupt.ts
function catchInterrupt(io) {
  const controller = new AbortController();
  const signals = Deno.build.os === "windows" ? [
    "SIGINT"
  ] : [
    "SIGINT",
    "SIGTERM",
    "SIGHUP"
  ];
  const handler = () => controller.abort();
  for (const s of signals) Deno.addSignalListener(s, handler);
  if (io.interrupt?.aborted) controller.abort();
  io.interrupt?.addEventListener("abort", handler, {
    once: true
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) Deno.removeSignalListener(s, handler);
      io.interrupt?.removeEventListener("abort", handler);
    }
  };
}

export {
  catchInterrupt
};
