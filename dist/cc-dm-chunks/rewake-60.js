import {
  NOTHING,
  busyHook,
  forgetNoMail,
  hookClaimer,
  hookPlace,
  markLastHook,
  openExistingBus,
  pruneMarks,
  readMark,
  removeOwnMark,
  result,
  takeMail,
  tryMark
} from "./chunk-58.js";
import {
  noteState
} from "./chunk-59.js";
import {
  findHookIdentity
} from "./chunk-51.js";
import {
  isPulled
} from "./chunk-40.js";
import {
  pruneNoMailMarks
} from "./chunk-41.js";
import "./chunk-42.js";
import {
  commandLine,
  pidExists
} from "./chunk-06.js";
import "./chunk-43.js";
import "./chunk-44.js";
import "./chunk-45.js";
import "./chunk-07.js";

// lib/hook/claude_run.ts
function rewakeRun(env, commandLine2) {
  const entry = env.CLAUDE_CODE_ENTRYPOINT?.trim() ?? "";
  if (entry === "cli") return "interactive";
  const pid = Number(env.CLAUDE_PID);
  const args = Number.isInteger(pid) && pid > 1 ? commandLine2(pid) : null;
  if (args) {
    const streamed = args.some((a, i) => a === "--input-format=stream-json" || a === "--input-format" && args[i + 1] === "stream-json");
    if (streamed) return "background";
    const print = args.some((a) => a === "-p" || a === "--print");
    if (!print && entry === "") return "interactive";
  }
  if (entry.startsWith("sdk-") && entry !== "sdk-cli") return "background";
  return "foreground";
}

// lib/hook/rewake.ts
var IDENTITY_GRACE_MS = 3e4;
var WAITER_POLL_MS = 5e3;
var MARK_MAX_AGE_MS = 7 * 24 * 36e5;
async function rewakeHook(request, options = {}) {
  const place = hookPlace(request);
  forgetNoMail(place);
  const run = rewakeRun(request.env, options.commandLine ?? commandLine);
  if (run === "foreground" && request.event === "SessionStart") {
    return await busyHook({
      ...request,
      wait: false
    }, place);
  }
  if (run !== "interactive") return await lookOnce(request, place);
  const token = crypto.randomUUID();
  const written = tryMark(place, request.event, token);
  if (written === "later") return NOTHING;
  const mark = {
    token,
    written
  };
  forgetNoMail(place);
  pruneMarks(place.ccDmDir, place.now(), MARK_MAX_AGE_MS);
  pruneNoMailMarks(place.ccDmDir, pidExists);
  let outcome = "done";
  try {
    const found = await waitForMail(request, place, mark, options.pollMs ?? WAITER_POLL_MS, () => {
      outcome = "superseded";
    });
    return found;
  } finally {
    if (outcome === "done" && place.markFile) removeOwnMark(place.markFile, token);
  }
}
async function lookOnce(request, place) {
  markLastHook(place, request.event);
  const bus = await openExistingBus(place);
  if (!bus) return NOTHING;
  try {
    const row = await findHookIdentity(bus, place.who);
    const mail = row && isPulled(row.delivery) ? await takeMail(bus, row.name, hookClaimer()) : null;
    if (row) await noteState(bus, row, mail ? "busy" : "idle", request.input);
    forgetNoMail(place);
    if (mail) return result(bus, mail, {
      stdout: "",
      stderr: mail.text + "\n",
      wake: true
    });
  } catch (err) {
    await bus.close();
    throw err;
  }
  await bus.close();
  return NOTHING;
}
async function waitForMail(request, place, mark, pollMs, superseded) {
  const started = place.now();
  const margin = Math.max(1e3, Math.min(1e4, request.timeoutMs * 0.05));
  const deadline = started + request.timeoutMs - margin;
  const graceEnd = request.event === "SessionStart" ? started + IDENTITY_GRACE_MS : started;
  const claudePid = place.who.claudePid;
  let bus = null;
  let subscription;
  let watching;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  try {
    for (; ; ) {
      const now = place.now();
      if (place.markFile && mark.written === "unwritten") {
        const now2 = tryMark(place, request.event, mark.token);
        if (now2 === "later") {
          superseded();
          return NOTHING;
        }
        mark.written = now2;
      } else if (place.markFile && readMark(place.markFile)?.token !== mark.token) {
        superseded();
        return NOTHING;
      }
      if (claudePid !== null && !pidExists(claudePid)) return NOTHING;
      bus ??= await openExistingBus(place);
      const row = bus ? await findHookIdentity(bus, place.who) : null;
      if (!bus || !row) {
        if (now >= graceEnd || now >= deadline) return NOTHING;
        await sleep(Math.min(1e3, deadline - now));
        continue;
      }
      await noteState(bus, row, "idle", request.input);
      forgetNoMail(place);
      if (!isPulled(row.delivery)) return NOTHING;
      if (watching !== row.name) {
        await subscription?.close();
        subscription = await bus.subscribe(row.name);
        watching = row.name;
      }
      const mail = await takeMail(bus, row.name, hookClaimer());
      if (mail) {
        await noteState(bus, row, "busy", request.input);
        const shown = result(bus, mail, {
          stdout: "",
          stderr: mail.text + "\n",
          wake: true
        });
        bus = null;
        return shown;
      }
      const left = deadline - place.now();
      if (left <= 0) return NOTHING;
      await subscription.next(Math.min(pollMs, left));
    }
  } finally {
    await subscription?.close();
    await bus?.close();
  }
}
export {
  IDENTITY_GRACE_MS,
  WAITER_POLL_MS,
  rewakeHook
};
