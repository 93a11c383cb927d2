// `deno task bench`: the speed and memory figures of cc-dm on this machine, printed as a table
// on stderr and as JSON on stdout, each beside its target, the floor (bench/floor.ts) and a
// receiver polling every 500 ms (cc-dm's own CC_DM_WAKE=poll, the 1.x design) of the same run.
//
//   deno task bench                          10, 50 and 100 sessions (about 3 minutes)
//   deno task bench --sessions 10,50,100,500 also 500 sessions alive at once (~12 GB of RAM)
//   deno task bench --compare ../old/main.ts the same figures for another build, side by side
//   deno task bench --only sessions,first-event --sessions 100   only these sections (--help lists them)
// The team-mode section (bench/postgres_bench.ts) puts a PostgreSQL bus beside SQLite.
import { parseArgs } from "node:util";
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import { tempHome } from "../tests/helpers/temp_home.ts";
import { MAIN_TS } from "../tests/helpers/temp_home.ts";
import { benchCli } from "./cli_bench.ts";
import { benchHook } from "./hook_bench.ts";
import { benchStatusLine } from "./statusline_bench.ts";
import { benchInstall } from "./install_bench.ts";
import { floorLatency, floorThroughput, floorWakeBroadcast } from "./floor.ts";
import { benchRoutes, ROUTE_SECTION_TITLE } from "./route_bench.ts";
import { benchPostgres, POSTGRES_SECTION_TITLE } from "./postgres_bench.ts";
import {
  type Figure,
  idleCpuPercent,
  latencyFigures,
  measureBroadcast,
  measureFirstEvent,
  measureLatency,
  measureThroughput,
  memoryFigures,
  startFleet,
  stopFleet,
} from "./channel_bench.ts";
import { median, percentile } from "./process_stats.ts";
import { RawPeer } from "./raw_peer.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sessions: { type: "string", default: "10,50,100" },
    compare: { type: "string" },
    "idle-seconds": { type: "string", default: "10" },
    only: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
/** The sections, in the order they run; `--only` picks some. */
const SECTIONS = [
  "floor",
  "sessions",
  "first-event",
  "poll",
  "bundle",
  "cli",
  "hook",
  "statusline",
  "install",
  "postgres",
  "routes",
] as const;
if (values.help) {
  Deno.stdout.writeSync(new TextEncoder().encode(
    `Usage: deno task bench [--sessions 10,50,100] [--compare MAIN_TS] [--idle-seconds 10] [--only LIST]

  --sessions N,...   fleet sizes for the "sessions" section (latency; throughput at 10; broadcast at >= 100)
  --compare PATH     also measure another build's main.ts, side by side
  --idle-seconds S   how long the idle-CPU figures watch
  --only LIST        run only these sections: ${SECTIONS.join(", ")}
  BENCH_ROUTES=0     leave out the routes section (a real Claude Code)

Examples:
  deno task bench --only sessions --sessions 100        broadcast to 100 and latency at 100
  deno task bench --only first-event                    spawn -> first event
`,
  ));
  Deno.exit(0);
}
const ONLY = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
for (const name of ONLY ?? []) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    throw new Error(`Unknown section ${JSON.stringify(name)} for --only: use ${SECTIONS.join(", ")}`);
  }
}
/** Whether the section runs in this invocation. */
const wanted = (name: (typeof SECTIONS)[number]) => !ONLY || ONLY.includes(name);
const SIZES = values.sessions.split(",").map(Number);
const IDLE_SECONDS = Number(values["idle-seconds"]);
const builds: { label: string; entry: string }[] = [{ label: "this", entry: MAIN_TS }];
if (values.compare) builds.push({ label: "compare", entry: values.compare });

const TARGETS: Record<number, { p50?: number; p99?: number }> = {
  10: { p50: 1.5, p99: 5 },
  50: { p99: 10 },
};

/** Figures by name, one value per build label. */
const table = new Map<string, { unit: string; target?: string; values: Record<string, number> }>();
const log = (text: string) => Deno.stderr.writeSync(new TextEncoder().encode(text + "\n"));

function record(label: string, figures: Figure[]): void {
  for (const f of figures) {
    const row = table.get(f.name) ?? { unit: f.unit, target: f.target, values: {} };
    row.values[label] = f.value;
    table.set(f.name, row);
  }
}

