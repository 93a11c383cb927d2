import { parseArgs } from "node:util";
import { roster, type RosterEntry } from "../lib/roster.ts";
import { withBus } from "./bus_access.ts";
import { projectTag } from "./cli_sender.ts";
import { EXIT, EXIT_CODES } from "./exit_codes.ts";
import { ago, isoTime } from "./format_time.ts";
import { type Io, useColor } from "./io.ts";
import { renderTable } from "./render_table.ts";
import { style } from "./style.ts";

export const usage = `cc-dm who: the sessions on the bus

Usage: cc-dm who [--all] [--project TAG] [--json]

Lists the live sessions: name, role, project, status, how it gets messages (events: pushed
into the conversation; inbox: Claude Code would not show events, so the session pulls them
with the inbox tool or hooks), when last seen, how many messages wait for it, and its
working directory. People and scripts waiting in \`cc-dm ask\` show up
with role cli.

Options:
  -a, --all          also offline sessions that still have mail waiting, and names mail
                     was queued for (send --queue) that have not started yet
  --project TAG      only the sessions this project reaches (env CC_DM_SESSION_PROJECT)
  --json             one JSON document (fields: docs/json.md)
  -h, --help         this help

Examples:
  cc-dm who
  cc-dm who --all
  cc-dm who --json | jq -r '.sessions[] | select(.status == "live") | .name'

${EXIT_CODES}
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      all: { type: "boolean", short: "a" },
      project: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const project = projectTag(io, values.project);
  const now = Date.now();
  const entries = await withBus(
    io,
    { mustExist: true },
    (bus) => roster(bus, { now, includeOffline: !!values.all, viewerProject: project || undefined }),
  );
  if (values.json) {
    io.stdout(JSON.stringify({ sessions: entries.map(entryJson), count: entries.length }) + "\n");
    return EXIT.ok;
  }
  if (entries.length === 0) {
    io.stderr(
      values.all
        ? "No sessions on the bus.\n"
        : "No live sessions. (cc-dm who --all shows offline ones that have mail waiting)\n",
    );
    return EXIT.ok;
  }
  io.stdout(whoTable(entries, now, io.env.HOME, useColor(io)));
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
    last_seen: e.registered ? isoTime(e.lastSeen) : null,
    queued: e.queued,
    oldest_queued: e.oldestQueued === null ? null : isoTime(e.oldestQueued),
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
  const rows = entries.map((e) => [
    s.bold(e.name),
    e.role || "-",
    e.project || "-",
    e.live ? s.green("live") : s.yellow("offline"),
    (e.delivery === null
      ? "-"
      : e.delivery === "events" || e.delivery === "socket"
      ? e.delivery
      : s.yellow(e.delivery)) +
    (e.health ? s.yellow(" (degraded)") : ""),
    e.registered ? ago(e.lastSeen, now) : "never",
    e.queued ? s.yellow(String(e.queued)) : "0",
    shortPath(e.cwd, home) || "-",
  ]);
  const table = renderTable(
    ["NAME", "ROLE", "PROJECT", "STATUS", "GETS", "LAST SEEN", "QUEUED", "CWD"],
    rows,
    s.dim,
  );
  const notes = entries.filter((e) => e.health).map((e) => s.yellow(`${e.name}: ${e.health}`) + "\n");
  return table + notes.join("");
}

function shortPath(path: string, home: string | undefined): string {
  if (home && home !== "/" && (path === home || path.startsWith(home + "/"))) {
    return "~" + path.slice(home.length);
  }
  return path;
}
