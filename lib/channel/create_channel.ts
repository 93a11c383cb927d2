import type { Bus } from "../bus/bus.ts";
import { openBus } from "../bus/open_bus.ts";
import { writeInboxFrame } from "../claude_code/inbox_socket.ts";
import { transcriptPath, TranscriptTail } from "../claude_code/transcript.ts";
import { CcDmError, errorText } from "../errors.ts";
import { PRUNE_EVERY_MS, RETENTION } from "../mail/retention.ts";
import type { McpServer } from "../mcp/mcp_server.ts";
import type { StdioTransport } from "../mcp/stdio_transport.ts";
import type { Env } from "../paths.ts";
import { HEARTBEAT_MS, type ProcessIdentity, thisProcess } from "../sessions/liveness.ts";
import { Membership } from "../sessions/membership.ts";
import type { ChannelConfig } from "./channel_config.ts";
import type { ChannelContext } from "./context.ts";
import { Courier } from "./courier.ts";
import { DeliveryLoop, SAFETY_POLL_MS } from "./delivery_loop.ts";
import {
  chooseRoute,
  type ClaudeSession,
  probeClaudeSession,
  type Route,
  type RouteDecision,
} from "./delivery_route.ts";
import { channelEvent } from "./event.ts";
import { FirstPush, firstPushPlan } from "./first_push.ts";
import { PERMISSION_REQUEST_METHOD, PermissionRelay } from "./permission_relay.ts";
import { createChannelServer } from "./server.ts";

/** What a channel is built from. Everything but `config`, `env`, `cwd` and `log` has a default. */
export interface ChannelDeps {
  config: ChannelConfig;
  /** The environment Claude Code gave us: the bus location and the facts the probe reads. */
  env: Env;
  cwd: string;
  /** Diagnostics (stderr: stdout is the JSON-RPC stream). */
  log: (text: string) => void;
  now?: () => number;
  /** The bus; default: opened from `env`, and closed with the channel. */
  bus?: Bus;
  /** The Claude Code that started us; default: probed when CLAUDECODE=1, else none. */
  session?: ClaudeSession | null;
  /** The process the bus records as holding the name; default: this one. */
  process?: ProcessIdentity;
  /**
   * "background" (default): delivery runs on its own once the client initialized. "manual":
   * nothing runs until the caller drives `step()` (tests, one round at a time).
   */
  delivery?: "background" | "manual";
}

/** One session's channel, built and registered; serve it with `start`, end it with `close`. */
export interface Channel {
  server: McpServer<ChannelContext>;
  membership: Membership;
  /** The route mail takes now (it may change when a route stops reaching the model). */
  readonly route: Route;
  decision: RouteDecision;
  /** Serve MCP on `transport`; pushing starts once the client can take events (docs/delivery.md). */
  start(transport: StdioTransport): void;
  /** Claim and hand over one batch now; true when more may be waiting (tests, "manual" delivery). */
  step(): Promise<boolean>;
  /** Heartbeat, health, prune, bus file replaced, transcript moved: call every `housekeepingMs`. */
  housekeep(): Promise<void>;
  readonly housekeepingMs: number;
  /** Stop delivery, hand back what the model has not got, give the name up, close the bus. */
  close(): Promise<void>;
}

/**
 * Build the channel from its dependencies, in order: the route (from the Claude Code that
 * started us), the bus and the name, the permission relay, the MCP server, the courier that
 * hands mail over, and the delivery loop. Nothing runs until `start`; stdio, signals and the
 * housekeeping timer belong to the process wrapper (lib/channel/stdio_channel.ts).
 */
