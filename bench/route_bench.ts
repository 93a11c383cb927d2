// The delivery routes measured with a real Claude Code (the pinned version, offline against the
// mock Messages API), one interactive session per route in tmux, side by side in one run:
// - the time from the start of `cc-dm send` to the message in the mock API's next conversation
//   request, idle and busy (a `sleep 2` Bash tool running), for socket (no flag), events (dev
//   channel flag) and hooks (`setup --hooks`, inbox socket refused);
// - the time from the channel's write (socket frame / event) to the transcript receipt, as the
//   channel logs it on stderr with CC_DM_DEBUG_RECEIPTS=1 (kept in a file: keepChannelStderr);
// - the memory of cc-dm's processes per idle session (the channel, plus the waiting hook).
// Run alone: `deno run -A bench/route_bench.ts`; `deno task bench` runs it as its last section.
import { join } from "node:path";
import { openBus } from "../lib/bus/open_bus.ts";
import { selfCommand } from "../lib/self_command.ts";
import {
  type ClaudeHome,
  ensureTmux,
  runCli,
  SERVER,
  sleep,
  startInteractiveChannel,
  type TmuxClaude,
  World,
} from "../tests/e2e/claude_harness.ts";
import {
  hasNewToolResult,
  isConversation,
  type MessagesRequest,
  type MockAnthropic,
  toolResults,
} from "../tests/e2e/mock_anthropic.ts";
import { CLAUDE_CODE_VERSION, ensureClaudeCode } from "../tests/helpers/claude_code_install.ts";
import { type Figure, latencyFigures } from "./channel_bench.ts";
import { figureLine, log, printJson } from "./figure_table.ts";

type Route = "socket" | "events" | "hooks";
const ROUTES: Route[] = ["socket", "events", "hooks"];

const IDLE_SAMPLES = Number(Deno.env.get("BENCH_ROUTE_SAMPLES") ?? 20);
const BUSY_SAMPLES = Number(Deno.env.get("BENCH_ROUTE_BUSY_SAMPLES") ?? 5);
/** The whole section gives up after this long (it takes about 2–3 minutes). */
const SECTION_TIMEOUT_MS = 6 * 60_000;
/** A message whose text holds this makes the mock answer with a slow Bash tool call. */
const SLOW = "route-bench: run the slow command";
const TOOL_SECONDS = 2;
/** Claude Code is stopped by its `timeout` wrapper after this long whatever happens. */
const CLAUDE_TIMEOUT_SEC = 420;
const RECEIPT_LINE = /cc-dm channel: (\w+) receipt after (\d+) ms/;

/** What one push was, in send order: its receipt line (if any) is matched by position. */
type Push = "warm" | "idle" | "trigger" | "busy";

/** One route's Claude Code session and what was measured on it. */
interface RouteRun {
  route: Route;
  name: string;
  home: ClaudeHome;
  session: TmuxClaude;
  mock: MockAnthropic;
  /** performance.now() at which the mock received request i. */
  arrivals: number[];
  /** Date.now() at which the mock received request i (to compare with the tool's `date`). */
  wallArrivals: number[];
  pushes: Push[];
  idle: number[];
  busy: number[];
  /** Busy sends: ms from the end of the running tool to the request that brought the message. */
  afterTool: number[];
  /** Busy sends that reached the model as a new turn (the tool had already ended): not counted. */
  busyMissed: number;
}

const now = () => performance.now();

/** The route section: figures, or none (with a line saying why) when Claude Code is not available. */
export async function benchRoutes(): Promise<Figure[]> {
  try {
    await ensureClaudeCode();
    await ensureTmux();
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    log(`  skipped: no real Claude Code ${CLAUDE_CODE_VERSION} to measure with (${why})`);
    return [];
  }
  const world = await World.create();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`route bench still running after ${SECTION_TIMEOUT_MS / 1000} s`)),
      SECTION_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([measure(world), deadline]);
  } finally {
    clearTimeout(timer);
    await world.cleanup();
  }
}

