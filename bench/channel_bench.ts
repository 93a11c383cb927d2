// Delivery latency (send -> notification read from the receiver's stdout), idle CPU and RSS of
// `cc-dm channel` processes, with a fixed 500 ms poll receiver measured in the same run.
import { openBus } from "../lib/bus/open_bus.ts";
import { sendDm } from "../lib/post.ts";
import { ChannelPeer } from "../tests/helpers/channel_peer.ts";
import type { TempHome } from "../tests/helpers/temp_home.ts";
import { cpuSeconds, median, percentile, rssMiB } from "./process_stats.ts";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** A running channel process and the name it registered. */
export interface Member {
  name: string;
  peer: ChannelPeer;
}

export interface FleetOptions {
  home: TempHome;
  size: number;
  prefix: string;
  env?: Record<string, string>;
  entry?: string;
}

const now = () => performance.timeOrigin + performance.now();

/** Start `size` channel processes, a few at a time (start-up is CPU-bound on 2 cores). */
export async function startFleet(options: FleetOptions): Promise<Member[]> {
  const members: Member[] = [];
  for (let i = 0; i < options.size; i += 5) {
    const names = Array.from(
      { length: Math.min(5, options.size - i) },
      (_, j) => `${options.prefix}${i + j}`,
    );
    members.push(
      ...await Promise.all(names.map(async (name) => ({
        name,
        peer: await ChannelPeer.start({
          env: options.home.env,
          name,
          extraEnv: options.env,
          entry: options.entry,
        }),
      }))),
    );
  }
  // A channel pushes its first event 1 s after the client initialized (Claude Code drops earlier ones).
  await new Promise((r) => setTimeout(r, 1200));
  return members;
}

export async function stopFleet(members: Member[]): Promise<void> {
  await Promise.all(members.map((m) => m.peer.close()));
}

/**
 * Send `samples` messages one at a time, round robin over `members`; sorted latencies in ms.
 * `jitterMs` waits a random time before each send, so a polling receiver is caught at a random
 * point of its period (without it, sends line up with the polls that just delivered).
 */
export async function measureLatency(
  home: TempHome,
  members: Member[],
  samples: number,
  jitterMs = 0,
): Promise<number[]> {
  const bus = openBus(home.env);
  const sender = { name: "bench-sender", role: "bench", project: "" };
  const warmUp = 5;
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples + warmUp; i++) {
      const { name, peer } = members[i % members.length];
      const before = peer.events.length;
      if (jitterMs) await new Promise((r) => setTimeout(r, Math.random() * jitterMs));
      const start = now();
      const receipt = await sendDm(bus, sender, { to: name, content: `ping ${i}` }, Date.now());
      const event = (await peer.waitForEvents(before + 1, 10_000))[before];
      if (event.meta.message_id !== String(receipt.message.id)) {
        throw new Error("bench: wrong message arrived");
      }
      if (i >= warmUp) latencies.push(event.at - start);
    }
  } finally {
    bus.close();
  }
  return latencies.sort((a, b) => a - b);
}

/** CPU use of each process over `seconds` of idleness, in % of one core. */
export async function idleCpuPercent(members: Member[], seconds: number): Promise<number[]> {
  const before = members.map((m) => cpuSeconds(m.peer.pid));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return members.map((m, i) => ((cpuSeconds(m.peer.pid) - before[i]) / seconds) * 100);
}

export function latencyFigures(
  label: string,
  sorted: number[],
  targets: { p50?: number; p99?: number } = {},
) {
  const figure = (p: 50 | 99, target?: number): Figure => ({
    name: `${label} p${p}`,
    value: percentile(sorted, p),
    unit: "ms",
    target: target === undefined ? undefined : `<= ${target}`,
  });
  return [figure(50, targets.p50), figure(99, targets.p99)];
}

export function rssFigure(label: string, members: Member[], target?: number): Figure {
  return {
    name: `${label} RSS (median)`,
    value: median(members.map((m) => rssMiB(m.peer.pid))),
    unit: "MiB",
    target: target === undefined ? undefined : `<= ${target}`,
  };
}

export function cpuFigure(label: string, percents: number[], target?: number): Figure {
  return {
    name: `${label} idle CPU per process (mean)`,
    value: percents.reduce((a, b) => a + b, 0) / percents.length,
    unit: "% of a core",
    target: target === undefined ? undefined : `<= ${target}`,
  };
}
