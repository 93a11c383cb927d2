import {
  engineFor
} from "./chunk-40.js";

// cmd/bus_access.ts
async function withBus(io, options, work) {
  const engine = engineFor(io.env);
  if (options.mustExist && options.ifMissing && !await engine.exists()) return await options.ifMissing();
  const bus = await engine.open({
    mustExist: options.mustExist,
    note: (text) => io.stderr(`cc-dm: ${text}
`)
  });
  try {
    return await work(bus);
  } finally {
    await bus.close();
  }
}
function busExists(io) {
  return engineFor(io.env).exists();
}
async function waitForBus(io, signal, pollMs = 500) {
  while (!signal.aborted) {
    if (await busExists(io)) return true;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      }, {
        once: true
      });
    });
  }
  return false;
}

export {
  withBus,
  waitForBus
};