async function measure(world: World): Promise<Figure[]> {
  const runs = await Promise.all(ROUTES.map((route) => startRoute(world, route)));
  for (const run of runs) await send(world, run, "warm"); // the first turn of a session is cold
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    for (const run of runs) run.idle.push((await send(world, run, "idle"))!); // null only when busy
  }
  const memory = runs.map((run) => memoryFigures(run));
  for (let i = 0; i < BUSY_SAMPLES; i++) {
    for (const run of runs) {
      await send(world, run, "trigger");
      await sleep(200); // the Bash tool has started
      const ms = await send(world, run, "busy");
      if (ms === null) run.busyMissed++;
      else run.busy.push(ms);
    }
  }

  const figures: Figure[] = [];
  for (const run of runs) {
    figures.push(...latencyFigures(`${run.route} send -> model request, idle`, sorted(run.idle)));
  }
  for (const run of runs) {
    if (run.busy.length) {
      const label = `${run.route} send -> model request, busy (${TOOL_SECONDS} s tool)`;
      figures.push(...latencyFigures(label, sorted(run.busy)));
    }
  }
  for (const run of runs) {
    if (run.afterTool.length) {
      figures.push(...latencyFigures(`${run.route} busy: tool end -> model request`, sorted(run.afterTool)));
    }
    if (run.busyMissed) {
      log(`  note: ${run.route}: ${run.busyMissed} busy send(s) arrived after the tool ended, not counted`);
    }
  }
  for (const run of runs) {
    if (run.route === "hooks") continue; // nothing is pushed: no receipt to wait for
    const receipts = await receiptTimes(run);
    if (!receipts) continue;
    figures.push(...latencyFigures(`${run.route} write -> transcript, idle`, sorted(receipts.idle)));
    if (receipts.busy.length) {
      figures.push(...latencyFigures(`${run.route} write -> transcript, busy`, sorted(receipts.busy)));
    }
  }
  figures.push(...memory.flat());
  return figures;
}

/** A seeded HOME set up for `route`, its interactive session started and on that route. */
async function startRoute(world: World, route: Route): Promise<RouteRun> {
  const arrivals: number[] = [];
  const wallArrivals: number[] = [];
  const mock = world.mock({
    fallback: "OK.",
    respond: (request, index) => {
      arrivals[index] = now();
      wallArrivals[index] = Date.now();
      if (!isConversation(request)) return undefined;
      if (addedText(request).includes(SLOW) && !hasNewToolResult(request)) {
        return [{
          type: "tool_use",
          name: "Bash",
          // Prints when the tool ended (epoch ms): the next request says how long after that it came.
          input: { command: `sleep ${TOOL_SECONDS}; date +%s%3N`, description: "slow" },
        }];
      }
      return "OK.";
    },
  });
  const name = `rb-${route}`;
  const home = await world.home(name, mock);
  Object.assign(home.env, {
    CC_DM_HOME: world.ccDmHome,
    CC_DM_SESSION_NAME: name,
    CC_DM_DEBUG_RECEIPTS: "1",
  });
  await setup(world, home, route === "hooks");
  if (route !== "hooks") await keepChannelStderr(home);
  await home.updateSettings({ permissions: { allow: ["Bash"] } });
  if (route === "hooks") await home.refuseInboxSocket();

  let session: TmuxClaude;
  if (route === "events") session = await startInteractiveChannel(home, name, [], CLAUDE_TIMEOUT_SEC);
  else {
    session = await home.startInteractive([], CLAUDE_TIMEOUT_SEC);
    await home.explainFailure(async () => {
      await world.waitForLive(name, 60_000);
      await session.waitForScreen(/❯/, 60_000);
    }, () => session.screen());
  }
  const bus = await openBus({ CC_DM_HOME: world.ccDmHome });
  try {
    const row = await bus.session(name);
    if (row?.delivery !== route) {
      throw new Error(`route bench: session ${name} delivers by ${row?.delivery} (${row?.deliveryReason})`);
    }
  } finally {
    await bus.close();
  }
  const run: RouteRun = {
    route,
    name,
    home,
    session,
    mock,
    arrivals,
    wallArrivals,
    pushes: [],
    idle: [],
    busy: [],
    afterTool: [],
    busyMissed: 0,
  };
  await settled(run);
  return run;
}

