import { parseArgs } from "node:util";
import { UsageError } from "../lib/errors.ts";
import { roster, type RosterEntry } from "../lib/sessions/roster.ts";
import { withBus } from "./bus_access.ts";
import { projectTag } from "./cli_sender.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { parseThenRun } from "./parse_then_run.ts";
import { ago, isoTime } from "./format_time.ts";
import { type Io, useColor } from "./io.ts";
import { renderTable } from "./render_table.ts";
import { type Style, style } from "./style.ts";

export const usage = `cc-dm who: the sessions on the bus

Usage: cc-dm who [--all] [--project TAG] [--json | --watch]

Lists the live sessions: name, role, project, status, what it is doing (STATE: busy, a turn
is running; idle, waiting for its user; waiting, a permission dialog or question is open;
unknown without cc-dm's hooks, see cc-dm setup --hooks; with the time since it changed), how
it gets messages (events: pushed into the conversation; inbox: Claude Code would not show
events, so the session pulls them with the inbox tool or hooks), when last seen, how many
messages wait for it, its working directory, and the one-line status it set for itself
(DOING). People and scripts waiting in \`cc-dm ask\` show up with role cli.

Options:
  -a, --all          also offline sessions that still have mail waiting, and names mail
                     was queued for (send --queue) that have not started yet
  --project TAG      only the sessions this project reaches (env CC_DM_SESSION_PROJECT)
  --json             one JSON document (fields: docs/json.md)
  -w, --watch        keep watching: on a terminal the table redrawn every second, otherwise
                     one line per change (for a log); Ctrl-C stops
  -h, --help         this help

Examples:
  cc-dm who
  cc-dm who --all
  cc-dm who --watch
  cc-dm who --json | jq -r '.sessions[] | select(.status == "live") | .name'

${EXIT_CODES}
`;

/** `cc-dm who`'s command line, checked. */
export interface WhoOptions {
  /** --all: offline sessions with mail too. */
  includeOffline: boolean;
  /** --project (else CC_DM_SESSION_PROJECT); "" untagged: everyone. */
  project: string;
  json: boolean;
  watch: boolean;
}

/** What `who` takes from outside besides I/O (tests pass a fixed clock). */
export interface WhoDeps {
  now?: () => number;
}

/** Parse `cc-dm who` arguments (UsageError on bad ones); null for --help. */
export function parseWho(argv: string[], io: Pick<Io, "env">): WhoOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      all: { type: "boolean", short: "a" },
      project: { type: "string" },
      json: { type: "boolean" },
      watch: { type: "boolean", short: "w" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  if (values.watch && values.json) {
    throw new UsageError("--watch and --json do not go together", "cc-dm who --json");
  }
  return {
    includeOffline: !!values.all,
    project: projectTag(io, values.project),
    json: !!values.json,
    watch: !!values.watch,
  };
}

export const run = parseThenRun(usage, parseWho, runWho);

/** List the sessions `options` asks for, as a table or JSON. */
export async function runWho(options: WhoOptions, io: Io, deps: WhoDeps = {}): Promise<number> {
  const viewerProject = options.project || undefined;
  if (options.watch) {
    const { watchWho } = await import("./who_watch.ts");
    return await watchWho(io, { includeOffline: options.includeOffline, viewerProject });
  }
  const entries = await withBus(
    io,
    { mustExist: true, ifMissing: () => Promise.resolve([]) },
    (bus) => roster(bus, { includeOffline: options.includeOffline, viewerProject }),
  );
  if (options.json) {
    io.stdout(JSON.stringify({ sessions: entries.map(entryJson), count: entries.length }) + "\n");
    return EXIT.ok;
  }
  if (entries.length === 0) {
    io.stderr(
      options.includeOffline
        ? "No sessions on the bus.\n"
        : "No live sessions. (cc-dm who --all shows offline ones that have mail waiting)\n",
    );
    return EXIT.ok;
  }
  io.stdout(whoTable(entries, (deps.now ?? Date.now)(), io.env.HOME, useColor(io)));
  return EXIT.ok;
}

function entryJson(e: RosterEntry): Record<string, unknown> {
  return {
    name: e.name,
    role: e.role,
    project: e.project,
    kind: e.kind,
    status: e.live ? "live" : "offline",
    registered: e.registered,
    delivery: e.delivery,
    delivery_reason: e.deliveryReason || null,
    pid: e.pid,
    cwd: e.cwd,
    host: e.host,
    user: e.user,
    last_seen: e.registered ? isoTime(e.lastSeen) : null,
    queued: e.queued,
    oldest_queued: e.oldestQueued === null ? null : isoTime(e.oldestQueued),
    state: e.state,
    state_since: e.stateSince === null ? null : isoTime(e.stateSince),
    status_text: e.statusText,
    status_at: e.statusAt === null ? null : isoTime(e.statusAt),
    health: e.health,
  };
}

/** The aligned human table. */
export function whoTable(
  entries: RosterEntry[],
  now: number,
  home: string | undefined,
  color: boolean,
): string {
  const s = style(color);
  // A shared bus (PostgreSQL) has sessions of several machines and people: say whose and where.
  const team = entries.some((e) => e.user !== null);
  const rows = entries.map((e) => [
    s.bold(e.name),
    ...(team ? [e.user ?? "-", e.host ?? "-"] : []),
    e.role || "-",
    e.project || "-",
    e.live ? s.green("live") : s.yellow("offline"),
    stateCell(e, now, s),
    deliveryCell(e, s) + (e.health ? s.yellow(" (degraded)") : ""),
    e.registered ? ago(e.lastSeen, now) : "never",
    e.queued ? s.yellow(String(e.queued)) : "0",
    shortPath(e.cwd, home) || "-",
    e.statusText === null ? "" : oneLine(e.statusText, DOING_WIDTH),
  ]);
  const table = renderTable(
    [
      "NAME",
      ...(team ? ["USER", "HOST"] : []),
      "ROLE",
      "PROJECT",
      "STATUS",
      "STATE",
      "GETS",
      "LAST SEEN",
      "QUEUED",
      "CWD",
      "DOING",
    ],
    rows,
    s.dim,
  );
  const notes = entries.filter((e) => e.health).map((e) => s.yellow(`${e.name}: ${e.health}`) + "\n");
  return table + notes.join("");
}

/** The status text shown in the table (the JSON has all of it). */
const DOING_WIDTH = 48;

function stateCell(e: RosterEntry, now: number, s: Style): string {
  if (e.state === "offline") return "-";
  const since = e.stateSince === null ? "" : ` ${ago(e.stateSince, now).replace(" ago", "")}`;
  const text = `${e.state}${since}`;
  return e.state === "busy" ? s.cyan(text) : e.state === "waiting" ? s.yellow(text) : text;
}

function deliveryCell(e: RosterEntry, s: Style): string {
  const label = e.registered ? e.delivery : null;
  if (label === null) return "-";
  return label === "events" || label === "socket" ? label : s.yellow(label);
}

/** `text` on one line, cut to `width` characters with an ellipsis. */
export function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat : flat.slice(0, width - 1) + "…";
}

function shortPath(path: string, home: string | undefined): string {
  if (home && home !== "/" && (path === home || path.startsWith(home + "/"))) {
    return "~" + path.slice(home.length);
  }
  return path;
}