export async function createChannel(deps: ChannelDeps): Promise<Channel> {
  const { config, env, cwd, log } = deps;
  const now = deps.now ?? Date.now;
  const session = deps.session !== undefined
    ? deps.session
    : env.CLAUDECODE === "1"
    ? probeClaudeSession(env, cwd)
    : null;

  const { decision, tail } = deliveryRoute(config, env, session, cwd);
  log(`cc-dm channel: mail goes by ${decision.route} (${decision.reason})`);

  const bus = deps.bus ?? await openBus(env, { note: log });
  const membership = new Membership({
    bus,
    process: deps.process ?? thisProcess(),
    kind: "claude",
    cwd,
    claudeSessionId: env.CLAUDE_CODE_SESSION_ID ?? null,
    delivery: decision.route,
    deliveryReason: decision.reason,
    acceptFrom: config.receiver.acceptFrom,
    rejectFrom: config.receiver.rejectFrom,
  });
  const startupProblem = await register(config, session, membership, log);

  // Relaying needs push: a pulled verdict would wait for a tool call that may never come.
  const relayOn = config.relay.enabled && decision.route === "events";
  logRelay(config, relayOn, log);

  // The relay and the courier write to the server, and the server's tools kick the loop: each
  // is built before what uses it and reaches the later ones only through calls made once the
  // channel runs.
  const notify = (method: string, params: Record<string, unknown>) => server.notify(method, params);
  const kick = () => loop.kick();
  const relay = new PermissionRelay({ ...config.relay, enabled: relayOn }, {
    bus,
    membership,
    now,
    log,
    notify,
  });
  // Claude Code drops events that come before its channel handler is set up: the first push
  // waits for the moment it listens (lib/channel/first_push.ts). The socket needs no wait.
  const firstPush = new FirstPush({
    plan: decision.route === "events" ? firstPushPlan(env, config.firstPushDelayMs) : "now",
    delayMs: config.firstPushDelayMs,
    notifyListChanged: () => notify("notifications/tools/list_changed", {}),
  });
  const { server } = createChannelServer({
    bus,
    membership,
    now,
    log,
    onRegistered: kick,
    access: config.access,
    intercept: (delivery) => relay.intercept(delivery),
  }, {
    startupProblem,
    route: decision.route,
    routeReason: decision.reason,
    // Pushing before the client finished initializing could land before Claude Code listens.
    onInitialized: () => firstPush.initialized(),
    onToolsListed: () => firstPush.toolsListed(),
    onToolsListRequest: (count) => firstPush.toolsListRequest(count),
    toolsListChanged: firstPush.declaresListChanged,
    permissionRelay: relayOn,
    onNotification: (method, params) => {
      if (method !== PERMISSION_REQUEST_METHOD) return;
      relay.onRequest(params).catch((err) =>
        log(`cc-dm channel: permission relay failed: ${errorText(err)}`)
      );
    },
  });

  const socketPath = decision.socket.open ? decision.socket.path : null;
  let idleCache: { at: number; idle: boolean | null } = { at: -Infinity, idle: null };
  const courier: Courier = new Courier({
    route: decision.route,
    bus,
    membership,
    pushEvent: (event) => notify("notifications/claude/channel", { ...event }),
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
      kick();
    },
    onReceipt: (route, ms) => {
      if (config.debugReceipts) log(`cc-dm channel: ${route} receipt after ${ms} ms`);
      kick();
    },
  });
  const loop = new DeliveryLoop({
    bus,
    membership,
    deliver: (batch) => courier.deliver(batch),
    accepting: () => courier.accepting(),
    now,
    safetyPollMs: config.pollMs,
    log,
  });

  let closed = false;
  let running: Promise<void> | undefined;
  const housekeeping = new Housekeeping(now);

  return {
    server,
    membership,
    get route() {
      return courier.route;
    },
    decision,
    start(transport) {
      server.connect(transport);
      if (deps.delivery === "manual") return;
      // In pull mode nothing is pushed: mail waits for the hooks and the inbox tool.
      firstPush.ready.then(() => {
        if (closed || (courier.route !== "events" && courier.route !== "socket")) return;
        // The loop survives its own errors (retry with backoff, poll without wake-ups); it ends
        // only with stop(). Claude Code never restarts us, so no error may end the channel.
        if (!closed) running = loop.start();
      });
    },
    step: () => loop.step(),
    housekeepingMs: config.pollMs ?? SAFETY_POLL_MS,
    async housekeep() {
      // `rm -rf ~/.cc-dm` (or a restore) under a running session: rejoin the bus everyone else
      // now uses instead of staying alone on the deleted file.
      if (await bus.reopenIfReplaced?.()) {
        log(`cc-dm channel: the bus at ${bus.location} was replaced or deleted; rejoined the new one`);
        const identity = membership.identity;
        if (identity) await membership.register(identity);
        loop.resubscribe();
      }
      // The session id changes on /clear, and with it the transcript file.
      if (tail) {
        const path = locateTranscript(env, session, cwd);
        if (path && path !== tail.path) tail.moveTo(path);
      }
      await housekeeping.run(bus, membership, loop, log);
    },
    async close() {
      if (closed) return;
      closed = true;
      firstPush.close();
      // A push stuck on a dead stdout must not keep the name: give the loop a moment, then go.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        loop.stop().then(() => running),
        new Promise((r) => (timer = setTimeout(r, 1000))),
      ]);
      clearTimeout(timer);
      // A last look: what the model already has is acknowledged, the rest is handed back.
      await courier.check().catch(() => {});
      await courier.close().catch((err) => log(`cc-dm channel: could not hand back mail: ${errorText(err)}`));
      try {
        await membership.leave();
      } catch (err) {
        log(`cc-dm channel: could not release the name: ${errorText(err)}`);
      }
      if (!deps.bus) await bus.close();
    },
  };
}

