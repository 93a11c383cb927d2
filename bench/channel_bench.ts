// Delivery figures of `cc-dm channel` processes, all through the tools as a session uses them:
// latency (dm tool call -> event read from the receiver's stdout), broadcast, throughput with
// several senders, spawn -> first event, idle CPU, RSS and PSS. Every function takes the build
// to run (`entry`), so the same run can measure another checkout beside this one.
import type { TempHome } from "../tests/helpers/temp_home.ts";
import { cpuSeconds, median, percentile, pssMiB, rssMiB } from "./process_stats.ts";
import { RawPeer } from "./raw_peer.ts";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export interface FleetOptions {
  home: TempHome;
  size: number;
  prefix: string;
  entry: string;
  env?: Record<string, string>;
  /** argv prefix that starts each channel elsewhere (another network namespace). */
  launch?: string[];
  /** A `cc-dm` command (the launcher) instead of `deno run <entry>`. */
  command?: string[];
}

const now = () => performance.timeOrigin + performance.now();

/** Start `size` channels a few at a time (start-up is CPU-bound), plus one sender channel. */
export async function startFleet(options: FleetOptions): Promise<{ members: RawPeer[]; sender: RawPeer }> {
  const members: RawPeer[] = [];
  const start = (name: string) =>
    RawPeer.start({
      env: options.home.env,
      name,
      extraEnv: options.env,
      entry: options.entry,
      prefix: options.launch,
      command: options.command,
    });
  try {
    for (let i = 0; i < options.size; i += 5) {
      const names = Array.from(
        { length: Math.min(5, options.size - i) },
        (_, j) => `${options.prefix}${i + j}`,
      );
      members.push(...await Promise.all(names.map(start)));
    }
    const sender = await start(`${options.prefix}-sender`);
    // Every channel waits a moment after `initialized` before its first push: warm up with one
    // broadcast that all of them must deliver, so no figure includes start-up.
    await sender.call("broadcast", { content: "warm-up" });
    await Promise.all(members.map((m) => m.waitForEvents(1, 60_000)));
    return { members, sender };
  } catch (err) {
    await stopFleet(members);
    throw err;
  }
}

export async function stopFleet(peers: RawPeer[]): Promise<void> {
  await Promise.all(peers.map((p) => p.close()));
}

/**
 * `samples` dm tool calls one at a time, round robin over `members`; sorted latencies in ms.
 * `jitterMs` waits a random time before each send, so a polling receiver is caught at a random
 * point of its period (without it, sends line up with the polls that just delivered).
 */
export async function measureLatency(
  sender: RawPeer,
  members: RawPeer[],
  samples: number,
  jitterMs = 0,
): Promise<number[]> {
  const warmUp = 5;
  const latencies: number[] = [];
  for (let i = 0; i < samples + warmUp; i++) {
    const peer = members[i % members.length];
    const before = peer.events.length;
    if (jitterMs) await new Promise((r) => setTimeout(r, Math.random() * jitterMs));
    const start = now();
    const content = `ping ${i} ${start}`;
    await sender.call("dm", { to: peer.name, content });
    const event = (await peer.waitForEvents(before + 1, 10_000))[before];
    if (event.content !== content) throw new Error("bench: wrong message arrived");
    if (i >= warmUp) latencies.push(event.at - start);
  }
  return latencies.sort((a, b) => a - b);
}

/** Broadcast `rounds` times; per round the tool call's time and the last event's, in ms. */
export async function measureBroadcast(
  sender: RawPeer,
  members: RawPeer[],
  rounds: number,
): Promise<{ call: number[]; last: number[] }> {
  const call: number[] = [];
  const last: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = members.map((m) => m.events.length);
    const start = now();
    await sender.call("broadcast", { content: `all ${round}` });
    call.push(now() - start);
    const arrivals = await Promise.all(
      members.map(async (m, i) => (await m.waitForEvents(before[i] + 1, 20_000))[before[i]].at),
    );
    last.push(Math.max(...arrivals) - start);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { call: call.sort((a, b) => a - b), last: last.sort((a, b) => a - b) };
}

/**
 * Each sender calls dm `perSender` times as fast as its replies come, round robin over the
 * receivers; messages per second until the last event, and the sorted latencies.
 */
export async function measureThroughput(
  senders: RawPeer[],
  receivers: RawPeer[],
  perSender: number,
): Promise<{ rate: number; latencies: number[] }> {
  const before = receivers.map((r) => r.events.length);
  const expected = receivers.map(() => 0);
  const sentAt = new Map<string, number>();
  for (let s = 0; s < senders.length; s++) {
    for (let k = 0; k < perSender; k++) expected[(s + k) % receivers.length]++;
  }
  const started = now();
  await Promise.all(senders.map(async (sender, s) => {
    for (let k = 0; k < perSender; k++) {
      const to = receivers[(s + k) % receivers.length];
      const content = `t ${s} ${k}`;
      sentAt.set(content, now());
      await sender.call("dm", { to: to.name, content });
    }
  }));
  await Promise.all(receivers.map((r, i) => r.waitForEvents(before[i] + expected[i], 60_000)));
  const events = receivers.flatMap((r, i) => r.events.slice(before[i]));
  const end = Math.max(...events.map((e) => e.at));
  const latencies = events.map((e) => e.at - sentAt.get(e.content)!).sort((a, b) => a - b);
  if (latencies.length !== senders.length * perSender) throw new Error("bench: a message is missing");
  return { rate: latencies.length / ((end - started) / 1000), latencies };
}

/** Spawn -> first event of a channel whose mail was queued before it started, in ms. */
export async function measureFirstEvent(
  home: TempHome,
  entry: string,
  sender: RawPeer,
  runs: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `late${i}`;
    await sender.call("dm", { to: name, content: "queued before start", queue: true });
    const start = now();
    const peer = await RawPeer.start({ env: home.env, name, entry });
    try {
      times.push((await peer.waitForEvents(1, 20_000))[0].at - start);
    } finally {
      await peer.close();
    }
  }
  return times.sort((a, b) => a - b);
}

/** CPU use of the processes over `seconds` of idleness, in % of one core per process (mean). */
export async function idleCpuPercent(peers: RawPeer[], seconds: number): Promise<number> {
  const before = peers.map((p) => cpuSeconds(p.pid));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = peers.reduce((sum, p, i) => sum + cpuSeconds(p.pid) - before[i], 0);
  return (used / seconds / peers.length) * 100;
}

export function latencyFigures(
  label: string,
  sorted: number[],
  targets: { p50?: number; p99?: number } = {},
): Figure[] {
  const figure = (p: 50 | 99, target?: number): Figure => ({
    name: `${label} p${p}`,
    value: percentile(sorted, p),
    unit: "ms",
    target: target === undefined ? undefined : `<= ${target}`,
  });
  return [figure(50, targets.p50), figure(99, targets.p99)];
}

export function memoryFigures(label: string, peers: RawPeer[], rssTarget?: number): Figure[] {
  return [
    {
      name: `${label} RSS per session (median)`,
      value: median(peers.map((p) => rssMiB(p.pid))),
      unit: "MiB",
      target: rssTarget === undefined ? undefined : `<= ${rssTarget}`,
    },
    {
      name: `${label} PSS per session (median)`,
      value: median(peers.map((p) => pssMiB(p.pid))),
      unit: "MiB",
    },
  ];
}
