import {
  CLI_PREFIX
} from "./chunk-38.js";
import {
  reaches
} from "./chunk-39.js";

// lib/sessions/roster.ts
function shownState(row, live) {
  if (!live) return {
    state: "offline",
    since: row.lastSeen || null
  };
  return row.state === null ? {
    state: "unknown",
    since: null
  } : {
    state: row.state,
    since: row.stateSince
  };
}
async function roster(bus, options) {
  const [sessions, mail] = await Promise.all([
    bus.sessions(),
    bus.queuedMail()
  ]);
  const queued = new Map(mail.map((m) => [
    m.recipient,
    m
  ]));
  const entries = [];
  const viewer = {
    project: options.viewerProject ?? ""
  };
  for (const s of sessions) {
    if (!reaches(viewer, s)) continue;
    const live = s.online;
    const waiting = queued.get(s.name);
    if (!live && !(options.includeOffline && waiting)) continue;
    entries.push({
      name: s.name,
      role: s.role,
      project: s.project,
      kind: s.kind,
      live,
      pid: live ? s.pid : null,
      cwd: s.cwd,
      host: s.host || null,
      user: s.user,
      lastSeen: s.lastSeen,
      registered: true,
      delivery: s.kind === "claude" ? s.delivery : "inbox",
      deliveryReason: s.kind === "claude" ? s.deliveryReason : "a person or script: replies wait for ask",
      queued: waiting?.count ?? 0,
      oldestQueued: waiting?.oldest ?? null,
      ...stateFields(s, live),
      health: live ? s.health : null
    });
  }
  if (options.includeOffline) {
    const known = new Set(sessions.map((s) => s.name));
    for (const m of mail) {
      const kind = m.recipient.startsWith(CLI_PREFIX) ? "cli" : "claude";
      if (known.has(m.recipient) || !reaches(viewer, {
        project: "",
        kind
      })) continue;
      entries.push({
        name: m.recipient,
        role: "",
        project: "",
        kind,
        live: false,
        pid: null,
        cwd: "",
        host: null,
        user: null,
        lastSeen: 0,
        registered: false,
        delivery: null,
        deliveryReason: "",
        queued: m.count,
        oldestQueued: m.oldest,
        state: "offline",
        stateSince: null,
        statusText: null,
        statusAt: null,
        health: null
      });
    }
  }
  return entries.sort((a, b) => Number(b.live) - Number(a.live) || a.name.localeCompare(b.name));
}
function stateFields(row, live) {
  const { state, since } = shownState(row, live);
  return {
    state,
    stateSince: since,
    statusText: live ? row.statusText : null,
    statusAt: live ? row.statusAt : null
  };
}

export {
  shownState,
  roster
};
