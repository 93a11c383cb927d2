import { hostname } from "node:os";
import type { Check, Finding } from "./check.ts";
import type { DoctorContext } from "./context.ts";
import type { BusInspection, PathMode } from "./bus_inspect.ts";
import { isSessionAlive } from "../sessions/liveness.ts";
import type { QueuedMail, SessionRow } from "../bus/bus.ts";
import { failureOfText } from "../bus/sqlite/sqlite_errors.ts";
import { SCHEMA_VERSION } from "../bus/sqlite/schema.ts";
import { formatAge, formatBytes, listNames } from "./format.ts";

/** A bus this large means mail is piling up somewhere (retention keeps a healthy one small). */
const LARGE_BUS_BYTES = 100 * 1024 * 1024;
/** Mail waiting this long for a live session means its channel is not taking it. */
const STUCK_MAIL_MS = 60_000;

const FIX_HINT = "cc-dm doctor --fix";

/** Bus: the SQLite file, its privacy, health, sessions and waiting mail. */
export function busChecks(ctx: DoctorContext): Check[] {
  const bus = () => ctx.bus();
  const database = () => {
    const b = bus();
    return b.state === "present" ? b.database : null;
  };
  const current = () => {
    const db = database();
    return db?.kind === "ok" ? db : null;
  };
  return [
    { id: "bus.file", group: "bus", run: () => busFile(bus()) },
    { id: "bus.modes", group: "bus", run: () => modes(bus()) },
    {
      id: "bus.integrity",
      group: "bus",
      run: () => {
        const b = bus();
        return b.state === "present" ? integrity(b.file, b.database) : null;
      },
    },
    {
      id: "bus.journal",
      group: "bus",
      run: () => {
        const db = current();
        if (!db) return null;
        return db.journalMode === "wal" ? { status: "ok", message: "journal_mode wal" } : {
          status: "warn",
          message: `journal_mode is ${db.journalMode}, not wal: sessions may block each other`,
          hint: "Any cc-dm process switches it back to WAL when it opens the bus (e.g. `cc-dm who`).",
        };
      },
    },
    {
      id: "bus.schema",
      group: "bus",
      run: () => {
        const db = current();
        return db ? schema(db.userVersion) : null;
      },
    },
    {
      id: "bus.size",
      group: "bus",
      run: () => {
        const b = bus();
        if (b.state !== "present") return null;
        const messages = current()?.contents?.messages;
        const total = b.sizeBytes + b.walBytes;
        const text = `${formatBytes(b.sizeBytes)} (WAL ${formatBytes(b.walBytes)})` +
          (messages !== undefined ? `, ${messages} message${messages === 1 ? "" : "s"} stored` : "");
        return total > LARGE_BUS_BYTES
          ? {
            status: "warn",
            message: `${text}: larger than ${formatBytes(LARGE_BUS_BYTES)}`,
            hint: "Delivered mail is pruned automatically; `cc-dm who` shows sessions with mail piling up.",
          }
          : { status: "ok", message: text };
      },
    },
    {
      id: "bus.sessions",
      group: "bus",
      run: () => {
        const contents = current()?.contents;
        return contents ? sessions(contents.sessions, ctx.now) : null;
      },
    },
    {
      id: "bus.delivery",
      group: "bus",
      run: () => {
        const contents = current()?.contents;
        return contents ? deliveryHealth(contents.sessions, ctx.now) : null;
      },
    },
    {
      id: "bus.queue",
      group: "bus",
      run: () => {
        const contents = current()?.contents;
        return contents ? queue(contents, ctx.now) : null;
      },
    },
  ];
}

function busFile(bus: BusInspection): Finding {
  switch (bus.state) {
    case "other_engine":
      // The URL is not shown: a database URL may carry a password.
      return {
        status: "fail",
        message: "CC_DM_BUS_URL is set, but this cc-dm has only the SQLite engine",
        hint: "Unset CC_DM_BUS_URL to use the local bus in CC_DM_HOME (default ~/.cc-dm).",
      };
    case "absent":
      return {
        status: "warn",
        message: `no bus yet at ${bus.file}: no session has registered and nothing was sent`,
        hint:
          "Start a Claude Code session with cc-dm registered, or `cc-dm send`; the bus is created on first use.",
      };
    case "present":
      return { status: "ok", message: bus.file };
  }
}

function octal(mode: number): string {
  return mode.toString(8).padStart(3, "0");
}

