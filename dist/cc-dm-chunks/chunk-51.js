import {
  isPulled
} from "./chunk-40.js";
import {
  parentOf
} from "./chunk-06.js";

// lib/hook/identity.ts
var ANCESTOR_DEPTH = 3;
async function findHookIdentity(bus, who) {
  const live = (await bus.sessions()).filter((row) => row.kind === "claude" && row.online);
  if (live.length === 0) return null;
  const byId = pick(live.filter((row) => row.claudeSessionId !== null && who.sessionIds.includes(row.claudeSessionId)));
  if (byId) return byId;
  const child = who.claudePid === null ? [] : live.filter((row) => descendsFrom(row.pid, who.claudePid));
  const byPid = child.find((row) => row.name === who.envName) ?? pick(child);
  if (byPid) return byPid;
  if (who.envName) {
    const row = live.find((r) => r.name === who.envName);
    if (row && (row.claudeSessionId === null || child.includes(row))) return row;
  }
  return null;
}
function hookSession(env, inputSessionId) {
  const ids = [
    inputSessionId,
    env.CLAUDE_CODE_SESSION_ID?.trim() || null
  ].filter((id) => !!id);
  const pid = Number(env.CLAUDE_PID);
  return {
    sessionIds: [
      ...new Set(ids)
    ],
    claudePid: Number.isInteger(pid) && pid > 1 ? pid : null,
    envName: env.CC_DM_SESSION_NAME?.trim() || null
  };
}
function pick(rows) {
  if (rows.length <= 1) return rows[0] ?? null;
  return [
    ...rows
  ].sort((a, b) => (isPulled(a.delivery) ? 0 : 1) - (isPulled(b.delivery) ? 0 : 1) || b.startedAt - a.startedAt)[0];
}
function candidateNames(rows, who) {
  const names = new Set(who.envName ? [
    who.envName
  ] : []);
  for (const row of rows) {
    const byId = row.claudeSessionId !== null && who.sessionIds.includes(row.claudeSessionId);
    const byPid = who.claudePid !== null && descendsFrom(row.pid, who.claudePid);
    if (byId || byPid || row.name === who.envName) names.add(row.name);
  }
  return [
    ...names
  ].sort();
}
function descendsFrom(pid, ancestor) {
  let current = pid;
  for (let depth = 0; depth < ANCESTOR_DEPTH && current !== null && current > 1; depth++) {
    current = parentOf(current);
    if (current === ancestor) return true;
  }
  return false;
}

export {
  findHookIdentity,
  hookSession,
  candidateNames
};