function show(names: string[]): void {
  for (const name of names) {
    const row = table.get(name)!;
    const cells = builds.map((b) => {
      const v = row.values[b.label];
      return (v === undefined ? "-" : v.toFixed(row.unit === "msg/s" ? 0 : row.unit === "ms" ? 2 : 3))
        .padStart(9);
    });
    log(`  ${name.padEnd(52)} ${cells.join(" ")} ${row.unit}${row.target ? `  target ${row.target}` : ""}`);
  }
}

async function section(
  title: string,
  work: (label: string, entry: string) => Promise<Figure[]>,
  once = false,
) {
  log(`== ${title}${once ? "" : `   [${builds.map((b) => b.label).join(" | ")}]`}`);
  const started = performance.now();
  const names: string[] = [];
  for (const build of once ? builds.slice(0, 1) : builds) {
    const figures = await work(build.label, build.entry);
    record(build.label, figures);
    for (const f of figures) if (!names.includes(f.name)) names.push(f.name);
  }
  show(names);
  log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (wanted("floor")) {
  await section(
    "floor: SQLite commit + socket poke + claim + stdout line, no cc-dm code (and a bare wake-up)",
    async () => {
      const dir = await Deno.makeTempDir({ prefix: "cc-dm-floor-" });
      try {
        const out: Figure[] = [];
        const ten = await floorLatency(join(dir, "10"), 10, 300);
        out.push(...latencyFigures("floor: latency at 10", ten.latencies));
        const hundred = await floorLatency(join(dir, "100"), 100, 200, 10);
        out.push(...latencyFigures("floor: latency at 100", hundred.latencies));
        out.push({
          name: "floor: broadcast to 100, last line (median)",
          value: median(hundred.broadcast),
          unit: "ms",
        });
        out.push({
          name: "floor: wake 100 processes, last line, no database (median)",
          value: median(await floorWakeBroadcast(join(dir, "wake"), 100, 10)),
          unit: "ms",
        });
        const flow = await floorThroughput(join(dir, "flow"), 10, 10, 300);
        out.push({ name: "floor: throughput, 10 senders", value: flow.rate, unit: "msg/s" });
        out.push(...latencyFigures("floor: latency under 10 senders' load", flow.latencies));
        return out;
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
    true,
  );
}

for (const size of wanted("sessions") ? SIZES : []) {
  await section(
    `${size} live channels: dm tool call -> event on the receiver's stdout`,
    async (_label, entry) => {
      const home = await tempHome();
      const started = performance.now();
      const { members, sender } = await startFleet({ home, size, prefix: "r", entry });
      const out: Figure[] = [{
        name: `start ${size} channels (wall)`,
        value: (performance.now() - started) / 1000,
        unit: "s",
      }];
      try {
        out.push(
          ...latencyFigures(
            `latency at ${size}`,
            await measureLatency(sender, members, size >= 100 ? 200 : 300),
            TARGETS[size],
          ),
        );
        if (size === 10) {
          const receivers = members;
          const one = await measureThroughput([sender], receivers, 1000);
          out.push({ name: "throughput, 1 sender", value: one.rate, unit: "msg/s" });
          out.push(...latencyFigures("latency under 1 sender's load", one.latencies));
          const more = await Promise.all(
            Array.from({ length: 9 }, (_, i) => RawPeer.start({ env: home.env, name: `s${i}`, entry })),
          );
          try {
            const ten = await measureThroughput([sender, ...more], receivers, 300);
            out.push({ name: "throughput, 10 senders", value: ten.rate, unit: "msg/s", target: ">= 5000" });
            out.push(...latencyFigures("latency under 10 senders' load", ten.latencies, { p99: 20 }));
          } finally {
            await stopFleet(more);
          }
          out.push(...memoryFigures("channel from source,", members, 40));
          await new Promise((r) => setTimeout(r, 2000)); // let start-up and JIT settle
          out.push({
            name: "idle CPU per channel",
            value: await idleCpuPercent(members, IDLE_SECONDS),
            unit: "% of a core",
            target: "<= 0.1",
          });
        }
        if (size >= 100) {
          const b = await measureBroadcast(sender, members.slice(0, 100), 10);
          out.push({ name: "broadcast to 100: tool call (median)", value: median(b.call), unit: "ms" });
          out.push({
            name: "broadcast to 100: last event (median)",
            value: median(b.last),
            unit: "ms",
            target: "<= 20",
          });
          out.push({
            name: "broadcast to 100: last event (worst of 10)",
            value: percentile(b.last, 100),
            unit: "ms",
          });
        }
        if (size >= 100) out.push(...memoryFigures(`at ${size} sessions,`, members));
        return out;
      } finally {
        await stopFleet([...members, sender]);
        await home.cleanup();
      }
    },
  );
}

if (wanted("first-event")) {
  await section("spawn -> first event (mail queued before the session started)", async (_label, entry) => {
    const home = await tempHome();
    const sender = await RawPeer.start({ env: home.env, name: "sender", entry });
    try {
      const times = await measureFirstEvent(home, entry, sender, 7);
      return [{
        name: "spawn -> first event (median of 7)",
        value: median(times),
        unit: "ms",
        target: "<= 150",
      }];
    } finally {
      await sender.close();
      await home.cleanup();
    }
  });
}

if (wanted("poll")) {
  await section("baseline: 10 receivers polling every 500 ms (CC_DM_WAKE=poll), same run", async () => {
    const home = await tempHome();
    const env = { CC_DM_WAKE: "poll", CC_DM_POLL_MS: "500" };
    const { members, sender } = await startFleet({ home, size: 10, prefix: "p", entry: MAIN_TS, env });
    try {
      const out = latencyFigures(
        "500 ms poll: latency at 10",
        await measureLatency(sender, members, 40, 500),
      );
      await new Promise((r) => setTimeout(r, 2000));
      out.push({
        name: "500 ms poll: idle CPU per channel",
        value: await idleCpuPercent(members, IDLE_SECONDS),
        unit: "% of a core",
      });
      return out;
    } finally {
      await stopFleet([...members, sender]);
      await home.cleanup();
    }
  }, true);
}

if (wanted("bundle")) {
  // As the plugin and the npm package start it: the build's own launcher, which runs its
  // committed bundle with --no-config --cached-only (not `deno run main.ts` from source).
  await section(
    "launcher + bundle (bin/cc-dm -> dist/cc-dm.js, as plugin and npm run it): 10 idle channels",
    async (_label, entry) => {
      const root = dirname(entry);
      const launcher = join(root, "bin", "cc-dm");
      if (!existsSync(launcher) || !existsSync(join(root, "dist", "cc-dm.js"))) return [];
      const home = await tempHome();
      const env = { DENO: Deno.execPath() };
      const command = ["sh", launcher];
      const { members, sender } = await startFleet({ home, size: 10, prefix: "b", entry, env, command });
      try {
        await new Promise((r) => setTimeout(r, 2000));
        return [
          ...memoryFigures("launcher + bundle,", members, 40),
          ...latencyFigures("launcher + bundle: latency at 10", await measureLatency(sender, members, 100)),
        ];
      } finally {
        await stopFleet([...members, sender]);
        await home.cleanup();
      }
    },
  );
}

if (wanted("cli")) {
  await section(
    "command line: one `cc-dm send` process, and throughput of one streaming sender",
    benchCli,
    true,
  );
}
if (wanted("hook")) {
  await section("hooks: one `cc-dm hook post-tool-use` process (added to every tool call)", benchHook, true);
}
if (wanted("statusline")) {
  await section(
    "status line: one `cc-dm statusline` process (Claude Code runs it on screen updates)",
    benchStatusLine,
    true,
  );
}
if (wanted("install")) {
  await section(
    "install: launcher + bundle and the sh no-mail check (after) vs deno run main.ts (before), same run",
    benchInstall,
    true,
  );
}

// Team mode (about 2 minutes; needs root for its network namespaces); BENCH_POSTGRES=0 leaves it out.
if (wanted("postgres") && Deno.env.get("BENCH_POSTGRES") === "0") {
  log(`== ${POSTGRES_SECTION_TITLE}\n  skipped (BENCH_POSTGRES=0)`);
} else if (wanted("postgres")) await section(POSTGRES_SECTION_TITLE, benchPostgres, true);

// Last: the slowest section (1.5–3 minutes), with a real Claude Code; BENCH_ROUTES=0 leaves it out.
let routesFailed = false;
if (wanted("routes") && Deno.env.get("BENCH_ROUTES") === "0") {
  log(`== ${ROUTE_SECTION_TITLE}\n  skipped (BENCH_ROUTES=0)`);
} else if (wanted("routes")) {
  await section(ROUTE_SECTION_TITLE, benchRoutes, true).catch((err) => {
    // The figures of the other sections still go out; the exit code says this one failed.
    log(`  failed: ${err instanceof Error ? err.message : err}`);
    routesFailed = true;
  });
}

const figures = [...table].map(([name, row]) => ({
  name,
  unit: row.unit,
  target: row.target,
  ...row.values,
}));
Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify({ builds, figures }, null, 2) + "\n"));
if (routesFailed) Deno.exit(1);
