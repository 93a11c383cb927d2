// Team-mode figures: the PostgreSQL bus beside the SQLite one, in the same run and with the same
// channel code and tools. The server runs in network namespace A (tests/helpers/netns.ts);
// "loopback" sessions run in A too (they reach the server without a link), "link" sessions on
// machine B, across a veth pair. Latency is dm tool call -> event on the receiver's stdout, at 10
// and 50 live sessions; plus one `cc-dm send` process's wall time, throughput with 10 senders and
// the server connections each session holds. Needs root (ip netns) and PostgreSQL; without them
// the section says so and gives no figures. Run alone: `deno run -A bench/postgres_bench.ts`.
import { MAIN_TS, type TempHome, tempHome } from "../tests/helpers/temp_home.ts";
import { netnsUnavailable } from "../tests/helpers/netns.ts";
import { startTeamLab, type TeamLab } from "../tests/helpers/team_lab.ts";
import { cliArgs } from "../tests/cli_run.ts";
import {
  type Figure,
  latencyFigures,
  measureLatency,
  measureThroughput,
  startFleet,
  stopFleet,
} from "./channel_bench.ts";
import { median } from "./process_stats.ts";
import { RawPeer } from "./raw_peer.ts";
import { figureLine, log, printJson } from "./figure_table.ts";

export const POSTGRES_SECTION_TITLE =
  "team mode: PostgreSQL bus (loopback, and across a netns link) beside SQLite, same run";

const SIZES = [10, 50];
const MEMBER = "bench";
const SEND_RUNS = 10;

type Where = "sqlite" | "pg loopback" | "pg link";

interface Place {
  where: Where;
  home: TempHome;
  launch?: string[];
}

/** A TempHome-shaped view of machine `id`'s home in the lab, as member `MEMBER`. */
function labHome(team: TeamLab, id: string): TempHome {
  const env = team.env(id, MEMBER);
  return { home: env.HOME, ccDmHome: env.CC_DM_HOME, env, cleanup: () => Promise.resolve() };
}

/** Wall time of `cc-dm send` to a live session, spawn to exit (median of SEND_RUNS), in ms. */
async function sendWallTime(place: Place, to: RawPeer): Promise<number> {
  const times: number[] = [];
  const before = to.events.length;
  for (let i = 0; i < SEND_RUNS + 2; i++) {
    const launch = place.launch ?? [];
    const started = performance.now();
    const out = await new Deno.Command(launch[0] ?? Deno.execPath(), {
      args: [
        ...launch.slice(1),
        ...(launch.length ? [Deno.execPath()] : []),
        ...cliArgs(["send", to.name, `cli ${i}`]),
      ],
      env: { ...place.home.env, USER: MEMBER },
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const elapsed = performance.now() - started;
    if (!out.success) throw new Error(`cc-dm send failed: ${new TextDecoder().decode(out.stderr)}`);
    if (i >= 2) times.push(elapsed);
  }
  await to.waitForEvents(before + SEND_RUNS + 2, 20_000);
  return median(times);
}

async function measurePlace(place: Place, team: TeamLab | null): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const size of SIZES) {
    const prefix = `${place.where.replace(/\W/g, "")}${size}-`;
    const { members, sender } = await startFleet({
      home: place.home,
      size,
      prefix,
      entry: MAIN_TS,
      launch: place.launch,
    });
    try {
      const target = place.where === "pg link" && size === 10 ? { p99: 15 } : undefined;
      out.push(
        ...latencyFigures(
          `${place.where}: latency at ${size}`,
          await measureLatency(sender, members, size === 10 ? 300 : 200),
          target,
        ),
      );
      if (size !== 10) continue;
      if (team && place.where !== "sqlite") {
        // Connections the server holds for these 11 live channels (its own backends aside).
        const count = Number(
          await team.pg.sql(
            `select count(*) from pg_stat_activity where usename = '${MEMBER}' and backend_type = 'client backend'`,
            "team",
          ),
        );
        out.push({
          name: `${place.where}: server connections per live channel`,
          value: count / (size + 1),
          unit: "conn",
        });
      }
      out.push({
        name: `${place.where}: cc-dm send wall time (median of ${SEND_RUNS})`,
        value: await sendWallTime(place, members[0]),
        unit: "ms",
      });
      const more = await Promise.all(
        Array.from(
          { length: 9 },
          (_, i) =>
            RawPeer.start({
              env: place.home.env,
              name: `${prefix}s${i}`,
              entry: MAIN_TS,
              prefix: place.launch,
            }),
        ),
      );
      try {
        const ten = await measureThroughput([sender, ...more], members, 300);
        out.push({ name: `${place.where}: throughput, 10 senders`, value: ten.rate, unit: "msg/s" });
        out.push(...latencyFigures(`${place.where}: latency under 10 senders' load`, ten.latencies));
      } finally {
        await stopFleet(more);
      }
    } finally {
      await stopFleet([...members, sender]);
    }
  }
  return out;
}

/** The section's figures (none, with a line saying why, when namespaces or PostgreSQL are missing). */
export async function benchPostgres(): Promise<Figure[]> {
  const why = await netnsUnavailable();
  if (why) {
    log(`  skipped: ${why}`);
    return [];
  }
  let team: TeamLab;
  try {
    team = await startTeamLab({ machines: ["b"], members: [MEMBER], durable: true });
  } catch (err) {
    log(
      `  skipped: no PostgreSQL lab (${(err instanceof Error ? err.message : String(err)).split("\n")[0]})`,
    );
    return [];
  }
  const sqlite = await tempHome();
  try {
    const figures: Figure[] = [];
    const places: Place[] = [
      { where: "sqlite", home: sqlite },
      { where: "pg loopback", home: labHome(team, "a"), launch: team.machine("a").prefix },
      { where: "pg link", home: labHome(team, "b"), launch: team.machine("b").prefix },
    ];
    for (const place of places) figures.push(...await measurePlace(place, team));
    return figures;
  } finally {
    await sqlite.cleanup();
    await team.cleanup();
  }
}

if (import.meta.main) {
  log(`== ${POSTGRES_SECTION_TITLE}`);
  const figures = await benchPostgres();
  for (const f of figures) log(figureLine(f));
  printJson(figures);
}
