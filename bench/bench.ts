// `deno task bench`: the speed and memory figures of cc-dm on this machine, printed as a table
// on stderr and as JSON on stdout. Targets (issue "The core") are shown beside each figure.
import { join } from "node:path";
import { tempHome } from "../tests/helpers/temp_home.ts";
import { benchCli } from "./cli_bench.ts";
import { benchHook } from "./hook_bench.ts";
import { benchStatusLine } from "./statusline_bench.ts";
import { benchInstall } from "./install_bench.ts";
import { benchRoutes, ROUTE_SECTION_TITLE } from "./route_bench.ts";
import { figureLine, log, printJson } from "./figure_table.ts";
import {
  cpuFigure,
  type Figure,
  idleCpuPercent,
  latencyFigures,
  measureLatency,
  rssFigure,
  startFleet,
  stopFleet,
} from "./channel_bench.ts";

const IDLE_SECONDS = Number(Deno.env.get("BENCH_IDLE_SECONDS") ?? 10);
const figures: Figure[] = [];

async function section(title: string, work: () => Promise<Figure[]>): Promise<void> {
  log(`== ${title}`);
  const started = performance.now();
  const results = await work();
  for (const f of results) log(figureLine(f));
  log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  figures.push(...results);
}

async function fleetSection(size: number, samples: number, targets: { p50?: number; p99?: number }) {
  await section(`${size} live channel process(es), event-driven wake-up`, async () => {
    const home = await tempHome();
    const members = await startFleet({ home, size, prefix: "r" });
    try {
      const out = latencyFigures(`latency at ${size}`, await measureLatency(home, members, samples), targets);
      if (size === 10) {
        await new Promise((r) => setTimeout(r, 2000)); // let start-up and JIT settle
        out.push(cpuFigure("event-driven", await idleCpuPercent(members, IDLE_SECONDS), 0.1));
        out.push(rssFigure("event-driven, from source", members, 60));
      }
      return out;
    } finally {
      await stopFleet(members);
      await home.cleanup();
    }
  });
}

await fleetSection(1, 200, {});
await fleetSection(10, 300, { p50: 2, p99: 10 });
await fleetSection(50, 300, { p99: 25 });

await section("baseline: 10 receivers polling every 500 ms (CC_DM_WAKE=poll), same run", async () => {
  const home = await tempHome();
  const members = await startFleet({
    home,
    size: 10,
    prefix: "p",
    env: { CC_DM_WAKE: "poll", CC_DM_POLL_MS: "500" },
  });
  try {
    const out = latencyFigures("500 ms poll latency at 10", await measureLatency(home, members, 40, 500));
    await new Promise((r) => setTimeout(r, 2000));
    out.push(cpuFigure("500 ms poll", await idleCpuPercent(members, IDLE_SECONDS)));
    out.push(rssFigure("500 ms poll, from source", members));
    return out;
  } finally {
    await stopFleet(members);
    await home.cleanup();
  }
});

await section("bundled build (deno bundle): memory of 10 idle channel processes", async () => {
  const home = await tempHome();
  const bundle = join(home.home, "cc-dm.js");
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--output", bundle, new URL("../main.ts", import.meta.url).pathname],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!built.success) throw new Error(`deno bundle failed: ${new TextDecoder().decode(built.stderr)}`);
  const members = await startFleet({ home, size: 10, prefix: "b", entry: bundle });
  try {
    await new Promise((r) => setTimeout(r, 2000));
    return [
      rssFigure("event-driven, bundled", members, 60),
      ...latencyFigures("bundled latency at 10", await measureLatency(home, members, 100)),
    ];
  } finally {
    await stopFleet(members);
    await home.cleanup();
  }
});

await section("command line: one `cc-dm send` process, and throughput of one streaming sender", benchCli);

await section("hooks: one `cc-dm hook post-tool-use` process (added to every tool call)", benchHook);

await section(
  "status line: one `cc-dm statusline` process (Claude Code runs it on screen updates)",
  benchStatusLine,
);

await section(
  "install: launcher + bundle and the sh no-mail check (after) vs deno run main.ts (before), same run",
  benchInstall,
);

// Last: the slowest section (2–3 minutes), with a real Claude Code; BENCH_ROUTES=0 leaves it out.
let routesFailed = false;
if (Deno.env.get("BENCH_ROUTES") === "0") log(`== ${ROUTE_SECTION_TITLE}\n  skipped (BENCH_ROUTES=0)`);
else {
  await section(ROUTE_SECTION_TITLE, benchRoutes).catch((err) => {
    // The figures of the other sections still go out; the exit code says this one failed.
    log(`  failed: ${err instanceof Error ? err.message : err}`);
    routesFailed = true;
  });
}

printJson(figures);
if (routesFailed) Deno.exit(1);