/** `cc-dm setup` (with `--hooks`) as the user of `home` runs it. */
async function setup(world: World, home: ClaudeHome, hooks: boolean): Promise<void> {
  const self = selfCommand();
  const out = await new Deno.Command("timeout", {
    args: [
      "-k",
      "2",
      "60",
      self.command,
      ...self.args,
      "setup",
      ...(hooks ? ["--hooks"] : []),
      "--claude",
      world.claudeBin,
    ],
    cwd: home.project,
    env: home.env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `cc-dm setup failed (exit ${out.code}): ${new TextDecoder().decode(out.stdout)}${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
}

/** Where the channel of `home` writes its stderr (see keepChannelStderr). */
function channelStderrPath(home: ClaudeHome): string {
  return join(home.home, "channel.stderr");
}

/**
 * Make the entry `cc-dm setup` wrote start the channel with its stderr appended to a file: Claude
 * Code (2.1.330) copies a stdio server's stderr into its debug log only until the server is
 * connected, then stops reading it, so the receipt lines would be lost. `sh -c 'exec ...'`
 * replaces itself with the same command, so the process, its environment and its command line
 * (which the channel matches against the entry) stay as they were.
 */
async function keepChannelStderr(home: ClaudeHome): Promise<void> {
  await home.updateClaudeJson((config) => {
    const servers = config.mcpServers as Record<string, { command: string; args: string[] }>;
    const entry = servers[SERVER];
    if (!entry) throw new Error(`route bench: cc-dm setup wrote no "${SERVER}" entry in ~/.claude.json`);
    entry.args = ["-c", `exec "$0" "$@" 2>>'${channelStderrPath(home)}'`, entry.command, ...entry.args];
    entry.command = "sh";
  });
}

/**
 * Run `cc-dm send` to the route's session and wait for the message in the mock's requests; ms
 * from the start of the send to the request. For a busy send, null when it did not come with
 * the tool's result (the tool had ended: it measured an idle delivery). Then waits until the
 * session is idle again.
 */
async function send(world: World, run: RouteRun, kind: Push): Promise<number | null> {
  const token = `rb-${crypto.randomUUID().slice(0, 8)}`;
  const text = kind === "trigger" ? `${token} ${SLOW}` : `${token} ${kind} message for ${run.route}`;
  const started = now();
  const sending = runCli(world, ["send", run.name, text, "--json"]);
  let index = -1;
  await run.home.explainFailure(async () => {
    await run.mock.waitForRequest(
      (r, i) => isConversation(r) && allText(r).includes(token) && (index = i) >= 0,
      30_000,
      `request with ${token} (${run.route}, ${kind})`,
    );
  }, async () => `${await run.session.screen()}\n${run.mock.describe()}`);
  const sent = await sending;
  if (sent.code !== 0) throw new Error(`cc-dm send exited ${sent.code}: ${sent.stderr}`);
  run.pushes.push(kind);
  const ms = run.arrivals[index] - started;
  if (kind === "trigger") return ms; // the tool runs now: do not wait for the turn to end
  await settled(run);
  if (kind === "busy") {
    const request = run.mock.requests[index];
    if (!hasNewToolResult(request)) return null;
    // The newest tool result is the last one (the request repeats the whole conversation).
    const ended = toolResults(request).map((r) => /(\d{13})\s*$/.exec(r.text)?.[1]).filter((t) => t).at(-1);
    if (ended) run.afterTool.push(run.wallArrivals[index] - Number(ended));
  }
  return ms;
}

/**
 * Wait until the session is idle again (Claude Code's sessions file says so) and, on the hooks
 * route, its waiting hook runs again; then a moment for the waiter to watch the bus.
 */
async function settled(run: RouteRun): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const claude = claudeSession(run.home);
    const waiting = run.route !== "hooks" ||
      (claude !== null && ccDmProcesses(claude.pid).some((p) => p.args.includes("hook")));
    if (claude?.status === "idle" && waiting) break;
    if (Date.now() > deadline) {
      throw new Error(
        `route bench: ${run.route} session not idle${waiting ? "" : " (no waiting hook)"} within 30 s`,
      );
    }
    await sleep(50);
  }
  await sleep(run.route === "hooks" ? 800 : 300);
}

/** The Claude Code process of `home` and its status, from `~/.claude/sessions/<pid>.json`. */
function claudeSession(home: ClaudeHome): { pid: number; status: string | null } | null {
  const dir = join(home.home, ".claude", "sessions");
  try {
    for (const entry of Deno.readDirSync(dir)) {
      const match = /^(\d+)\.json$/.exec(entry.name);
      if (!match) continue;
      const info = JSON.parse(Deno.readTextFileSync(join(dir, entry.name)));
      return { pid: Number(match[1]), status: typeof info.status === "string" ? info.status : null };
    }
  } catch {
    // Not written yet, or caught mid-write.
  }
  return null;
}

/** Processes below `root` (any depth) that run cc-dm's main.ts, with their arguments. */
function ccDmProcesses(root: number): { pid: number; args: string[] }[] {
  const children = new Map<number, number[]>();
  for (const entry of Deno.readDirSync("/proc")) {
    const pid = Number(entry.name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // Exited meanwhile.
    }
  }
  const found: { pid: number; args: string[] }[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    queue.push(...(children.get(pid) ?? []));
    try {
      const args = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0");
      if (args.some((a) => a === "main.ts" || a.endsWith("/main.ts"))) found.push({ pid, args });
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

/** RSS and PSS (MiB) summed over cc-dm's processes of one idle session, and how many there are. */
function memoryFigures(run: RouteRun): Figure[] {
  const claude = claudeSession(run.home);
  if (!claude) throw new Error(`route bench: no sessions file for the ${run.route} session`);
  const processes = ccDmProcesses(claude.pid);
  const kb = (file: string, field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(Deno.readTextFileSync(file))?.[1] ?? NaN);
  const rss = processes.reduce((sum, p) => sum + kb(`/proc/${p.pid}/status`, "VmRSS"), 0);
  const pss = processes.reduce((sum, p) => sum + kb(`/proc/${p.pid}/smaps_rollup`, "Pss"), 0);
  const what = run.route === "hooks" ? "channel + hook" : "channel";
  return [
    { name: `${run.route} idle: cc-dm processes (${what})`, value: processes.length, unit: "processes" },
    { name: `${run.route} idle: cc-dm RSS (sum)`, value: rss / 1024, unit: "MiB" },
    { name: `${run.route} idle: cc-dm PSS (sum)`, value: pss / 1024, unit: "MiB" },
  ];
}

/**
 * The channel's receipt times from its stderr, matched to the pushes by position (one push is
 * outstanding at a time, so they come in send order); null when they do not match.
 */
async function receiptTimes(run: RouteRun): Promise<{ idle: number[]; busy: number[] } | null> {
  const text = await Deno.readTextFile(channelStderrPath(run.home)).catch(() => "");
  const lines = text.split("\n").map((l) => RECEIPT_LINE.exec(l)).filter((m) => m !== null);
  if (lines.length !== run.pushes.length || lines.some((m) => m[1] !== run.route)) {
    log(
      `  note: ${run.route}: ${lines.length} receipt line(s) on the channel's stderr for ${run.pushes.length} pushes; receipt figures left out`,
    );
    return null;
  }
  const idle: number[] = [];
  const busy: number[] = [];
  run.pushes.forEach((kind, i) => {
    const ms = Number(lines[i][2]);
    if (kind === "idle") idle.push(ms);
    if (kind === "busy") busy.push(ms);
  });
  return { idle, busy };
}

/** Every string in a request's messages, flattened (text blocks, tool results, reminders). */
function allText(request: MessagesRequest): string {
  return flatten(request.messages);
}

/** Text of the messages after the last assistant message: what this request adds. */
function addedText(request: MessagesRequest): string {
  const last = request.messages.findLastIndex((m) => m.role === "assistant");
  return flatten(request.messages.slice(last + 1));
}

function flatten(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return out.join("\n");
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The section's title, as `deno task bench` prints it. */
export const ROUTE_SECTION_TITLE =
  `delivery routes, real Claude Code ${CLAUDE_CODE_VERSION} (interactive, mock API): socket vs events vs hooks`;

if (import.meta.main) {
  log(`== ${ROUTE_SECTION_TITLE}`);
  const started = now();
  const figures = await benchRoutes();
  for (const f of figures) log(figureLine(f));
  log(`  (${((now() - started) / 1000).toFixed(1)} s)`);
  printJson(figures);
}