/** The route, and the transcript that confirms what it delivers (null: none can be read). */
function deliveryRoute(
  config: ChannelConfig,
  env: Env,
  session: ClaudeSession | null,
  cwd: string,
): { decision: RouteDecision; tail: TranscriptTail | null } {
  const decision = chooseRoute(env, session, config.push);
  // Without session persistence Claude Code writes no transcript: nothing could confirm a push.
  const persisted = !session?.claude?.argv.includes("--no-session-persistence");
  const transcript = persisted ? locateTranscript(env, session, cwd) : null;
  const tail = transcript ? new TranscriptTail(transcript) : null;
  if (!tail && decision.route === "socket") {
    // Nothing would ever prove a frame arrived: leave the mail on the bus instead.
    decision.route = session?.hooksInstalled ? "hooks" : "inbox";
    decision.reason =
      `${decision.reason}, but the session's transcript cannot be located to confirm delivery`;
  }
  return { decision, tail };
}

/** Heartbeat (and health changes, published at once so `who` and `doctor` say them) and prune. */
class Housekeeping {
  #now: () => number;
  #lastBeat: number;
  #lastHealth: string | null = null;
  #lastPrune = 0;

  constructor(now: () => number) {
    this.#now = now;
    this.#lastBeat = now();
  }

  async run(
    bus: Bus,
    membership: Membership,
    loop: DeliveryLoop,
    log: (text: string) => void,
  ): Promise<void> {
    const t = this.#now();
    const health = loop.health();
    const healthText = health.state === "ok" ? null : `delivery ${health.state}: ${health.problem}`;
    if (t - this.#lastBeat >= HEARTBEAT_MS || healthText !== this.#lastHealth) {
      this.#lastBeat = t;
      const name = membership.identity?.name;
      const kept = await membership.heartbeat(healthText);
      this.#lastHealth = healthText;
      if (!kept) {
        log(`cc-dm channel: lost the name "${name}" to another session; register again to receive mail`);
      }
    }
    if (t - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = t;
      await bus.prune(RETENTION);
    }
  }
}

/** Take the configured name; the problem to tell the model when the channel stays unregistered. */
async function register(
  config: ChannelConfig,
  session: ClaudeSession | null,
  membership: Membership,
  log: (text: string) => void,
): Promise<string | undefined> {
  if (session?.otherChannel) {
    // Two cc-dm servers in one session: the one the flags name delivers; this one stays out
    // of the way (no name, no mail), so no message is shown twice or pushed into the void.
    const problem = `this session's cc-dm channel is the other cc-dm server (${session.otherChannel}); ` +
      `this one stays unregistered. Use the tools of that server, and remove the duplicate (cc-dm doctor says how).`;
    log(`cc-dm channel: stepping aside: ${problem}`);
    return problem;
  }
  if (!config.identity) return undefined;
  try {
    await membership.register(config.identity);
    return undefined;
  } catch (err) {
    // Start anyway, unregistered: the model is told why and can register another name.
    const problem = `could not register as "${config.identity.name}": ${errorText(err)}${
      err instanceof CcDmError && err.hint ? ` ${err.hint}` : ""
    }`;
    log(`cc-dm channel: ${problem}`);
    return problem;
  }
}

function logRelay(config: ChannelConfig, relayOn: boolean, log: (text: string) => void): void {
  if (config.relay.enabled && !relayOn) log(`cc-dm channel: permission relay off: events are not pushed`);
  if (!relayOn) return;
  const to = config.relay.approver
    ? `approver "${config.relay.approver}"`
    : "sessions of this session's project";
  log(`cc-dm channel: permission relay on: tool permission requests go to ${to}`);
  if (!config.relay.approver && config.identity && !config.identity.project) {
    log(
      "cc-dm channel: permission relay: no CC_DM_PERMISSION_APPROVER and no project tag, so requests are not relayed (any session could answer them); set one of them",
    );
  }
}

/** The transcript of the session that started us: from Claude Code's sessions file, else our env. */
function locateTranscript(env: Env, session: ClaudeSession | null, cwd: string): string | null {
  const live = session?.live();
  const id = live?.sessionId ?? (env.CLAUDE_CODE_SESSION_ID?.trim() || null);
  if (!id) return null;
  return transcriptPath(env, live?.cwd ?? session?.projectDir ?? (env.CLAUDE_PROJECT_DIR?.trim() || cwd), id);
}
