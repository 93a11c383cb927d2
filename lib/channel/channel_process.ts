import { receiverRulesFromEnv } from "../access/receiver_rules.ts";
import { senderPolicyFromEnv } from "../access/sender_policy.ts";
import type { Delivery } from "../bus/bus.ts";
import { openBus } from "../bus/open_bus.ts";
import { CcDmError, errorText } from "../errors.ts";
import { HEARTBEAT_MS, thisProcess } from "../sessions/liveness.ts";
import { type Identity, Membership } from "../sessions/membership.ts";
import type { Env } from "../paths.ts";
import { currentParentPid, loadProcessSupport } from "../process_info.ts";
import { PRUNE_EVERY_MS, RETENTION } from "../mail/retention.ts";
import { DeliveryLoop, SAFETY_POLL_MS } from "./delivery_loop.ts";
import { relayConfigFromEnv } from "../permission/relay_config.ts";
import { PERMISSION_REQUEST_METHOD, PermissionRelay } from "./permission_relay.ts";
import { chooseRoute, type ClaudeSession, probeClaudeSession, type Route } from "./delivery_route.ts";
import { Courier } from "./courier.ts";
import { channelEvent } from "./event.ts";
import { createChannelServer } from "./server.ts";
import { writeInboxFrame } from "../claude_code/inbox_socket.ts";
import { transcriptPath, TranscriptTail } from "../claude_code/transcript.ts";
import { StdioTransport } from "../mcp/stdio_transport.ts";

/** Wait after `initialized` before the first push: Claude Code drops earlier events. */
const FIRST_PUSH_DELAY_MS = 1000;

export interface ChannelOptions {
  env: Env;
  /** Identity from flags or CC_DM_SESSION_*; null starts unregistered. */
  identity: Identity | null;
  cwd: string;
  log: (text: string) => void;
  now?: () => number;
}

/**
 * Run `cc-dm channel` until Claude Code goes away: stdin closes, SIGINT or SIGTERM arrives,
 * or the parent process dies (checked on every housekeeping tick). On the way out the name
 * is released at once and claimed-but-unpushed mail is handed back; nothing else is removed.
 */