function modes(bus: BusInspection): Finding | null {
  if (bus.state === "other_engine") return null;
  const paths: PathMode[] = bus.state === "present" ? bus.modes : [];
  if (bus.state === "absent") {
    if (!bus.dirExists) return null;
    try {
      const info = Deno.statSync(bus.dir);
      paths.push({ path: bus.dir, kind: "dir", mode: (info.mode ?? 0) & 0o777, uid: info.uid });
    } catch {
      return null;
    }
  }
  if (Deno.build.os === "windows") return { status: "ok", message: "modes not checked on Windows" };
  const uid = Deno.uid();
  const foreign = paths.filter((p) => p.uid !== null && uid !== null && p.uid !== uid);
  if (foreign.length > 0) {
    return {
      status: "warn",
      message: `${foreign.map((p) => p.path).join(", ")} belong${foreign.length === 1 ? "s" : ""} to uid ${
        foreign[0].uid
      }, not to you (uid ${uid})`,
      hint: `chown -R $(id -u) ${paths[0].path}`,
    };
  }
  const loose = paths.filter((p) => (p.mode & 0o077) !== 0);
  const shown = (list: PathMode[]) => list.map((p) => `${p.path} ${octal(p.mode)}`).join(", ");
  if (loose.length === 0) {
    return { status: "ok", message: "private: directory 700, files 600" };
  }
  // Others can read mail when they can enter the directory and read a file in it.
  const dir = paths.find((p) => p.kind === "dir");
  const enter = dir ? dir.mode & 0o011 : 0o011;
  const readable = paths.some((p) => p.kind === "file" && (((p.mode & 0o044) >> 2) & enter) !== 0);
  return {
    status: readable ? "fail" : "warn",
    message: readable
      ? `other users can read the bus: ${shown(loose)} (want directory 700, files 600)`
      : `looser than directory 700, files 600: ${shown(loose)}`,
    hint: FIX_HINT,
  };
}

function integrity(
  file: string,
  database: Extract<BusInspection, { state: "present" }>["database"],
): Finding {
  switch (database.kind) {
    case "unreadable":
      return unreadable(file, database.reason);
    case "legacy":
      return {
        status: "warn",
        message: `${file} is a cc-dm 1.x bus: the next cc-dm 2 process moves it aside and starts a new one`,
        hint: "Run `cc-dm who` (or start a session); 1.x mail expired after 15 s, so nothing is lost.",
      };
    case "ok":
      return database.quickCheck[0] === "ok" ? { status: "ok", message: "quick_check ok" } : {
        status: "fail",
        message: `quick_check found damage: ${database.quickCheck.slice(0, 2).join("; ")}`,
        hint: rescueHint(file),
      };
  }
}

/**
 * A bus doctor could not read, told apart by cause: each has its own safe step, and none of
 * them loses mail. A full disk, a held lock or an I/O error leaves a healthy bus behind;
 * moving bus.db away from its -wal would throw away everything not yet checkpointed.
 */
function unreadable(file: string, reason: string): Finding {
  const size = (path: string) => {
    try {
      return Deno.lstatSync(path).size;
    } catch {
      return -1;
    }
  };
  const failure = failureOfText(reason);
  // Missing, or the empty one doctor's own open just created, while the -shm is in use.
  if (failure === "io" && size(`${file}-wal`) <= 0 && size(`${file}-shm`) > 0) {
    return {
      status: "fail",
      message:
        `${file}-wal is missing while ${file}-shm says the bus is in use (deleted under running sessions?)`,
      hint:
        "Do not delete or move anything: the newest mail is in the -wal the running sessions still hold open. End those sessions normally (quit Claude Code); the last one writes it back into bus.db. Then run doctor again.",
    };
  }
  switch (failure) {
    case "locked":
      return {
        status: "warn",
        message: `${file} is locked by another process right now (${reason})`,
        hint: "Run doctor again in a moment; a lock held for long is a stuck process (`fuser " + file +
          "` shows it). Do not move or delete the bus: it is not damaged.",
      };
    case "full":
      return {
        status: "fail",
        message: `the disk that holds ${file} is full (${reason})`,
        hint:
          "Free space on that disk; the bus and its queued mail are intact. Do not move or delete bus.db or bus.db-wal.",
      };
    case "io":
      return {
        status: "fail",
        message: `I/O error reading ${file} (${reason})`,
        hint:
          `Check the disk (dmesg). Before anything else copy the three files together: \`cp -p ${file} ${file}-wal ${file}-shm /somewhere/safe/\`. Do not delete bus.db-wal: it holds the newest mail.`,
      };
    case "corrupt":
      return {
        status: "fail",
        message: `${file} is damaged: ${reason}`,
        hint: rescueHint(file),
      };
    default:
      return {
        status: "fail",
        message: `${file} cannot be read: ${reason}`,
        hint: "Check owner and mode of the cc-dm directory and its files; nothing needs moving.",
      };
  }
}

