import {
  style,
  visibleWidth
} from "./chunk-25.js";
import {
  useColor
} from "./chunk-04.js";
import {
  projectTag
} from "./chunk-29.js";
import {
  ago,
  isoTime
} from "./chunk-34.js";
import {
  roster
} from "./chunk-35.js";
import {
  withBus
} from "./chunk-36.js";
import {
  parseThenRun
} from "./chunk-37.js";
import {
  EXIT,
  EXIT_CODES
} from "./chunk-05.js";
import {
  UsageError
} from "./chunk-07.js";

// cmd/who.ts
import { parseArgs } from "node:util";

// cmd/render_table.ts
function renderTable(header, rows, styleHeader = (h) => h) {
  const widths = header.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ""))));
  const line = (cells, styleCell = (c) => c) => cells.map((cell, i) => {
    const text = styleCell(cell);
    return i === cells.length - 1 ? text : text + " ".repeat(widths[i] - visibleWidth(cell));
  }).join("  ").trimEnd();
  return [
    line(header, styleHeader),
    ...rows.map((r) => line(r))
  ].join("\n") + "\n";
}

// cmd/who.ts
var usage = `cc-dm who: the sessions on the bus

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
function parseWho(argv, io) {
  const { values } = parseArgs({
    args: argv,
    options: {
      all: {
        type: "boolean",
        short: "a"
      },
      project: {
        type: "string"
      },
      json: {
        type: "boolean"
      },
      watch: {
        type: "boolean",
        short: "w"
      },
      help: {
        type: "boolean",
        short: "h"
      }
    },
    strict: true,
    allowPositionals: false
  });
  if (values.help) return null;
  if (values.watch && values.json) {
    throw new UsageError("--watch and --json do not go together", "cc-dm who --json");
  }
  return {
    includeOffline: !!values.all,
    project: projectTag(io, values.project),
    json: !!values.json,
    watch: !!values.watch
  };
}
var run = parseThenRun(usage, parseWho, runWho);
async function runWho(options, io, deps = {}) {
  const viewerProject = options.project || void 0;
  if (options.watch) {
    const { watchWho } = await import("./who_watch-66.js");
    return await watchWho(io, {
      includeOffline: options.includeOffline,
      viewerProject
    });
  }
  const entries = await withBus(io, {
    mustExist: true,
    ifMissing: () => Promise.resolve([])
  }, (bus) => roster(bus, {
    includeOffline: options.includeOffline,
    viewerProject
  }));
  if (options.json) {
    io.stdout(JSON.stringify({
      sessions: entries.map(entryJson),
      count: entries.length
    }) + "\n");
    return EXIT.ok;
  }
  if (entries.length === 0) {
    io.stderr(options.includeOffline ? "No sessions on the bus.\n" : "No live sessions. (cc-dm who --all shows offline ones that have mail waiting)\n");
    return EXIT.ok;
  }
  io.stdout(whoTable(entries, (deps.now ?? Date.now)(), io.env.HOME, useColor(io)));
  return EXIT.ok;
}
function entryJson(e) {
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
    health: e.health
  };
}
function whoTable(entries, now, home, color) {
  const s = style(color);
  const team = entries.some((e) => e.user !== null);
  const rows = entries.map((e) => [
    s.bold(e.name),
    ...team ? [
      e.user ?? "-",
      e.host ?? "-"
    ] : [],
    e.role || "-",
    e.project || "-",
    e.live ? s.green("live") : s.yellow("offline"),
    stateCell(e, now, s),
    deliveryCell(e, s) + (e.health ? s.yellow(" (degraded)") : ""),
    e.registered ? ago(e.lastSeen, now) : "never",
    e.queued ? s.yellow(String(e.queued)) : "0",
    shortPath(e.cwd, home) || "-",
    e.statusText === null ? "" : oneLine(e.statusText, DOING_WIDTH)
  ]);
  const table = renderTable([
    "NAME",
    ...team ? [
      "USER",
      "HOST"
    ] : [],
    "ROLE",
    "PROJECT",
    "STATUS",
    "STATE",
    "GETS",
    "LAST SEEN",
    "QUEUED",
    "CWD",
    "DOING"
  ], rows, s.dim);
  const notes = entries.filter((e) => e.health).map((e) => s.yellow(`${e.name}: ${e.health}`) + "\n");
  return table + notes.join("");
}
var DOING_WIDTH = 48;
function stateCell(e, now, s) {
  if (e.state === "offline") return "-";
  const since = e.stateSince === null ? "" : ` ${ago(e.stateSince, now).replace(" ago", "")}`;
  const text = `${e.state}${since}`;
  return e.state === "busy" ? s.cyan(text) : e.state === "waiting" ? s.yellow(text) : text;
}
function deliveryCell(e, s) {
  const label = e.registered ? e.delivery : null;
  if (label === null) return "-";
  return label === "events" || label === "socket" ? label : s.yellow(label);
}
function oneLine(text, width) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat : flat.slice(0, width - 1) + "\u2026";
}
function shortPath(path, home) {
  if (home && home !== "/" && (path === home || path.startsWith(home + "/"))) {
    return "~" + path.slice(home.length);
  }
  return path;
}

export {
  usage,
  parseWho,
  run,
  runWho,
  whoTable,
  oneLine
};
