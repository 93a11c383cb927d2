// Figures for the command line: how long one `cc-dm send` takes from spawn to exit (mostly the
// runtime's start-up), and how many messages per second the bus carries from one sender to one
// live `cc-dm channel`. Wired into `deno task bench`; runs alone with
// `deno run -A bench/cli_bench.ts`.
import { openBus } from "../lib/bus/open_bus.ts";
import { thisProcess } from "../lib/sessions/liveness.ts";
import { sendDm } from "../lib/mail/routing.ts";
import { ChannelPeer } from "../tests/helpers/channel_peer.ts";
import { tempHome } from "../tests/helpers/temp_home.ts";
import { cliArgs } from "../tests/cli_run.ts";

export interface CliFigure {
  name: string;
  value: number;
  unit: string;
}

const SEND_RUNS = 10;
const STREAM_MESSAGES = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of `cc-dm send` processes to a live session, spawn to exit, in ms. */
async function sendWallTimes(
  env: Record<string, string>,
  peer: ChannelPeer,
  runs: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: cliArgs(["send", "rx", `ping ${i}`]),
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const elapsed = performance.now() - started;
    if (!out.success) throw new Error(`cc-dm send failed: ${new TextDecoder().decode(out.stderr)}`);
    if (i >= 2) times.push(elapsed); // the first two warm the module cache and the page cache
  }
  await peer.waitForEvents(runs + 2, 10_000);
  return times;
}

/** Messages per second from one sender (lib, no process per message) to one live channel. */
async function streamRate(env: Record<string, string>, peer: ChannelPeer, count: number): Promise<number> {
  const bus = await openBus(env);
  try {
    const sender = { name: "cli:bench", role: "cli", project: "" };
    const before = peer.events.length;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      // The first one writes the sender's row, as `cc-dm send` does; the rest are plain sends.
      const cli = i === 0 ? { cwd: Deno.cwd(), host: thisProcess().host } : undefined;
      await sendDm(bus, sender, { to: "rx", content: `stream ${i}` }, undefined, cli);
      // Yield now and then so the receiving client in this process reads its pipe meanwhile.
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 0));
    }
    await peer.waitForEvents(before + count, 60_000);
    const seconds = (performance.now() - started) / 1000;
    const got = peer.events.slice(before).map((e) => e.content);
    if (new Set(got).size !== count) {
      throw new Error(`expected ${count} distinct messages, got ${new Set(got).size}`);
    }
    return count / seconds;
  } finally {
    await bus.close();
  }
}

/** The CLI figures: one `cc-dm send`'s wall time, and bus throughput with one sender. */
export async function benchCli(): Promise<CliFigure[]> {
  const home = await tempHome();
  const env = { ...home.env, USER: "bench" };
  const peer = await ChannelPeer.start({ env: home.env, name: "rx" });
  try {
    const times = await sendWallTimes(env, peer, SEND_RUNS);
    const rate = await streamRate(env, peer, STREAM_MESSAGES);
    return [
      {
        name: `cc-dm send wall time, median of ${SEND_RUNS} (spawn to exit)`,
        value: median(times),
        unit: "ms",
      },
      { name: "cc-dm send wall time, fastest", value: Math.min(...times), unit: "ms" },
      {
        name: `bus throughput, 1 sender -> 1 live channel (${STREAM_MESSAGES} msgs)`,
        value: rate,
        unit: "msg/s",
      },
    ];
  } finally {
    await peer.close();
    await home.cleanup();
  }
}

if (import.meta.main) {
  for (const f of await benchCli()) {
    const value = f.unit === "ms" ? f.value.toFixed(1) : f.value.toFixed(0);
    Deno.stdout.writeSync(new TextEncoder().encode(`${f.name.padEnd(56)} ${value.padStart(8)} ${f.unit}\n`));
  }
}