export async function runChannel(options: ChannelOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const log = options.log;
  const wake = wakeSettings(options.env);
  // Misconfigured access or relay rules stop the server before it registers: starting without
  // the rules the user asked for would be worse than not starting (main prints the error).
  const access = senderPolicyFromEnv(options.env);
  const receiver = receiverRulesFromEnv(options.env);
  const relayConfig = relayConfigFromEnv(options.env);
  await loadProcessSupport();
  // Taken first: if Claude Code dies while we start, a later read would already see init.
  const parentPid = currentParentPid();

  // Signals first: Claude Code may stop us at any moment, even while we register.
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let shuttingDown = false;
  const shutdown = (why: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`cc-dm channel: stopping (${why})`);
    finish(code);
  };

  const onSignal = (signal: Deno.Signal) => () => shutdown(signal, 0);
  const signals: [Deno.Signal, () => void][] = Deno.build.os === "windows"
    ? [["SIGINT", onSignal("SIGINT")]]
    : [["SIGINT", onSignal("SIGINT")], ["SIGTERM", onSignal("SIGTERM")], ["SIGHUP", onSignal("SIGHUP")]];
  for (const [signal, handler] of signals) Deno.addSignalListener(signal, handler);

  const session = options.env.CLAUDECODE === "1" ? probeClaudeSession(options.env, options.cwd) : null;
  const decision = chooseRoute(options.env, session);
  // Without session persistence Claude Code writes no transcript: nothing could confirm a push.
  const persisted = !session?.claude?.argv.includes("--no-session-persistence");
  const transcript = persisted ? locateTranscript(options.env, session, options.cwd) : null;
  const tail = transcript ? new TranscriptTail(transcript) : null;
  if (!tail && decision.route === "socket") {
    // Nothing would ever prove a frame arrived: leave the mail on the bus instead.
    decision.route = session?.hooksInstalled ? "hooks" : "inbox";
    decision.reason =
      `${decision.reason}, but the session's transcript cannot be located to confirm delivery`;
  }
  log(`cc-dm channel: mail goes by ${decision.route} (${decision.reason})`);
  const bus = await openBus(options.env, { note: log });
  const membership = new Membership({
    bus,
    process: thisProcess(),
    kind: "claude",
    cwd: options.cwd,
    claudeSessionId: options.env.CLAUDE_CODE_SESSION_ID ?? null,
    delivery: decision.route,
    deliveryReason: decision.reason,
    acceptFrom: receiver.acceptFrom,
    rejectFrom: receiver.rejectFrom,
  });

  let startupProblem: string | undefined;
  if (session?.otherChannel) {
    // Two cc-dm servers in one session: the one the flags name delivers; this one stays out
    // of the way (no name, no mail), so no message is shown twice or pushed into the void.
    startupProblem = `this session's cc-dm channel is the other cc-dm server (${session.otherChannel}); ` +
      `this one stays unregistered. Use the tools of that server, and remove the duplicate (cc-dm doctor says how).`;
    log(`cc-dm channel: stepping aside: ${startupProblem}`);
  } else if (options.identity) {
    try {
      await membership.register(options.identity);
    } catch (err) {
      // Start anyway, unregistered: the model is told why and can register another name.
      startupProblem = `could not register as "${options.identity.name}": ${errorText(err)}${
        err instanceof CcDmError && err.hint ? ` ${err.hint}` : ""
      }`;
      log(`cc-dm channel: ${startupProblem}`);
    }
  }

  // Relaying needs push: a pulled verdict would wait for a tool call that may never come.
  const relayOn = relayConfig.enabled && decision.route === "events";
  if (relayConfig.enabled && !relayOn) log(`cc-dm channel: permission relay off: events are not pushed`);
  if (relayOn) {
    const to = relayConfig.approver
      ? `approver "${relayConfig.approver}"`
      : "sessions of this session's project";
    log(`cc-dm channel: permission relay on: tool permission requests go to ${to}`);
    if (!relayConfig.approver && options.identity && !options.identity.project) {
      log(
        "cc-dm channel: permission relay: no CC_DM_PERMISSION_APPROVER and no project tag, so requests are not relayed (any session could answer them); set one of them",
      );
    }
  }

  // The tools need to kick the loop, and the loop needs the server the tools live on.
  const kick = { loop: () => {} };
  const late: { notify: (method: string, params: Record<string, unknown>) => Promise<void> } = {
    notify: () => Promise.reject(new Error("not connected")),
  };
  const relay = new PermissionRelay({ ...relayConfig, enabled: relayOn }, {
    bus,
    membership,
    now,
    log,
    notify: (method, params) => late.notify(method, params),
  });
  const ctx = {
    bus,
    membership,
    now,
    log,
    onRegistered: () => kick.loop(),
    access,
    intercept: (delivery: Delivery) => relay.intercept(delivery),
  };
  // Pushing before the client finished initializing could land before Claude Code listens.
  let initialized: () => void = () => {};
  const ready = new Promise<void>((resolve) => (initialized = resolve));
  const channel = createChannelServer(ctx, {
    startupProblem,
    route: decision.route,
    routeReason: decision.reason,
    onInitialized: () => initialized(),
    permissionRelay: relayOn,
    onNotification: (method, params) => {
      if (method !== PERMISSION_REQUEST_METHOD) return;
      relay.onRequest(params).catch((err) =>
        log(`cc-dm channel: permission relay failed: ${errorText(err)}`)
      );
    },
  });
  late.notify = (method, params) => channel.server.notify(method, params);

  let lastBeat = now();
  let lastHealth: string | null = null;
  let lastPrune = 0;
  let idleCache: { at: number; idle: boolean | null } = { at: -Infinity, idle: null };
  const socketPath = decision.socket.open ? decision.socket.path : null;
  const courier = new Courier({
    route: decision.route,
    bus,
    membership,
    pushEvent: (event) => channel.server.notify("notifications/claude/channel", { ...event }),
    channelEvent,
    writeFrame: (frame) => writeInboxFrame(socketPath!, frame),
    intercept: (delivery) => relay.intercept(delivery),
    tail,
    idle: () => {
      // Claude Code keeps `status` (idle / busy / ...) in its sessions file.
      const t = now();
      if (t - idleCache.at > 200) {
        const status = session?.live()?.status ?? null;
        idleCache = { at: t, idle: status === null ? null : status === "idle" };
      }
      return idleCache.idle;
    },
    now,
    log,
    onRouteFailed: (failed, why) => {
      const next: Route = failed === "events" && socketPath
        ? "socket"
        : session?.hooksInstalled
        ? "hooks"
        : "inbox";
      const reason = `${failed} stopped reaching the model (${why}); switched to ${next}`;
      log(`cc-dm channel: ${reason}`);
      courier.route = next;
      membership.setDelivery(next, reason).catch((err) =>
        log(`cc-dm channel: could not record the delivery route: ${errorText(err)}`)
      );
      loop.kick();
    },
    onReceipt: (route, ms) => {
      if (options.env.CC_DM_DEBUG_RECEIPTS) log(`cc-dm channel: ${route} receipt after ${ms} ms`);
      loop.kick();
    },
  });
  const loop = new DeliveryLoop({
    bus,
    membership,
    deliver: (batch) => courier.deliver(batch),
    accepting: () => courier.accepting(),
    now,
    safetyPollMs: wake.pollMs,
    log,
  });

  kick.loop = () => loop.kick();

  // Housekeeping runs on its own timer, not in the delivery loop: a parent that dies before
  // the client ever initialized must still be noticed.
  const housekeeping = async () => {
    // Orphaned (Claude Code died without closing our stdin): we were re-parented.
    if (currentParentPid() !== parentPid) return shutdown(`parent process ${parentPid} is gone`);
    // `rm -rf ~/.cc-dm` (or a restore) under a running session: rejoin the bus everyone else
    // now uses instead of staying alone on the deleted file.
    if (await bus.reopenIfReplaced?.()) {
      log(`cc-dm channel: the bus at ${bus.location} was replaced or deleted; rejoined the new one`);
      const identity = membership.identity;
      if (identity) await membership.register(identity);
      loop.resubscribe();
    }
    const t = now();
    // The session id changes on /clear, and with it the transcript file.
    if (tail) {
      const path = locateTranscript(options.env, session, options.cwd);
      if (path && path !== tail.path) tail.moveTo(path);
    }
    // A change of the loop's health is published at once, so `who` and `doctor` say it.
    const health = loop.health();
    const healthText = health.state === "ok" ? null : `delivery ${health.state}: ${health.problem}`;
    if (t - lastBeat >= HEARTBEAT_MS || healthText !== lastHealth) {
      lastBeat = t;
      const name = membership.identity?.name;
      const kept = await membership.heartbeat(healthText);
      lastHealth = healthText;
      if (!kept) {
        log(`cc-dm channel: lost the name "${name}" to another session; register again to receive mail`);
      }
    }
    if (t - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = t;
      await bus.prune(RETENTION);
    }
  };
  const housekeepingTimer = setInterval(() => {
    housekeeping().catch((err) => log(`cc-dm channel: housekeeping failed: ${errorText(err)}`));
  }, wake.pollMs ?? SAFETY_POLL_MS);

  const transport = new StdioTransport();
  transport.onclose = () => shutdown("stdin closed");
  channel.server.connect(transport);
  // In pull mode nothing is pushed: mail waits for the hooks and the inbox tool.
  // Claude Code sets up its channel handler ~20 ms after `initialized` and silently drops
  // events that come earlier (seen in the e2e tests): wait a moment before the first push.
  const settled = ready.then(() =>
    new Promise((resolve) => setTimeout(resolve, courier.route === "events" ? FIRST_PUSH_DELAY_MS : 0))
  );
  const running = Promise.race([settled, finished]).then(() => {
    if (shuttingDown || (courier.route !== "events" && courier.route !== "socket")) return;
    // The loop survives its own errors (retry with backoff, poll without wake-ups); it ends
    // only with stop(). Claude Code never restarts us, so no error may end the channel.
    return loop.start();
  });

  const code = await finished;
  clearInterval(housekeepingTimer);
  for (const [signal, handler] of signals) Deno.removeSignalListener(signal, handler);
  // A push stuck on a dead stdout must not keep the name: give the loop a moment, then go.
  await Promise.race([loop.stop().then(() => running), new Promise((r) => setTimeout(r, 1000))]);
  // A last look: what the model already has is acknowledged, the rest is handed back.
  await courier.check().catch(() => {});
  await courier.close().catch((err) => log(`cc-dm channel: could not hand back mail: ${errorText(err)}`));
  try {
    await membership.leave();
  } catch (err) {
    log(`cc-dm channel: could not release the name: ${errorText(err)}`);
  }
  await bus.close();
  return code;
}

/**
 * CC_DM_POLL_MS: the poll period, or the backstop of wake-ups. (Whether the bus wakes readers
 * at all, CC_DM_WAKE, is the engine's setting: lib/bus/sqlite/engine.ts.)
 */
function wakeSettings(env: Env): { pollMs: number | undefined } {
  const raw = env.CC_DM_POLL_MS?.trim();
  const pollMs = raw ? Number(raw) : undefined;
  if (pollMs !== undefined && !(Number.isInteger(pollMs) && pollMs >= 10 && pollMs <= 60_000)) {
    throw new CcDmError(
      `Invalid CC_DM_POLL_MS ${JSON.stringify(raw)}: use whole milliseconds from 10 to 60000`,
      2,
    );
  }
  return { pollMs };
}

/** The transcript of the session that started us: from Claude Code's sessions file, else our env. */
function locateTranscript(env: Env, session: ClaudeSession | null, cwd: string): string | null {
  const live = session?.live();
  const id = live?.sessionId ?? (env.CLAUDE_CODE_SESSION_ID?.trim() || null);
  if (!id) return null;
  return transcriptPath(env, live?.cwd ?? session?.projectDir ?? (env.CLAUDE_PROJECT_DIR?.trim() || cwd), id);
}