function rescueHint(file: string): string {
  return `Keep everything: copy bus.db with its -wal and -shm (\`cp -p ${file} ${file}-wal ${file}-shm /somewhere/safe/\`), rescue the mail from the copy (\`sqlite3 /somewhere/safe/bus.db .recover > mail.sql\`), then stop the sessions and move all three aside together; cc-dm creates a new bus on next use.`;
}

function schema(version: number): Finding {
  if (version === SCHEMA_VERSION) return { status: "ok", message: `schema version ${version} (current)` };
  if (version < SCHEMA_VERSION) {
    return {
      status: "warn",
      message: `schema version ${version}, current is ${SCHEMA_VERSION}: upgraded when a cc-dm opens it next`,
      hint: "Run `cc-dm who` to upgrade it now.",
    };
  }
  return {
    status: "fail",
    message: `schema version ${version} is newer than this cc-dm understands (${SCHEMA_VERSION})`,
    hint: "A newer cc-dm wrote the bus: upgrade this one (and run `cc-dm setup` with it).",
  };
}

function sessions(rows: SessionRow[], now: number): Finding {
  const here = hostname();
  const held = rows.filter((r) => r.instance !== null);
  const live = held.filter((r) => isSessionAlive(r, now, here));
  const gone = held.filter((r) => !isSessionAlive(r, now, here));
  const offline = rows.length - held.length;
  const liveText = `${live.length} live session${live.length === 1 ? "" : "s"}${
    live.length ? ` (${listNames(live.map((r) => r.name))})` : ""
  }`;
  const offlineText = offline ? `, ${offline} offline` : "";
  if (gone.length > 0) {
    return {
      status: "warn",
      message: `${liveText}${offlineText}; ${gone.length} row${gone.length === 1 ? "" : "s"} of sessions ` +
        `whose process is gone (${listNames(gone.map((r) => r.name))})`,
      hint: FIX_HINT,
    };
  }
  return { status: "ok", message: `${liveText}${offlineText}` };
}

/** Live channels that say their delivery is degraded (retrying after errors, or polling). */
function deliveryHealth(rows: SessionRow[], now: number): Finding {
  const here = hostname();
  const degraded = rows.filter((r) => r.instance !== null && r.health && isSessionAlive(r, now, here));
  if (degraded.length === 0) return { status: "ok", message: "every live channel delivers normally" };
  return {
    status: "warn",
    message: degraded.map((r) => `${r.name}: ${r.health}`).join("; "),
    hint:
      "The channel keeps running and retries by itself; mail still arrives (by polling when wake-ups fail). Fix the cause named above.",
  };
}

function queue(
  contents: { sessions: SessionRow[]; queued: QueuedMail[] },
  now: number,
): Finding {
  if (contents.queued.length === 0) return { status: "ok", message: "no messages waiting" };
  const here = hostname();
  // Only a channel takes all of its mail; `ask` (kind cli) waits for its reply and leaves the rest.
  const liveNames = new Set(
    contents.sessions.filter((r) =>
      r.kind === "claude" && r.instance !== null && isSessionAlive(r, now, here)
    )
      .map((r) => r.name),
  );
  const total = contents.queued.reduce((n, q) => n + q.count, 0);
  const oldest = contents.queued.reduce((a, b) => (b.oldest < a.oldest ? b : a));
  const summary = `${total} message${total === 1 ? "" : "s"} waiting for ${
    listNames(contents.queued.map((q) => `${q.recipient} (${q.count})`))
  }; oldest ${formatAge(now - oldest.oldest)} old, for ${oldest.recipient}`;
  const stuck = contents.queued.filter((q) => liveNames.has(q.recipient) && now - q.oldest > STUCK_MAIL_MS);
  if (stuck.length > 0) {
    return {
      status: "warn",
      message: `${summary}; live session${stuck.length === 1 ? "" : "s"} ${
        listNames(stuck.map((q) => q.recipient))
      } not taking mail`,
      hint:
        "Restart that Claude Code session (its cc-dm channel may have stopped), or ask it to check its inbox.",
    };
  }
  return { status: "ok", message: `${summary} (offline: delivered when they return)` };
}
