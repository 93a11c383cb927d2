import process from "node:process";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { openBus } from "../bus/open_bus.ts";
import { CcDmError, errorText } from "../errors.ts";
import { HEARTBEAT_MS, thisProcess } from "../liveness.ts";
import { type Identity, Membership } from "../membership.ts";
import type { Env } from "../paths.ts";
import { PRUNE_EVERY_MS, RETENTION } from "../retention.ts";
import { DeliveryLoop } from "./delivery_loop.ts";
import { createChannelServer } from "./server.ts";

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
  const bus = openBus(options.env, { note: log });
  const membership = new Membership({
    bus,
    process: thisProcess(),
    kind: "claude",
    cwd: options.cwd,
    claudeSessionId: options.env.CLAUDE_CODE_SESSION_ID ?? null,
    now,
  });

  let startupProblem: string | undefined;
  if (options.identity) {
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

  // The tools need to kick the loop, and the loop needs the server the tools live on.
  const kick = { loop: () => {} };
  const ctx = { bus, membership, now, log, onRegistered: () => kick.loop() };
  const { server, push } = createChannelServer(ctx, startupProblem);

  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let shuttingDown = false;
  const shutdown = (why: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`cc-dm channel: stopping (${why})`);
    finish(code);
  };

  const parentPid = process.ppid;
  let lastBeat = now();
  let lastPrune = 0;
  const loop = new DeliveryLoop({
    bus,
    membership,
    push,
    now,
    housekeeping: async () => {
      // Orphaned (Claude Code died without closing our stdin): we were re-parented.
      if (process.ppid !== parentPid) return shutdown(`parent process ${parentPid} is gone`);
      const t = now();
      if (t - lastBeat >= HEARTBEAT_MS) {
        lastBeat = t;
        const name = membership.identity?.name;
        if (!(await membership.heartbeat())) {
          log(`cc-dm channel: lost the name "${name}" to another session; register again to receive mail`);
        }
      }
      if (t - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = t;
        await bus.prune(t, RETENTION);
      }
    },
  });

  kick.loop = () => loop.kick();

  const transport = new StdioServerTransport();
  transport.onclose = () => shutdown("transport closed");
  process.stdin.on("end", () => shutdown("stdin closed"));
  process.stdin.on("close", () => shutdown("stdin closed"));
  process.stdout.on("error", () => shutdown("stdout closed"));
  const onSignal = (signal: Deno.Signal) => () => shutdown(signal, 0);
  const signals: [Deno.Signal, () => void][] = Deno.build.os === "windows"
    ? [["SIGINT", onSignal("SIGINT")]]
    : [["SIGINT", onSignal("SIGINT")], ["SIGTERM", onSignal("SIGTERM")], ["SIGHUP", onSignal("SIGHUP")]];
  for (const [signal, handler] of signals) Deno.addSignalListener(signal, handler);

  await server.connect(transport);
  const running = loop.start().catch((err) => {
    log(`cc-dm channel: delivery failed: ${errorText(err)}`);
    shutdown("delivery failure", 1);
  });

  const code = await finished;
  for (const [signal, handler] of signals) Deno.removeSignalListener(signal, handler);
  // A push stuck on a dead stdout must not keep the name: give the loop a moment, then go.
  await Promise.race([loop.stop().then(() => running), new Promise((r) => setTimeout(r, 1000))]);
  try {
    await membership.leave();
  } catch (err) {
    log(`cc-dm channel: could not release the name: ${errorText(err)}`);
  }
  bus.close();
  return code;
}
